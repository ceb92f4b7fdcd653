"""Security headers and a strict CSP on every page: signed in or not, found or not, HTML or
JSON or a download."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client

from confide.accounts.models import User
from tests.security.conftest import signed_in
from tests.security.urlwalk import routes

pytestmark = pytest.mark.django_db


def _problems(url: str, response: HttpResponse) -> list[str]:
    found = []
    if response.get("X-Frame-Options") != "DENY":
        found.append("X-Frame-Options is not DENY")
    if response.get("X-Content-Type-Options") != "nosniff":
        found.append("no nosniff")
    if response.get("Referrer-Policy") not in {"same-origin", "no-referrer", "strict-origin"}:
        found.append(f"Referrer-Policy {response.get('Referrer-Policy')!r}")
    csp = response.get("Content-Security-Policy", "")
    directives = dict([*d.strip().split(" ", 1), ""][:2] for d in csp.split(";") if d.strip())
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        found.append("CSP allows unsafe-inline or unsafe-eval")
    if directives.get("script-src") != "'self'":
        found.append(f"script-src {directives.get('script-src')!r}")
    if directives.get("style-src") != "'self'":
        found.append(f"style-src {directives.get('style-src')!r}")
    if directives.get("frame-ancestors") != "'none'":
        found.append("frame-ancestors is not 'none'")
    return [f"{url} ({response.status_code}): {p}" for p in found]


def test_every_page_a_clinician_opens_sends_the_headers(insider: User) -> None:
    http = signed_in(insider)
    problems: list[str] = []
    pages = 0
    for route in routes():
        url = route.fill({})
        response = http.get(url)
        pages += 1
        problems += _problems(url, response)
        if "no-store" not in response.get("Cache-Control", ""):
            problems.append(f"{url} ({response.status_code}): may be cached (no no-store)")
    assert pages > 50
    assert not problems, "\n".join(problems)


def test_public_pages_send_the_headers(demo: None) -> None:
    http = Client()
    problems: list[str] = []
    for url in ["/accounts/login/", "/healthz"]:
        problems += _problems(url, http.get(url))
    assert not problems, "\n".join(problems)


def test_answers_to_strangers_send_the_headers(demo: None) -> None:
    http = Client()
    problems: list[str] = []
    for url in ["/", "/no-such-page/", "/api/v1/openapi.json"]:
        problems += _problems(url, http.get(url))
    assert not problems, "\n".join(problems)


def test_the_sign_in_page_is_not_cached_but_static_files_may_be(demo: None) -> None:
    http = Client()
    assert "no-store" in http.get("/accounts/login/")["Cache-Control"]
    static = http.get("/static/confide/confide.css")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")
