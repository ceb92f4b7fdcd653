"""`/healthz` answers anyone with "ok" and touches no database."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_is_public_and_needs_no_database(django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_refuses_writes() -> None:
    assert Client().post("/healthz").status_code == 405
