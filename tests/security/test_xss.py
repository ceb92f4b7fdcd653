"""Stored XSS: script and attribute-breaking text typed into every form a clinician can reach
is never sent back as markup, neither on the form's answer nor on any page afterwards."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client

from confide.accounts.models import User
from tests.security.forms import post_forms
from tests.security.urlwalk import routes

pytestmark = pytest.mark.django_db
PAYLOAD = 'Kim<script>alert(1)</script>"><img src=x onerror=alert(1)>'
RAW = ("<script>alert(1)", "<img src=x onerror")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
IDS = range(1, 9)
# Forms whose submission would end the test's own session or account.
SKIP = ("accounts:logout", "accounts:password_change")


def _raw(response: HttpResponse) -> bool:
    html = response.get("Content-Type", "").startswith("text/html")
    body = response.content.decode(errors="replace") if html else ""
    return any(marker in body for marker in RAW)


def _pages(http: Client) -> list[tuple[str, HttpResponse]]:
    found = []
    for route in routes():
        for url in route.with_ints(IDS if len(route.int_params) == 1 else range(1, 4)):
            found.append((url, http.get(url)))
    return found


def test_typed_script_is_never_served_as_markup(insider: User) -> None:
    http = Client()
    http.force_login(insider)
    posted = saved_somewhere = 0
    unescaped: list[str] = []
    for url, page in _pages(http):
        if page.status_code != 200 or any(url.startswith(s) for s in ("/accounts/",)):
            continue
        for form in post_forms(page.content.decode(errors="replace"), PAYLOAD):
            target = form.action or url
            answer = http.post(target, form.data)
            posted += 1
            saved_somewhere += answer.status_code in (301, 302, 303)
            if _raw(answer):
                unescaped.append(f"answer to POST {target} (form on {url})")
            http.force_login(insider)
    assert posted > 20 and saved_somewhere > 5, (posted, saved_somewhere)
    shown_escaped = set()
    for url, page in _pages(http):
        if _raw(page):
            unescaped.append(f"GET {url}")
        if ESCAPED in page.content.decode(errors="replace"):
            shown_escaped.add(url.split("/")[1])
    # The text was saved and shown, as text, across the app (not merely refused everywhere).
    assert len(shown_escaped) >= 3, shown_escaped
    assert not unescaped, "script served as markup:\n" + "\n".join(unescaped)
