"""Signing in and out with the keyboard alone: a wrong password is announced, the right one
gets in, sign-out ends the session."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from confide.accounts.models import User
from confide.audit.models import AuditEvent
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def clinician(transactional_db: Any) -> User:
    user = User(username="dr.rivera", role="clinician", first_name="Elena", last_name="Rivera")
    user.set_password(PASSWORD)
    user.save()
    return user


def tab_to(page: Any, selector: str, limit: int = 30) -> None:
    """Press Tab until `selector` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_sign_in_and_out_with_the_keyboard(page: Any, live_server: Any, clinician: User) -> None:
    page.goto(f"{live_server.url}/clients/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/clients/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)

    tab_to(page, "#id_username")
    page.keyboard.type("dr.rivera")
    page.keyboard.press("Tab")
    page.keyboard.type("not my password")
    page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("do not match")
    assert_accessible(page)

    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/clients/")
    expect(page.get_by_text("Elena Rivera · Clinician")).to_be_visible()

    tab_to(page, "form.signout button")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    actions = list(
        AuditEvent.objects.filter(action__startswith="log").values_list("action", flat=True)
    )
    assert actions == ["login_failed", "login", "logout"]


def test_locked_out_page_after_five_wrong_passwords(
    page: Any, live_server: Any, clinician: User
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(5):
        page.get_by_label("Username").fill("dr.rivera")
        page.get_by_label("Password").fill("wrong wrong wrong")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in locked")
    expect(page.get_by_role("alert")).to_contain_text("Too many wrong passwords")
    assert_accessible(page)
    assert AuditEvent.objects.filter(action="lockout").count() == 1
