"""Incidents in a real browser: a group member's lapse reaches their next session's agenda;
an imminent threat in California gives the warning checklist whose warnings enter the
accounting; a staff breach's deadline shows on the privacy officer's dashboard. Labels,
keyboard use, axe and 360 px are checked along the way."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from confide.accounts.models import User
from confide.disclosures.models import Release
from confide.incidents.models import BreachIncident, Violation
from confide.practice import actions
from confide.practice.models import Client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def make_user(username: str, role: str) -> User:
    user = User(username=username, role=role, first_name=username.title())
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def rivera(transactional_db: Any) -> User:
    user = make_user("dr.rivera", "clinician")
    actions.ensure_practice(
        acting_user=user,
        name="Harbor Light Counseling",
        jurisdiction="US-CA",
        licence_types=["LMFT"],
    )
    return user


def client(by: User, first: str, last: str, born: dt.date = dt.date(1990, 2, 10)) -> Client:
    return actions.create_client(
        acting_user=by, data={"first_name": first, "last_name": last, "date_of_birth": born}
    )


def sign_in(page: Any, live_server: Any, username: str) -> None:
    from tests.browser.conftest import login

    login(page, live_server, username, PASSWORD)


def press(page: Any, name: str) -> None:
    """Activate a button from the keyboard."""
    page.get_by_role("button", name=name).focus()
    page.keyboard.press("Enter")


def test_group_members_breach_lands_on_their_next_session(
    page: Any, live_server: Any, rivera: User
) -> None:
    from tests.browser.conftest import assert_accessible

    members = [client(rivera, f, last) for f, last in [("Priya", "Patel"), ("James", "Okoro")]]
    group = actions.create_case(
        acting_user=rivera,
        title="Anxiety skills group",
        case_type="group",
        secrets_policy=None,
        participants=[(m, "member") for m in members],
    )
    session = actions.schedule_session(
        acting_user=rivera, case=group, starts_at=timezone.now() + dt.timedelta(days=2)
    )
    sign_in(page, live_server, "dr.rivera")
    page.get_by_role("link", name="Safety and incidents").click()
    page.get_by_role("link", name="Record a suspected violation").click()
    assert_accessible(page)
    page.get_by_label("Client who may have broken confidentiality").select_option(
        label="James Okoro"
    )
    page.get_by_label("Case it came up in").select_option(label="Anxiety skills group")
    page.get_by_label("The client", exact=True).check()
    page.get_by_label("Where it was said").select_option(label="Group therapy")
    page.get_by_label("What happened").fill("Told a coworker what Priya said in group.")
    press(page, "Record and put on the agenda")

    expect(page.get_by_role("heading", level=1)).to_have_text("Suspected violation: James Okoro")
    expect(page.get_by_text("On the agenda", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile("Not reporting it to the authorities"))).to_be_visible()
    expect(page.get_by_text(re.compile("you decide"))).to_be_visible()
    assert_accessible(page)

    violation = Violation.objects.get()
    assert violation.client == members[1]
    assert violation.agenda_item is not None and violation.agenda_item.session == session

    page.get_by_role("link", name=re.compile(r"\d{4}, \d\d:\d\d")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Session: Anxiety skills group")
    expect(page.get_by_text("Suspected confidentiality violation")).to_be_visible()


def test_imminent_threat_gives_the_warning_checklist_and_accounting(
    page: Any, live_server: Any, rivera: User
) -> None:
    from tests.browser.conftest import assert_accessible

    sarah = client(rivera, "Sarah", "Miller")
    actions.create_case(
        acting_user=rivera,
        title="Sarah Miller: individual",
        case_type="individual",
        secrets_policy=None,
        participants=[sarah],
    )
    sign_in(page, live_server, "dr.rivera")
    page.goto(f"{live_server.url}/incidents/safety/new/")
    assert_accessible(page)
    page.get_by_label(re.compile("^Client")).select_option(label="Sarah Miller")
    page.get_by_label("Threat to an identifiable person").check()
    page.get_by_label("The risk is serious and imminent").check()
    page.get_by_label("What you learned").fill("Said she would hurt her ex-partner tonight.")
    page.get_by_label("Your licence").select_option(label="Marriage and family therapist")
    press(page, "Get the checklist")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Threat to an identifiable person: Sarah Miller"
    )
    expect(page.get_by_text(re.compile("confide advises and records; you decide"))).to_be_visible()
    expect(page.get_by_text(re.compile("Civ. Code 43.92")).first).to_be_visible()
    assert_accessible(page)

    for title, who in [
        ("Warn the person threatened", "Alex Rowe"),
        ("Notify law enforcement", "Oakland Police Department"),
    ]:
        step = page.locator("li.step").filter(
            has=page.get_by_role("heading", name=re.compile(title))
        )
        expect(step.get_by_text("Now", exact=True)).to_be_visible()
        step.get_by_label("Whom you told").fill(who)
        step.get_by_label("General progress").check()
        step.get_by_label("What you did").fill("Phoned and described the threat.")
        step.get_by_role("button", name=f"Mark “{title}” done").focus()
        page.keyboard.press("Enter")
        expect(
            page.get_by_text(re.compile(f"{title}: Done and entered in the accounting"))
        ).to_be_visible()

    releases = sorted(Release.objects.filter(client=sarah).values_list("recipient", flat=True))
    assert releases == ["Alex Rowe", "Oakland Police Department"]

    page.goto(f"{live_server.url}/disclosures/clients/{sarah.pk}/accounting/")
    expect(page.get_by_text("Alex Rowe").first).to_be_visible()
    expect(page.get_by_text("Oakland Police Department").first).to_be_visible()

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/incidents/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)


def test_staff_breach_deadline_shows_on_the_dashboard(
    page: Any, live_server: Any, rivera: User
) -> None:
    from tests.browser.conftest import assert_accessible

    sarah = client(rivera, "Sarah", "Miller")
    actions.create_case(
        acting_user=rivera,
        title="Sarah Miller: individual",
        case_type="individual",
        secrets_policy=None,
        participants=[sarah],
    )
    make_user("privacy", "privacy_officer")
    discovered = timezone.localdate() - dt.timedelta(days=50)
    due = discovered + dt.timedelta(days=60)

    sign_in(page, live_server, "dr.rivera")
    page.get_by_role("link", name="Safety and incidents").click()
    page.get_by_role("link", name="Report a possible breach").click()
    assert_accessible(page)
    page.get_by_label("Short label").fill("Reminder emailed to the wrong address")
    page.get_by_label("What happened").fill("A reminder went to another person's address.")
    page.get_by_label("Date discovered").fill(discovered.isoformat())
    page.get_by_label("It may have begun at").fill(f"{discovered.isoformat()}T08:00")
    page.get_by_label("It ended at").fill(f"{discovered.isoformat()}T09:00")
    page.get_by_label("Clients affected").select_option(label="Sarah Miller")
    press(page, "Report to the privacy officer")
    expect(page.get_by_text(re.compile("The privacy officer will assess it"))).to_be_visible()
    assert BreachIncident.objects.get().affected_clients.get() == sarah

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "privacy")
    item = page.locator("li.attention").filter(has_text="Reminder emailed to the wrong address")
    expect(item).to_contain_text("notify each affected individual by")
    expect(item).to_contain_text(f"{due:%d %b %Y}")
    expect(item).to_contain_text("due in 10 days")
    expect(item.get_by_text("Within 2 weeks")).to_be_visible()  # words, not colour alone
    assert_accessible(page)

    item.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Breach incident: Reminder emailed to the wrong address"
    )
    assert_accessible(page)


def test_a_client_raises_a_privacy_concern_from_the_portal(
    page: Any, live_server: Any, rivera: User
) -> None:
    from tests.browser.conftest import assert_accessible

    sarah = client(rivera, "Sarah", "Miller")
    case = actions.create_case(
        acting_user=rivera,
        title="Sarah Miller: individual",
        case_type="individual",
        secrets_policy=None,
        participants=[sarah],
    )
    session = actions.schedule_session(
        acting_user=rivera, case=case, starts_at=timezone.now() + dt.timedelta(days=3)
    )
    Client.objects.filter(pk=sarah.pk).update(portal_user=make_user("sarah", "client"))

    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill("sarah")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/portal/")
    page.get_by_role("link", name=re.compile("Raise a privacy concern")).click()
    assert_accessible(page)
    press(page, "Send to my clinician")  # nothing filled in: errors, linked to their fields
    expect(page.get_by_role("alert")).to_contain_text("Please check the form")
    expect(page.get_by_label("What happened")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Someone close to me").check()
    page.get_by_label("What happened").fill("My sister knew what I said last week.")
    press(page, "Send to my clinician")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert_accessible(page)

    violation = Violation.objects.get()
    assert violation.raised_via_portal and violation.client == sarah
    assert violation.agenda_item is not None and violation.agenda_item.session == session
