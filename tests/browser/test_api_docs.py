"""The API documentation renders in a real browser under the strict CSP (no CDN, no violation)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.browser.conftest import login

PASSWORD = "a long enough passphrase"


@pytest.mark.django_db(transaction=True)
def test_swagger_ui_renders_from_our_static_files(page: Any, live_server: Any) -> None:
    get_user_model().objects.create_user(username="dr-docs", password=PASSWORD, role="clinician")
    refused: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.on(
        "request",
        lambda r: foreign.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    login(page, live_server, "dr-docs", PASSWORD)
    page.goto(f"{live_server.url}/api/v1/docs")
    # Swagger UI draws the API's title and its operations from /api/v1/openapi.json.
    page.locator(".swagger-ui .info .title").filter(has_text="confide").wait_for()
    assert page.locator(".opblock").count() > 0
    assert refused == [], refused
    assert foreign == [], foreign
