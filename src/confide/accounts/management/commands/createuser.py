"""`confide createuser USERNAME --role ROLE [--email E] [--password-stdin]`.

Never prompts unless stdin is a terminal, so scripts and provisioning cannot hang. Without a
password (and without a terminal) the account is created with an unusable password; an
administrator then sets a temporary one in the staff pages.
"""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser

from confide.accounts import actions
from confide.accounts.models import Role, User
from confide.badinput import BadInput


class Command(BaseCommand):
    help = "Create a user with a role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )
        parser.add_argument(
            "--require-two-factor", action="store_true", help="require TOTP at every sign-in"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if User.objects.filter(username=username).exists():
            raise BadInput(f"A user named {username!r} already exists.")
        password = self._password(options["password_stdin"])
        if password is not None:
            try:
                password_validation.validate_password(password, User(username=username))
            except ValidationError as error:
                raise BadInput(" ".join(error.messages)) from error
        data = {
            "username": username,
            "role": options["role"],
            "email": options["email"],
            "first_name": options["first_name"],
            "last_name": options["last_name"],
            "require_two_factor": options["require_two_factor"],
        }
        user = actions.create_staff_user(
            acting_user=None, data=data, password=password, request=None
        )
        self.stdout.write(f"Created {user.username} ({user.get_role_display()}).")

    def _password(self, from_stdin: bool) -> str | None:
        if from_stdin:
            line = sys.stdin.readline().rstrip("\r\n")
            if not line:
                raise BadInput("--password-stdin: no password on stdin.")
            return line
        if not sys.stdin.isatty():
            return None
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise BadInput("The passwords differ.")
        return first or None
