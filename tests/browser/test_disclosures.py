"""Sarah Miller's parents ask, in a real browser: the public form, a general-information reply,
Sarah's signed authorization in the portal, a release limited to its scope, and the entry in
Sarah's accounting. Labels, keyboard use, axe and 360 px are checked along the way."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from confide.accounts.models import User
from confide.disclosures.models import Release
from confide.practice import actions
from confide.practice.models import Client
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def make_user(username: str, role: str) -> User:
    user = User(username=username, role=role, first_name=username.title())
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def world(transactional_db: Any) -> dict[str, Any]:
    rivera = make_user("dr.rivera", "clinician")
    actions.ensure_practice(
        acting_user=rivera,
        name="Harbor Light Counseling",
        jurisdiction="US-CA",
        licence_types=["PsyD"],
    )
    today = timezone.localdate()
    sarah = actions.create_client(
        acting_user=rivera,
        data={
            "first_name": "Sarah",
            "last_name": "Miller",
            "date_of_birth": dt.date(today.year - 25, 3, 14),
        },
    )
    case = actions.create_case(
        acting_user=rivera,
        title="Sarah Miller: individual therapy",
        case_type="individual",
        secrets_policy=None,
        participants=[sarah],
    )
    held = actions.schedule_session(
        acting_user=rivera, case=case, starts_at=timezone.now() - dt.timedelta(days=7)
    )
    actions.set_session_status(acting_user=rivera, session=held, status="held")
    portal = make_user("sarah", "client")
    Client.objects.filter(pk=sarah.pk).update(portal_user=portal)
    return {"rivera": rivera, "sarah": sarah}


def ask_publicly(browser: Any, live_server: Any, information: list[str]) -> None:
    """Linda Miller fills the public form, with the keyboard, in a fresh context."""
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/disclosures/public/")
    assert_accessible(page)
    page.get_by_label("Your name").fill("Linda Miller")
    page.get_by_label("You are asking as").select_option("parent")
    page.get_by_label("Your relationship to the person").fill("Mother")
    page.get_by_label("How to reach you").fill("(415) 555-0190")
    page.get_by_label("Name of the person you are asking about").fill("Sarah Miller")
    for label in information:
        page.get_by_label(label, exact=True).check()
    page.get_by_label("Why you need it").select_option("concern_for_wellbeing")
    page.get_by_role("button", name="Send request").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Request received")
    expect(page.get_by_text("does not confirm or deny")).to_be_visible()
    assert "Sarah" not in page.content()
    context.close()


def open_newest_request(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Requests").click()
    assert_accessible(page)
    page.get_by_role("row").nth(1).get_by_role("link").click()
    page.get_by_label("Client", exact=True).select_option(label="Sarah Miller")
    page.get_by_role("button", name="Match request").click()
    expect(page.get_by_text("Request matched to the client.")).to_be_visible()


def test_parents_request_from_public_form_to_accounting(
    browser: Any, page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    # 1. The parents ask; the clinician gives general information and releases nothing.
    ask_publicly(browser, live_server, ["Treatment progress"])
    login(page, live_server, "dr.rivera", PASSWORD)
    open_newest_request(page, live_server)
    expect(page.locator("[data-outcome]")).to_have_text("general information only")
    expect(page.get_by_text("the clinician decides").first).to_be_visible()
    assert_accessible(page)
    reply = page.get_by_label("Reply to the requester")
    expect(reply).to_contain_text("confidential")
    page.get_by_label("Accept the advice").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Nothing to release")).to_be_visible()
    assert Release.objects.count() == 0

    # 2. Sarah signs an authorization in the portal naming her mother and general progress.
    sarah_page = browser.new_context(viewport={"width": 360, "height": 800}).new_page()
    sarah_page.goto(f"{live_server.url}/accounts/login/?next=/disclosures/portal/authorizations/")
    sarah_page.get_by_label("Username").fill("sarah")
    sarah_page.get_by_label("Password").fill(PASSWORD)
    sarah_page.get_by_role("button", name="Sign in").click()
    expect(sarah_page.get_by_role("heading", level=1)).to_have_text("Your authorizations")
    sarah_page.get_by_role("link", name="Grant an authorization").click()
    assert_accessible(sarah_page)
    sarah_page.get_by_label("Kind of authorization").select_option("standard")
    sarah_page.get_by_label("General progress", exact=True).check()
    sarah_page.get_by_label("Description of the information, in your words").fill(
        "How I am doing in general"
    )
    sarah_page.get_by_label("Who may receive it").fill("Linda Miller")
    expires = (timezone.localdate() + dt.timedelta(days=180)).isoformat()
    sarah_page.get_by_label("Expires on").fill(expires)
    sarah_page.get_by_label(re.compile("I have read the statements")).check()
    sarah_page.get_by_label("Signature: type your full name").fill("Sarah Miller")
    sarah_page.get_by_role("button", name="Sign authorization").click()
    expect(sarah_page.locator("[data-status]")).to_have_text("Active")
    assert_accessible(sarah_page)

    # 3. The parents ask again, for more; only what the authorization covers may go.
    ask_publicly(browser, live_server, ["General progress", "Progress notes"])
    open_newest_request(page, live_server)
    expect(page.locator("[data-outcome]")).to_have_text(re.compile("disclose"))
    page.get_by_label("Accept the advice").check()
    page.get_by_role("button", name="Record decision").click()
    release_form = page.locator("form", has=page.get_by_role("button", name="Release and record"))
    expect(release_form.get_by_label("General progress")).to_be_checked()
    expect(release_form.get_by_label("Progress notes")).to_have_count(0)
    page.get_by_label("Summary for the recipient").fill("Sarah attends and is doing well.")
    page.get_by_role("button", name="Release and record").click()
    expect(page.get_by_role("heading", name="Release of information")).to_be_visible()
    expect(page.get_by_text("may not be further disclosed")).to_be_visible()
    assert_accessible(page)
    release = Release.objects.get()
    assert release.categories == ["general_progress"]

    # 4. Sarah reads the release in her accounting, marked as authorized by her.
    sarah_page.goto(f"{live_server.url}/disclosures/portal/accounting/")
    expect(sarah_page.get_by_role("heading", level=1)).to_have_text("Accounting of disclosures")
    row = sarah_page.get_by_role("row", name=re.compile("Linda Miller"))
    expect(row).to_contain_text("Under the client's authorization")
    assert_accessible(sarah_page)
    assert sarah_page.evaluate("document.documentElement.scrollWidth") <= 360
    sarah_page.context.close()


def test_ask_confide_by_keyboard_at_360_px(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/disclosures/ask/")
    assert_accessible(page)
    page.get_by_label("Client's age").fill("30")
    page.get_by_label("Requester", exact=True).select_option("attorney")
    asked = page.get_by_role("group", name="Information asked for")
    asked.get_by_label("Progress notes", exact=True).focus()
    page.keyboard.press("Space")
    expect(asked.get_by_label("Progress notes", exact=True)).to_be_checked()
    page.get_by_label("Purpose", exact=True).select_option("legal_proceeding")
    page.get_by_label("Legal process").select_option("subpoena")
    page.get_by_role("button", name="Ask").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-outcome]")).to_have_text("decline")
    # How sure the advice is sits beside the outcome: the subpoena rules are not verified in
    # the official text, so the page says so, and each basis item carries its confidence.
    verification = page.locator("[data-verified]")
    expect(verification).to_have_attribute("data-verified", "false")
    expect(verification).to_have_text("Not verified: check the text")
    expect(page.locator(".basis")).to_contain_text("45 CFR 164.512(e)(1)(ii)-(vi)")
    expect(page.locator(".basis")).to_contain_text("secondary source")
    assert_accessible(page)
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > 361)"
        ".map(e => e.tagName + '.' + e.className + ':' + (e.textContent || '').slice(0, 40))"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, wide


def test_a_client_page_of_authorizations_and_releases_is_accessible(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/disclosures/clients/{world['sarah'].pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sarah Miller")
    assert_accessible(page)
    page.get_by_role("link", name="Record a signed authorization").click()
    page.get_by_role("button", name="Record authorization").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check the form")
    expect(page.get_by_label("Who may receive it")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_staff_record_a_request_about_one_of_their_cases_by_keyboard(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    """The staff request form names the case the request concerns, from the viewer's own
    cases only: only that case's clinicians will see the request."""
    chen = make_user("dr.chen", "clinician")
    other = actions.create_client(
        acting_user=chen,
        data={"first_name": "Minh", "last_name": "Nguyen", "date_of_birth": dt.date(1980, 1, 2)},
    )
    actions.create_case(
        acting_user=chen,
        title="Nguyen individual therapy",
        case_type="individual",
        secrets_policy=None,
        participants=[other],
    )
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/disclosures/requests/new/")
    assert_accessible(page)
    case_field = page.get_by_label("Case the request concerns")
    expect(case_field.locator("option", has_text="Sarah Miller: individual therapy")).to_have_count(
        1
    )
    expect(case_field.locator("option", has_text="Nguyen individual therapy")).to_have_count(0)
    expect(page.get_by_label("Client (if known)").locator("option", has_text="Minh")).to_have_count(
        0
    )
    page.get_by_label("Requester's name").fill("Dr. Ana Ruiz")
    page.get_by_label("The requester is").select_option("treating_provider")
    page.get_by_label("Requester's contact details").fill("(415) 555-0100")
    page.get_by_label("Name of the person asked about").fill("Sarah Miller")
    page.get_by_label("Attendance", exact=True).check()
    page.get_by_label("Why you need it").select_option("treatment")
    page.get_by_label("Client (if known)").select_option(label="Sarah Miller")
    case_field.focus()
    page.keyboard.press("ArrowDown")
    expect(case_field).to_have_value(str(world["sarah"].participations.get().case_id))
    page.get_by_role("button", name="Record request").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Request recorded.")).to_be_visible()
    expect(page.get_by_text("Sarah Miller · Sarah Miller: individual therapy")).to_be_visible()
    assert_accessible(page)


