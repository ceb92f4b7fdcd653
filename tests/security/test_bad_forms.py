"""Bad input through forms: every form a clinician reaches, sent empty or with malformed typed
values, either answers with a message or (where the input happens to be valid) saves; it never
fails with 5xx, and a refusal changes no row and records no change."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client

from confide.accounts.models import User
from confide.audit.models import AuditEvent
from tests.security.forms import TYPED, post_forms
from tests.security.test_xss import _pages

pytestmark = pytest.mark.django_db
IGNORED = {"audit.AuditEvent", "sessions.Session", "axes.AccessLog", "axes.AccessAttempt"}
MALFORMED = {
    "date": "2026-02-30",
    "datetime-local": "yesterday at noon",
    "time": "25:61",
    "number": "-1e999",
    "email": "not an address",
    "tel": "call me",
    "url": "javascript:alert(1)",
}
SAYS_WHY = ("aria-invalid", "error", "please", "cannot", "must", "required", "not ")


def _rows() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.label not in IGNORED
    }


def _malformed(data: dict[str, list[str]], typed: dict[str, str]) -> dict[str, list[str]]:
    """Typed fields garbled, choices unknown, hidden fields (CSRF, ids) kept."""
    garbled = {}
    for name, values in data.items():
        value = values[0] if values else ""
        kind = next((k for k, v in TYPED.items() if v == value), None)
        if kind:
            garbled[name] = [typed[kind]]
        elif value == "__text__":
            garbled[name] = ["   "]
        else:
            garbled[name] = ["no-such-choice" if value.isdigit() else value]
    return garbled


def test_malformed_forms_are_refused_with_a_message_and_change_nothing(insider: User) -> None:
    http = Client()
    http.force_login(insider)
    problems: list[str] = []
    tried = 0
    for url, page in _pages(http):
        if page.status_code != 200 or url.startswith("/accounts/"):
            continue
        for form in post_forms(page.content.decode(errors="replace"), "__text__"):
            target = form.action or url
            for data in ({"csrfmiddlewaretoken": ["x"]}, _malformed(form.data, MALFORMED)):
                before, seq = _rows(), AuditEvent.objects.count()
                answer = http.post(target, data)
                tried += 1
                http.force_login(insider)
                if answer.status_code >= 500:
                    problems.append(f"POST {target} -> {answer.status_code}")
                if answer.status_code in (301, 302, 303):
                    continue  # the input was valid after all; saving it is right
                body = answer.content.decode(errors="replace").lower()
                if answer.status_code < 500 and not any(w in body for w in SAYS_WHY):
                    problems.append(f"POST {target} -> {answer.status_code} without a message")
                if _rows() != before:
                    problems.append(
                        f"POST {target} refused ({answer.status_code}) but rows changed"
                    )
                writes = AuditEvent.objects.filter(seq__gt=seq).exclude(
                    action__in=["view", "login"]
                )
                if writes.exists():
                    problems.append(f"POST {target} refused but audited {list(writes)}")
    assert tried > 40, tried
    assert not problems, "\n".join(problems)
