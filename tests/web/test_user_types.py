"""One user type for the access and action modules (`confide.accounts.types`), and the
helpers that turn whoever a request carries into an account, failing closed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

import confide
from confide.accounts.models import Role
from confide.accounts.roles import account, has_role, require_account
from tests.web.test_practice_records import make_user

ROOT = Path(confide.__file__).parent
USER_PARAMETERS = {"user", "viewer", "acting_user", "actor"}


def _typed_modules() -> list[Path]:
    return sorted(
        [*ROOT.glob("*/access.py"), *ROOT.glob("*/actions.py"), ROOT / "accounts" / "roles.py"]
    )


@pytest.mark.parametrize("path", _typed_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_user_parameter_is_typed_any(path: Path) -> None:
    """`Viewer` or `Actor`, never `Any`: mypy then checks what a function does with a user."""
    loose = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef):
            args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            loose += [
                f"{node.name}({a.arg})"
                for a in args
                if a.arg in USER_PARAMETERS and a.annotation and ast.unparse(a.annotation) == "Any"
            ]
    assert loose == []


@pytest.mark.django_db
def test_account_is_the_signed_in_user_or_nobody() -> None:
    rivera = make_user("rivera")
    assert account(rivera) is rivera and require_account(rivera) is rivera
    for nobody in (None, AnonymousUser()):
        assert account(nobody) is None
        with pytest.raises(PermissionDenied):
            require_account(nobody)


@pytest.mark.django_db
def test_has_role_fails_closed_for_nobody_and_for_the_inactive() -> None:
    rivera = make_user("rivera")
    assert has_role(rivera, Role.CLINICIAN) and not has_role(rivera, Role.CLIENT)
    assert not has_role(None, Role.CLINICIAN)
    assert not has_role(AnonymousUser(), Role.CLINICIAN)
    rivera.is_active = False
    assert not has_role(rivera, Role.CLINICIAN)
