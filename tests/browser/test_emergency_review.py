"""The privacy officer reviews a break-glass access and records a finding, by keyboard: the
radio group is reached with Tab and chosen with the arrow keys, a missing note is a labelled
error, and the recorded finding shows on the page (axe without serious violations)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from confide.records.models import EmergencyAccess
from tests.browser.conftest import assert_accessible, login
from tests.web.test_records_fixtures import PASSWORD, make_family, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_privacy_officer_records_a_finding_by_keyboard(page: Any, live_server: Any) -> None:
    family = make_family(make_user("rivera"))
    chen = make_user("chen")
    make_user("officer", role="privacy_officer")
    now = timezone.now()
    glass = EmergencyAccess.objects.create(
        case=family.case, clinician=chen, reason="Linh called in crisis; Dr Rivera away",
        opened_at=now, expires_at=now + dt.timedelta(hours=4),
    )  # fmt: skip

    login(page, live_server, "officer", PASSWORD)
    page.goto(f"{live_server.url}/records/emergency/{glass.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Emergency access review")
    expect(page.get_by_role("group", name="Finding")).to_be_visible()
    assert_accessible(page)

    # "Not justified" without a note: refused with a message tied to the field.
    page.get_by_label("Justified: a real emergency", exact=False).focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Not justified", exact=False)).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Note")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Record the finding")).to_be_focused()
    page.keyboard.press("Enter")
    summary = page.get_by_role("link", name="Note: Say what follow-up is due", exact=False)
    expect(summary).to_be_visible()  # the error summary links to the field
    expect(page.get_by_label("Not justified", exact=False)).to_be_checked()  # kept
    assert_accessible(page)
    glass.refresh_from_db()
    assert glass.finding == ""

    page.get_by_label("Note").focus()
    page.keyboard.type("Opened notes beyond the crisis; follow up with Dr Chen.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your finding is recorded.")).to_be_visible()
    expect(page.get_by_text("Not justified: follow up with the clinician")).to_be_visible()
    expect(page.get_by_role("button", name="Record the finding")).to_have_count(0)
    assert_accessible(page)
    glass.refresh_from_db()
    assert glass.finding == "not_justified" and "Dr Chen" in glass.finding_note
