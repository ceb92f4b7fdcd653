"""CSRF: a POST without the token is refused with 403 on every URL that takes a POST, signed
in or not, and changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from confide.accounts.models import User
from confide.audit.models import AuditEvent
from tests.security.conftest import signed_in
from tests.security.urlwalk import routes

pytestmark = pytest.mark.django_db


def _post_everywhere(http: Client) -> list[str]:
    accepted = []
    for route in routes():
        url = route.fill({})
        response = http.post(url, {"text": "forged", "title": "forged", "name": "forged"})
        # 405: the view takes no POST at all (the API's read-only routes answer before CSRF).
        if response.status_code not in {403, 405}:
            accepted.append(f"POST {url} ({route.name}) -> {response.status_code}")
    return accepted


def test_every_post_without_a_token_is_refused_for_a_signed_in_clinician(insider: User) -> None:
    http = signed_in(insider, enforce_csrf_checks=True)
    before = AuditEvent.objects.count()
    accepted = _post_everywhere(http)
    assert not accepted, "accepted without a CSRF token:\n" + "\n".join(accepted)
    added = AuditEvent.objects.filter(seq__gt=before).values_list("action", "summary")
    assert not list(added)


def test_the_api_refuses_a_session_post_without_a_token(insider: User) -> None:
    http = signed_in(insider, enforce_csrf_checks=True)
    response = http.post("/api/v1/advise", data="{}", content_type="application/json")
    assert response.status_code == 403


def test_signing_in_needs_the_token_too(demo: None) -> None:
    http = Client(enforce_csrf_checks=True)
    response = http.post("/accounts/login/", {"username": "dr.rivera", "password": "x"})
    assert response.status_code == 403
    assert "_auth_user_id" not in http.session
