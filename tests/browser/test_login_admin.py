"""The account and audit pages in a real browser: no serious accessibility violations, and
two-factor enrolment works from the page itself."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from confide.accounts.models import User
from confide.audit.log import record
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def make_user(username: str, role: str, **extra: Any) -> User:
    user = User(username=username, role=role, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_administrator_pages_are_accessible(page: Any, live_server: Any) -> None:
    make_user("ada", "administrator", first_name="Ada", last_name="Lovelace")
    carla = make_user("carla", "clinician")
    record(actor=carla, action="view", client_id=4, summary="Opened a client")
    login(page, live_server, "ada", PASSWORD)

    page.goto(f"{live_server.url}/accounts/staff/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff")
    assert_accessible(page)

    page.get_by_role("link", name="Add a staff member").click()
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Temporary password", exact=True).fill("temporary-passphrase-42")
    page.get_by_label("Temporary password again").fill("something else")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text("correct")
    expect(page.get_by_label("Temporary password again")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.goto(f"{live_server.url}/audit/?client_id=4")
    expect(page.get_by_role("cell", name="Opened a client")).to_be_visible()
    assert_accessible(page)


def test_two_factor_enrolment_from_the_page(page: Any, live_server: Any) -> None:
    carla = make_user("carla", "clinician", require_two_factor=True)
    login_url = f"{live_server.url}/accounts/login/"
    page.goto(login_url)
    page.get_by_label("Username").fill("carla")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/accounts/two-factor/enrol/")
    expect(page.get_by_role("img", name="QR code for your app")).to_be_visible()
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=carla)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("Six-digit code").fill(f"{code:06d}")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_text("Two-factor sign-in is set up.")).to_be_visible()


def test_the_trail_filters_by_case_and_pages_by_keyboard(page: Any, live_server: Any) -> None:
    make_user("olive", "privacy_officer")
    for i in range(60):
        record(actor=None, action="change", case_id=9, summary=f"case nine, change {i}.")
    record(actor=None, action="change", case_id=10, summary="another case")
    login(page, live_server, "olive", PASSWORD)
    page.goto(f"{live_server.url}/audit/")
    page.get_by_label("Case number").fill("9")
    page.get_by_label("Case number").press("Enter")
    expect(page.get_by_role("cell", name="case nine, change 59.")).to_be_visible()
    expect(page.get_by_role("cell", name="another case")).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text("older events follow")
    older = page.get_by_role("link", name="Older events")
    older.focus()
    older.press("Enter")
    expect(page.get_by_role("cell", name="case nine, change 0.")).to_be_visible()
    expect(page.get_by_role("link", name="Newer events")).to_be_visible()
    assert_accessible(page)
