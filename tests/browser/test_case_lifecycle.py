"""Cases, sessions and clients through a practice's day in chromium, by keyboard: edit a
case and its secrets policy, a participant leaves after a confirmation, close with a reason
and a discharge summary after confirming, reopen; a weekly series, a double booking that
needs a confirmation, the week calendar, "Write the note" from a session; register a client
with a contact point, find her by preferred name, open a case for her."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from confide.practice.models import Case, Session
from tests.browser.conftest import assert_accessible, login
from tests.web.test_records_fixtures import PASSWORD, make_family, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _next_monday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday())


def test_edit_remove_close_and_reopen_a_case_by_keyboard(page: Any, live_server: Any) -> None:
    family = make_family(make_user("rivera"))
    login(page, live_server, "rivera", PASSWORD)
    page.goto(f"{live_server.url}/cases/{family.case.pk}/")

    page.get_by_role("link", name="Edit case details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit case details")
    assert_accessible(page)
    title = page.get_by_label("Title")
    title.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Nguyen family therapy")
    page.get_by_label("Limited secrets").focus()  # the current policy
    page.keyboard.press("ArrowUp")  # the radio group's previous choice: "No secrets"
    expect(page.get_by_label("No secrets", exact=True)).to_be_checked()
    page.get_by_role("button", name="Save case details").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The secrets policy changed.")).to_be_visible()
    expect(page.get_by_text("New version needed")).to_be_visible()
    case = Case.objects.get()
    assert case.title == "Nguyen family therapy" and case.secrets_policy == "no_secrets"
    assert_accessible(page)

    page.get_by_role("link", name="Remove Anh Nguyen from the case").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anh Nguyen leaves")
    assert_accessible(page)
    page.get_by_role("button", name="Remove from the case").click()  # not confirmed yet
    expect(page.get_by_role("alert")).to_contain_text("Tick the box to confirm.")
    page.get_by_label("Yes, I confirm").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Remove from the case")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Anh Nguyen has left the case.")).to_be_visible()
    family.teen.refresh_from_db()
    assert family.teen.left_on is not None

    page.get_by_role("link", name="Close case…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close Nguyen family therapy")
    assert_accessible(page)
    reason = page.get_by_label("Why is the case closing?")
    reason.focus()
    reason.select_option("goals_met")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Discharge summary")).to_be_focused()
    page.keyboard.type("Fewer arguments; family meetings continue at home.")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Yes, close this case")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Case closed; sessions still to come are cancelled.")).to_be_visible()
    expect(page.get_by_text("Fewer arguments; family meetings continue at home.")).to_be_visible()
    assert Case.objects.get().status == "closed"
    assert_accessible(page)

    page.get_by_role("button", name="Reopen case").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The case is open again.")).to_be_visible()
    assert Case.objects.get().status == "open"


def test_a_series_a_double_booking_the_week_and_the_note(page: Any, live_server: Any) -> None:
    family = make_family(make_user("rivera"))
    monday = _next_monday()
    login(page, live_server, "rivera", PASSWORD)
    page.goto(f"{live_server.url}/cases/{family.case.pk}/sessions/new/")
    assert_accessible(page)
    page.get_by_label("Starts at").fill(f"{monday:%Y-%m-%d}T10:00")
    repeat = page.get_by_label("Repeat", exact=True)
    repeat.focus()
    repeat.select_option("weekly")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Number of sessions")).to_be_focused()
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    expect(page.get_by_text("3 sessions scheduled.")).to_be_visible()
    assert Session.objects.count() == 3

    # The same hour again: the double booking is named, nothing is booked until confirmed.
    page.goto(f"{live_server.url}/cases/{family.case.pk}/sessions/new/")
    page.get_by_label("Starts at").fill(f"{monday:%Y-%m-%d}T10:20")
    page.get_by_label("Starts at").press("Enter")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Rivera Test already has a session then.")
    assert Session.objects.count() == 3
    assert_accessible(page)
    page.get_by_label("Book anyway").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Schedule session").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Session scheduled.")).to_be_visible()
    assert Session.objects.count() == 4

    page.get_by_role("link", name="Calendar").click()
    page.get_by_role("link", name="Next week").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{monday:%-d %b}")
    monday_panel = page.get_by_role("listitem").filter(has_text=f"Monday {monday:%-d %B}")
    expect(monday_panel.get_by_role("link")).to_have_count(2)
    expect(monday_panel).to_contain_text("10:00")
    assert_accessible(page)

    monday_panel.get_by_role("link").first.click()
    page.get_by_role("link", name="Write the note").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New progress note")
    first = Session.objects.order_by("starts_at", "pk").first()
    assert first is not None
    expect(page.get_by_label("Session (optional)")).to_have_value(str(first.pk))
    expect(page.get_by_label("Date of the note")).to_have_value(f"{monday:%Y-%m-%d}")


def test_register_find_and_open_a_case_for_a_client(page: Any, live_server: Any) -> None:
    make_user("rivera")
    login(page, live_server, "rivera", PASSWORD)
    page.goto(f"{live_server.url}/clients/new/")
    assert_accessible(page)
    page.get_by_label("First name").fill("Sarah")
    page.get_by_label("Last name").fill("Miller")
    page.get_by_label("Preferred name").fill("Sadie")
    page.get_by_label("Date of birth").fill("2000-03-14")
    page.get_by_label("Kind").select_option("phone")
    page.get_by_label("Number, address or email").fill("555-0100")
    page.get_by_label("We may call").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Register client").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Sadie Miller is registered.")).to_be_visible()
    expect(page.locator("#contact-points")).to_contain_text("555-0100")
    expect(page.locator("#contact-points")).to_contain_text("May call.")

    page.goto(f"{live_server.url}/clients/")
    box = page.get_by_label("Find a client by name or date of birth")
    box.focus()
    page.keyboard.type("sadie")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Sadie Miller")).to_be_visible()
    page.get_by_role("link", name="Sadie Miller").click()
    page.get_by_role("link", name="Open a case for Sadie Miller").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a case")
    expect(page.get_by_label("Sadie Miller", exact=False)).to_be_checked()
    assert_accessible(page)
