"""`confide serve [--host H] [--port N]`: migrate, load the demo on first start, serve.

Never asks a question, so `make run` works unattended. gunicorn replaces this process, so
stopping it (Ctrl-C) stops the server.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from confide.badinput import BadInput
from confide.crypto import KeyRingError
from confide.keyregistry import verify_ring
from confide.practice.demo import DEMO_PASSWORD, demo_logins, is_demo_practice, load_demo
from confide.practice.models import Practice


def default_port() -> int:
    try:
        return int(os.environ.get("CONFIDE_PORT", "8000"))
    except ValueError:
        raise BadInput("CONFIDE_PORT must be a port number.") from None


def exec_gunicorn(argv: list[str]) -> None:
    """Replace this process with gunicorn, leaving no database connection open behind."""
    connections.close_all()
    sys.stdout.flush()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confide.settings")
    os.execv(sys.executable, argv)  # noqa: S606 - our own interpreter and fixed arguments


class Command(BaseCommand):
    help = "Prepare the database, load the demo practice on first start, and serve confide."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=None, help="Port (CONFIDE_PORT, 8000).")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes.")

    def handle(self, *args: Any, host: str, port: int | None, workers: int, **opts: Any) -> None:
        port = port or default_port()
        call_command("check", deploy=False)
        # Before migrate (which may write), and again after it (a new database registers its
        # ring): a ring that cannot read this database's keys stops here, naming the key.
        self._verify_ring()
        call_command("migrate", interactive=False, verbosity=0)
        self._verify_ring()
        # Idempotent; covers a database migrated before the cache moved there (PostgreSQL).
        call_command("createcachetable", verbosity=0)
        # whitenoise serves from STATIC_ROOT as well as the finders; it warns if it is missing.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        if Practice.current() is None:
            load_demo(say=self.stdout.write)
        self._banner(host, port)
        exec_gunicorn(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "confide.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
            ]
        )

    def _verify_ring(self) -> None:
        try:
            verify_ring()
        except KeyRingError as error:
            raise CommandError(f"confide will not start: {error}.") from None

    def _banner(self, host: str, port: int) -> None:
        shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104
        self.stdout.write(self.style.SUCCESS(f"confide is starting on http://{shown}:{port}/"))
        if is_demo_practice():
            self.stdout.write(f"Demo practice: sign in with password {DEMO_PASSWORD} as")
            for username, note in demo_logins():
                self.stdout.write(f"  {username:<12} {note}")
        self.stdout.write("Stop with Ctrl-C.")
