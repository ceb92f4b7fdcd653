"""Contract version 2 in a real browser, by keyboard, with axe: staff record police asking about
a client as a crime victim; a clinician records a caretaker's suspected abuse of an 82-year-old
with the victim's age; a client's death is entered on their edit page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from confide.accounts.models import User
from confide.disclosures.models import InformationRequest
from confide.incidents.models import SafetyEvent
from confide.practice import actions
from confide.practice.models import Client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"
CARETAKER = "A parent, caretaker or someone responsible for their care"


@pytest.fixture
def world(transactional_db: Any) -> dict[str, Any]:
    rivera = User(username="dr.rivera", role="clinician", first_name="Rivera")
    rivera.set_password(PASSWORD)
    rivera.save()
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
            "date_of_birth": dt.date(today.year - 40, 3, 14),
        },
    )
    actions.create_case(
        acting_user=rivera,
        title="Sarah Miller: individual therapy",
        case_type="individual",
        secrets_policy=None,
        participants=[sarah],
    )
    return {"rivera": rivera, "sarah": sarah}


def sign_in(page: Any, live_server: Any) -> None:
    from tests.browser.conftest import login

    login(page, live_server, "dr.rivera", PASSWORD)


def press(page: Any, name: str) -> None:
    page.get_by_role("button", name=name).focus()
    page.keyboard.press("Enter")


def tick(page: Any, label: str | re.Pattern[str]) -> None:
    """Check a box or a radio from the keyboard."""
    box = (
        page.get_by_label(label, exact=True) if isinstance(label, str) else page.get_by_label(label)
    )
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()


def test_staff_record_police_asking_about_a_crime_victim_by_keyboard(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    from tests.browser.conftest import assert_accessible

    sign_in(page, live_server)
    page.goto(f"{live_server.url}/disclosures/requests/new/")
    assert_accessible(page)
    page.get_by_label("Requester's name").fill("Det. Alvarez")
    page.get_by_label("The requester is").select_option("law_enforcement")
    page.get_by_label("Requester's contact details").fill("(415) 555-0142")
    page.get_by_label("Name of the person asked about").fill("Sarah Miller")
    tick(page, "Attendance")
    page.get_by_label("Why you need it").select_option("law_enforcement")
    legal = page.get_by_label("Legal process")
    for wanted in ("Grand jury subpoena", "Administrative request or civil investigative demand"):
        expect(legal.locator("option", has_text=wanted)).to_have_count(1)
    tick(page, "Law enforcement asks about the client as the victim of a crime")
    page.get_by_label("Client (if known)").select_option(label="Sarah Miller")
    press(page, "Record request")
    expect(page.get_by_text("Request recorded.")).to_be_visible()
    expect(page.get_by_text("The victim of a crime (the officer's statement)")).to_be_visible()
    assert InformationRequest.objects.get().client_is_crime_victim
    # HIPAA lets police be answered about a crime victim with the client's agreement.
    expect(page.locator("[data-outcome]")).to_have_text("ask the client for consent first")
    expect(page.locator("[data-verified]")).to_be_visible()
    assert_accessible(page)


def test_a_caretakers_suspected_elder_abuse_is_recorded_by_keyboard(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    from tests.browser.conftest import assert_accessible

    sign_in(page, live_server)
    page.goto(f"{live_server.url}/incidents/safety/new/")
    assert_accessible(page)
    page.get_by_label(re.compile("^Client")).select_option(label="Sarah Miller")
    tick(page, "Suspected elder abuse")
    expect(page.get_by_text("Asked because some states send the report")).to_be_visible()
    tick(page, CARETAKER)
    page.get_by_label(re.compile("the age of the person harmed")).fill("82")
    page.get_by_label("What you learned").fill("Her father's paid carer takes his pension.")
    page.get_by_label("Your licence").select_option(label="Psychologist")
    press(page, "Get the checklist")
    expect(page.get_by_role("heading", level=1)).to_have_text("Suspected elder abuse: Sarah Miller")
    expect(
        page.get_by_text("A parent, caretaker or someone responsible for their care")
    ).to_be_visible()
    event = SafetyEvent.objects.get()
    assert (event.alleged_perpetrator, event.victim_age) == ("caretaker", 82)
    assert event.decision["basis"]
    assert_accessible(page)


def test_a_death_is_entered_on_the_client_edit_page_by_keyboard(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    from tests.browser.conftest import assert_accessible

    sign_in(page, live_server)
    page.goto(f"{live_server.url}/clients/{world['sarah'].pk}/edit/")
    assert_accessible(page)
    died = timezone.localdate() - dt.timedelta(days=30)
    page.get_by_label("Date of death").fill(died.isoformat())
    press(page, "Save details")
    expect(page.get_by_text("Client details saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Deceased")
    expect(page.get_by_text("Age at death")).to_be_visible()
    assert Client.objects.get(pk=world["sarah"].pk).date_of_death == died
    assert_accessible(page)
