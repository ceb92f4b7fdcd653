"""Portal accounts in a real browser, by keyboard, with axe: a clinician invites a client to
an address on file from the client page's portal-access panel; the client takes it up with
their date of birth; the clinician revokes access and the client's open page is signed out;
a client resets a forgotten password from the sign-in page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from confide.accounts.models import User
from confide.practice import actions as practice_actions
from confide.practice.models import Client
from tests.browser.conftest import assert_accessible, login
from tests.web.test_agreements_support import make_case, make_client, make_practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"
CLIENT_PASSWORD = "a long and unusual passphrase"
NEW_PASSWORD = "another quite long passphrase"
DOB = "2000-03-14"


@pytest.fixture
def clinician(transactional_db: Any) -> User:
    make_practice()
    user = User(username="dr.rivera", role="clinician", first_name="Elena", last_name="Rivera")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def sarah(clinician: User) -> Client:
    client = make_client(clinician, "Sarah")
    make_case(clinician, client, title="Sarah Miller: individual")
    practice_actions.add_contact_point(
        acting_user=clinician,
        client=client,
        data={"kind": "email", "value": "sarah@example.org", "may_email": True, "label": "home"},
    )
    return client


def last_link(pattern: str) -> str:
    found = re.search(pattern, str(mail.outbox[-1].body))
    assert found, mail.outbox[-1].body
    return found.group(0)


def invite_by_keyboard(page: Any, live_server: Any, sarah: Client) -> str:
    page.goto(f"{live_server.url}/clients/{sarah.pk}/")
    panel = page.get_by_role("region", name="Portal access")
    expect(panel.get_by_text("No portal access")).to_be_visible()
    assert_accessible(page)
    panel.get_by_role("link", name=re.compile("Invite to the portal")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite Sarah Miller to the portal")
    assert_accessible(page)
    group = page.get_by_role("group", name=re.compile("Send the invitation to"))
    group.get_by_label("sarah@example.org (home)").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Send invitation").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Invitation sent to sarah@example.org")).to_be_visible()
    return last_link(r"https?://\S+/portal/invite/\S+/")


def test_invite_accept_with_date_of_birth_then_revoke(
    page: Any, browser: Any, live_server: Any, clinician: User, sarah: Client
) -> None:
    login(page, live_server, "dr.rivera", PASSWORD)
    link = invite_by_keyboard(page, live_server, sarah)
    page.goto(f"{live_server.url}/clients/{sarah.pk}/")
    panel = page.get_by_role("region", name="Portal access")
    expect(panel.get_by_text("Invited", exact=True)).to_be_visible()
    expect(panel.get_by_text(re.compile("to sarah@example.org"))).to_be_visible()

    context = browser.new_context()
    client_page = context.new_page()
    client_page.goto(link)
    assert_accessible(client_page)
    client_page.get_by_label("Your date of birth").fill("1999-01-01")
    client_page.get_by_label("Choose a password").fill(CLIENT_PASSWORD)
    client_page.get_by_label("Type the password again").fill(CLIENT_PASSWORD)
    client_page.get_by_role("button", name="Set my password").click()
    expect(client_page.get_by_role("alert")).to_contain_text("does not match our records")
    assert_accessible(client_page)
    client_page.get_by_label("Your date of birth").fill(DOB)
    client_page.get_by_label("Choose a password").fill(CLIENT_PASSWORD)
    client_page.get_by_label("Type the password again").fill(CLIENT_PASSWORD)
    client_page.get_by_label("Type the password again").press("Enter")
    expect(client_page.get_by_role("heading", level=1)).to_contain_text("Hello")

    page.goto(f"{live_server.url}/clients/{sarah.pk}/")
    panel = page.get_by_role("region", name="Portal access")
    expect(panel.get_by_text("Active", exact=True)).to_be_visible()
    assert_accessible(page)
    panel.get_by_role("link", name=re.compile("Revoke portal access")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Revoke Sarah Miller's portal access")
    assert_accessible(page)
    page.get_by_role("button", name="Revoke portal access").focus()
    page.keyboard.press("Enter")  # without the tick: refused, nothing changed
    expect(page.get_by_role("alert")).to_contain_text("Tick the box")
    assert_accessible(page)
    page.get_by_label(re.compile("I understand")).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Revoke portal access").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Portal access revoked")).to_be_visible()
    expect(page.get_by_role("region", name="Portal access").get_by_text("Revoked")).to_be_visible()

    client_page.reload()
    expect(client_page.get_by_role("heading", level=1)).to_have_text("Sign in")
    context.close()


def test_reset_a_forgotten_password_from_the_sign_in_page(
    page: Any, live_server: Any, clinician: User, sarah: Client
) -> None:
    from confide.portal import actions as portal_actions

    point = sarah.contact_points.get()
    invite, _token = portal_actions.create_invite(
        acting_user=clinician, client=sarah, contact_point=point
    )
    portal_actions.accept_invite(
        acting_user=None, invite=invite, date_of_birth=sarah.date_of_birth, password=PASSWORD
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name=re.compile("Forgot your password")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    assert_accessible(page)
    page.get_by_label("Your email address").fill("sarah@example.org")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)
    assert mail.outbox[-1].to == ["sarah@example.org"]
    page.goto(last_link(r"https?://\S+/portal/reset/\S+/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is changed")
    assert_accessible(page)
    page.get_by_role("link", name="Sign in").click()
    page.locator("input[name=username]").fill("sarah@example.org")
    page.locator("input[name=password]").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    assert "account was just changed" in mail.outbox[-1].body
