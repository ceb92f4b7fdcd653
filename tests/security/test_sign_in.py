"""Sign-in: a new session key at every sign-in (no fixation), and a lockout after repeated
failures that even the right password does not get past."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from confide.practice.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_signing_in_replaces_the_session_key(demo: None) -> None:
    http = Client()
    session = http.session
    session["planted"] = "by an attacker"
    session.save()
    planted = session.session_key
    http.cookies[settings.SESSION_COOKIE_NAME] = planted
    response = http.post("/accounts/login/", {"username": "dr.rivera", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    fresh = http.cookies[settings.SESSION_COOKIE_NAME].value
    assert fresh and fresh != planted
    assert not SessionStore().exists(planted)
    assert http.get("/").status_code == 200


def test_repeated_failures_lock_the_account_even_against_the_right_password(demo: None) -> None:
    http = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        wrong = http.post("/accounts/login/", {"username": "dr.rivera", "password": "guess"})
        assert wrong.status_code in {200, 403, 429}
    right = http.post("/accounts/login/", {"username": "dr.rivera", "password": DEMO_PASSWORD})
    assert right.status_code in {403, 429}
    assert "_auth_user_id" not in http.session
    assert http.get("/").status_code == 302  # still sent to sign in


def test_a_lockout_holds_one_name_from_one_address_only(demo: None) -> None:
    http = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        http.post("/accounts/login/", {"username": "dr.rivera", "password": "guess"})
    other = Client()
    response = other.post("/accounts/login/", {"username": "dr.chen", "password": DEMO_PASSWORD})
    assert response.status_code == 302
