"""`/api/v1/docs` works under the strict CSP: every script and stylesheet is our own."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

DOCS = "/api/v1/docs"


@pytest.fixture
def staff(db: None) -> Client:
    user = get_user_model().objects.create_user(
        username="dr-docs", password="a long enough passphrase", role="clinician"
    )
    client = Client()
    client.force_login(user)
    return client


def _assets(html: str) -> list[str]:
    scripts = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", html)
    styles = re.findall(r"<link[^>]*\bhref=\"([^\"]+)\"", html)
    return scripts + styles


def test_docs_load_swagger_from_our_own_static_files(staff: Client) -> None:
    page = staff.get(DOCS)
    assert page.status_code == 200
    html = page.content.decode()
    assets = _assets(html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets), assets
    for url in assets:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, f"{url} is not same-origin"
        assert url.startswith("/static/"), url
        served = staff.get(url)
        assert served.status_code == 200, url
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "cdn" not in policy
    # No inline script runs (the CSP would block it): only JSON data and external files.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all('type="application/json"' in attrs for attrs in inline), inline


def test_docs_need_a_signed_in_user() -> None:
    answer = Client().get(DOCS)
    assert answer.status_code in (302, 401, 404)
