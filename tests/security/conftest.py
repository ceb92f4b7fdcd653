"""The demo practice (every app's part of it) and a clinician who has no part in any of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from confide.accounts.models import Role, User
from confide.practice.demo import load_demo

PASSWORD = "an outsider's long passphrase"


@pytest.fixture
def demo(db: None) -> None:
    load_demo(say=lambda _message: None)


@pytest.fixture
def outsider(demo: None) -> User:
    return User.objects.create_user(username="outsider", password=PASSWORD, role=Role.CLINICIAN)


@pytest.fixture
def insider(demo: None) -> User:
    return User.objects.get(username="dr.rivera")


def signed_in(user: Any, **options: Any) -> Client:
    http = Client(**options)
    http.force_login(user)
    return http
