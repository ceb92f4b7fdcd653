"""`confide createuser`: scriptable, never prompts without a terminal, audited."""

from __future__ import annotations

import io
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def run(monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str) -> str:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))  # StringIO is not a TTY
    out = io.StringIO()
    call_command("createuser", *args, stdout=out)
    return out.getvalue()


def test_password_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    out = run(
        monkeypatch,
        "a-long-enough-passphrase\n",
        "olive",
        "--role",
        "privacy_officer",
        "--email",
        "olive@example.org",
        "--password-stdin",
    )
    assert "Created olive (Privacy officer)" in out
    olive = User.objects.get(username="olive")
    assert olive.check_password("a-long-enough-passphrase") and olive.email == "olive@example.org"
    assert not olive.must_change_password
    event = AuditEvent.objects.get(action="create")
    assert event.actor is None and event.target_id == str(olive.pk)
    assert verify_chain().ok


def test_without_a_terminal_it_never_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_prompt(*args: object) -> str:
        raise AssertionError("prompted without a terminal")

    monkeypatch.setattr("getpass.getpass", no_prompt)
    run(monkeypatch, "", "carla", "--role", "clinician")
    assert not User.objects.get(username="carla").has_usable_password()


@pytest.mark.parametrize(
    ("stdin", "args", "message"),
    [
        ("short\n", ["sam", "--role", "clinician", "--password-stdin"], "too short"),
        ("", ["sam", "--role", "clinician", "--password-stdin"], "no password"),
        (
            "a-long-enough-passphrase\n",
            ["taken", "--role", "clinician", "--password-stdin"],
            "exists",
        ),
    ],
)
def test_bad_input_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, stdin: str, args: list[str], message: str
) -> None:
    User.objects.create(username="taken")
    with pytest.raises(CommandError, match=message):
        run(monkeypatch, stdin, *args)
    assert list(User.objects.values_list("username", flat=True)) == ["taken"]
    assert AuditEvent.objects.count() == 0


def test_unknown_role_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CommandError):
        run(monkeypatch, "", "sam", "--role", "emperor")
    assert not User.objects.filter(username="sam").exists()
