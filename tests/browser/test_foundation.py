"""The foundation in a real browser: sign in, register clients, open a couple case, find it;
no serious accessibility violations; the keyboard alone works; 360 px wide works."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from confide.accounts.models import User
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def clinician(transactional_db: Any) -> User:
    user = User(username="dr.rivera", role="clinician", first_name="Elena", last_name="Rivera")
    user.set_password(PASSWORD)
    user.save()
    return user


def register(page: Any, live_server: Any, first: str, last: str, born: str) -> None:
    page.goto(f"{live_server.url}/clients/new/")
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Date of birth").fill(born)
    page.get_by_role("button", name="Register client").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{first} {last}")


def test_a_clinician_registers_a_couple_and_finds_their_case(
    page: Any, live_server: Any, clinician: User
) -> None:
    login(page, live_server, "dr.rivera", PASSWORD)
    assert_accessible(page)

    page.goto(f"{live_server.url}/clients/new/")
    assert_accessible(page)
    register(page, live_server, "Maria", "Alvarez", "1987-06-21")
    assert_accessible(page)
    register(page, live_server, "David", "Alvarez", "1984-01-09")

    page.goto(f"{live_server.url}/cases/new/")
    secrets = page.get_by_role("group", name=re.compile("Secrets policy"))
    page.get_by_label("Title").fill("Alvarez couple therapy")
    page.get_by_label("Individual").check()
    expect(secrets).to_be_hidden()
    page.get_by_label("Couple").check()
    expect(secrets).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("Maria Alvarez")).check()
    page.get_by_label(re.compile("David Alvarez")).check()
    page.get_by_label("Limited secrets").check()
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alvarez couple therapy")
    expect(page.get_by_text("Limited secrets")).to_be_visible()
    agreement = page.get_by_role("region", name="Confidentiality agreement")
    expect(agreement).to_contain_text("Not started")
    expect(agreement.get_by_role("link", name="Agreement")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/cases/")
    expect(page.get_by_role("link", name="Alvarez couple therapy")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/")
    needs_session = "Alvarez couple therapy: no session scheduled"
    expect(page.get_by_role("link", name=needs_session)).to_be_visible()


def test_an_invalid_form_points_to_the_field(page: Any, live_server: Any, clinician: User) -> None:
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/clients/new/")
    page.get_by_label("Last name").fill("Alvarez")
    page.get_by_role("button", name="Register client").click()
    first = page.get_by_label("First name")
    expect(first).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("First name")
    assert_accessible(page)
    page.get_by_role("alert").get_by_role("link", name=re.compile("First name")).click()
    expect(page).to_have_url(re.compile("#id_first_name$"))


def test_keyboard_alone_reaches_the_skip_link_and_main_content(
    page: Any, live_server: Any, clinician: User
) -> None:
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/clients/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab lands inside the main content, not back in the navigation.
    page.keyboard.press("Tab")
    inside_main = page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert inside_main
    # Register a client with the keyboard only.
    page.goto(f"{live_server.url}/clients/new/")
    page.get_by_label("First name").focus()
    page.keyboard.type("Rosa")
    page.keyboard.press("Tab")
    page.keyboard.type("Martinez")
    page.get_by_label("Date of birth").focus()
    page.keyboard.type("02101974")
    page.get_by_role("button", name="Register client").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rosa Martinez")


def test_pages_fit_a_360_px_screen(browser: Any, live_server: Any, clinician: User) -> None:
    from confide.practice import actions

    maria = actions.create_client(
        acting_user=clinician,
        data={
            "first_name": "Maria",
            "last_name": "Alvarez-Fernández",
            "date_of_birth": "1987-06-21",
        },
    )
    actions.add_contact_point(
        acting_user=clinician,
        client=maria,
        data={"kind": "email", "value": "maria.alvarez.fernandez.longaddress@example.com"},
    )
    case = actions.create_case(
        acting_user=clinician,
        title="Alvarez-Fernández individual therapy with a rather long title",
        case_type="individual",
        secrets_policy=None,
        participants=[maria],
    )
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    pages = ["/", "/clients/", "/clients/new/", "/cases/", "/cases/new/"]
    pages += [f"/clients/{maria.pk}/", f"/cases/{case.pk}/", f"/cases/{case.pk}/sessions/new/"]
    try:
        login(page, live_server, "dr.rivera", PASSWORD)
        for path in pages:
            page.goto(f"{live_server.url}{path}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    finally:
        context.close()


def test_a_contact_point_is_added_inline_with_htmx(
    page: Any, live_server: Any, clinician: User
) -> None:
    login(page, live_server, "dr.rivera", PASSWORD)
    refused: list[str] = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    register(page, live_server, "Sarah", "Miller", "2002-03-14")
    url = page.url
    page.get_by_text("Add a contact point").click()
    page.get_by_label("Kind").select_option("phone")
    page.get_by_label("Number, address or email").fill("(415) 555-0142")
    page.get_by_label("We may send text messages").check()
    with page.expect_response(lambda r: "contact-points" in r.url) as answer:
        page.get_by_role("button", name="Add contact point").click()
    assert answer.value.request.headers.get("hx-request") == "true"
    expect(page.locator("#contact-status")).to_contain_text("Contact point added")
    expect(page.get_by_role("heading", name="Contact points")).to_be_focused()
    expect(page.locator("#contact-points")).to_contain_text("May text.")
    assert page.url == url  # swapped in place, no reload
    assert refused == []  # htmx runs within the CSP: no inline styles or scripts
    assert_accessible(page)


def test_the_demo_practice_has_no_serious_accessibility_violations(
    page: Any, live_server: Any, transactional_db: Any
) -> None:
    from django.core.management import call_command

    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    login(page, live_server, "dr.rivera", "confide-demo-2026")
    assert_accessible(page)
    for link in ["Clients", "Cases"]:
        page.get_by_role("navigation", name="Main").get_by_role("link", name=link).click()
        assert_accessible(page)
    page.get_by_role("link", name="Alvarez couple therapy").click()
    assert_accessible(page)
    page.get_by_role("link", name="Maria Alvarez").click()
    assert_accessible(page)
    page.goto(f"{live_server.url}/cases/")
    page.get_by_role("link", name="Jake Thompson: individual therapy").click()
    page.locator("a[href^='/sessions/']").first.click()
    expect(page.get_by_role("heading", name="Agenda")).to_be_visible()
    expect(page.get_by_text("Privacy concern raised by a client")).to_be_visible()
    assert_accessible(page)
