"""System checks refuse each unsafe production setting, and pass the safe defaults."""

from __future__ import annotations

import pytest
from django.core import checks
from django.test import override_settings

from confide.paths import new_aes_key


def error_ids() -> set[str]:
    return {
        m.id
        for m in checks.run_checks(tags=[checks.Tags.security])
        if m.id and m.id.startswith("confide.")
    }


def test_safe_defaults_pass() -> None:
    assert error_ids() == set()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"DEBUG": True, "ALLOWED_HOSTS": ["confide.example.org"]}, "confide.E001"),
        ({"DEBUG": True, "ALLOWED_HOSTS": ["*"]}, "confide.E001"),
        ({"SECRET_KEY": "short"}, "confide.E002"),
        ({"SECRET_KEY": "a" * 80}, "confide.E002"),
        ({"DATA_KEYS": ""}, "confide.E003"),
        ({"DATA_KEYS": "dG9vLXNob3J0"}, "confide.E003"),
        ({"DATA_KEYS": "not base64 at all!"}, "confide.E003"),
        (
            {"HTTPS": True, "SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": True},
            "confide.E004",
        ),
        (
            {"HTTPS": True, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": False},
            "confide.E005",
        ),
    ],
)
def test_each_unsafe_setting_is_an_error(overrides: dict[str, object], expected: str) -> None:
    with override_settings(**overrides):
        found = [m for m in checks.run_checks(tags=[checks.Tags.security]) if m.id == expected]
    assert len(found) == 1
    assert found[0].level == checks.ERROR and found[0].hint


def test_debug_on_loopback_and_a_full_key_ring_are_fine() -> None:
    ring = f"{new_aes_key()},{new_aes_key()}"
    with override_settings(
        DEBUG=True, ALLOWED_HOSTS=["127.0.0.1", "localhost", "[::1]"], DATA_KEYS=ring
    ):
        assert error_ids() == set()
    with override_settings(HTTPS=True, SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True):
        assert error_ids() == set()


def test_checks_stop_the_server_commands() -> None:
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    with (
        override_settings(SECRET_KEY="short"),
        pytest.raises(SystemCheckError, match=r"confide\.E002"),
    ):
        call_command("check")