def test_a_client_revokes_her_authorization_after_ticking_that_she_understands(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    from confide.disclosures import actions as disclosure_actions
    from confide.disclosures.models import Authorization

    portal_user = User.objects.get(username="sarah")
    sarah = Client.objects.get(pk=world["sarah"].pk)  # now linked to her portal account
    auth = disclosure_actions.create_authorization(
        acting_user=portal_user,
        client=sarah,
        data={
            "kind": "standard",
            "information": ["general_progress"],
            "information_description": "How I am doing in general",
            "discloser": "Harbor Light Counseling",
            "recipient_name": "Linda Miller",
            "purpose": "At my request",
            "expires_on": timezone.localdate() + dt.timedelta(days=90),
            "statements_acknowledged": True,
        },
        signed_name="Sarah Miller",
    )
    page.goto(f"{live_server.url}/accounts/login/?next=/disclosures/portal/authorizations/")
    page.get_by_label("Username").fill("sarah")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your authorizations")
    page.goto(f"{live_server.url}/disclosures/portal/authorizations/{auth.pk}/")
    page.get_by_role("button", name="Revoke this authorization").focus()
    page.keyboard.press("Enter")  # without the tick: refused, nothing changed
    expect(page.get_by_role("alert")).to_contain_text("Tick the box")
    assert_accessible(page)
    assert Authorization.objects.get(pk=auth.pk).revoked_at is None
    page.get_by_label(re.compile("I understand")).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Revoke this authorization").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Revoked. From now on")).to_be_visible()
    expect(page.locator("[data-status]")).to_have_text(re.compile("^Revoked"))
    assert Authorization.objects.get(pk=auth.pk).revoked_at is not None


def test_a_spanish_speaking_relative_asks_on_the_public_form_by_keyboard(
    browser: Any, live_server: Any, world: dict[str, Any]
) -> None:
    """A mother whose browser reads Spanish gets the public form, its labels and its
    acknowledgement in Spanish, fills it with the keyboard, and nothing confirms the client."""
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="es-MX")
    page = context.new_page()
    page.goto(f"{live_server.url}/disclosures/public/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pedir información sobre la atención de una persona"
    )
    assert_accessible(page)
    page.get_by_label("Su nombre").fill("Linda Miller")
    page.get_by_label("Usted pregunta como").select_option("parent")
    page.get_by_label("Cómo comunicarnos con usted").fill("(415) 555-0190")
    page.get_by_label("Nombre de la persona por la que pregunta").fill("Sarah Miller")
    page.get_by_label("Progreso del tratamiento", exact=True).check()
    page.get_by_label("Para qué la necesita").select_option("concern_for_wellbeing")
    page.get_by_role("button", name="Enviar la solicitud").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Solicitud recibida")
    expect(page.get_by_text("no confirma ni niega")).to_be_visible()
    assert "Sarah" not in page.content()
    context.close()
