"""At 360 px nothing overflows: the note's label menu (with the no-secrets confirmation) and
the portal's accounting table fit the screen; scrollWidth never exceeds clientWidth."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from confide.disclosures import actions as disclosure_actions
from confide.practice.models import Case
from confide.records.actions import SegmentInput, write_note
from tests.browser.conftest import assert_accessible, login
from tests.web.test_records_fixtures import PASSWORD, make_family, make_user, portal_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH = 360
OVERFLOW = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
    .map(e => e.tagName + '.' + e.className);
  return {scroll: root.scrollWidth, client: root.clientWidth, wide: wide.slice(0, 8)};
}"""


def assert_fits(page: Any) -> None:
    found = page.evaluate(OVERFLOW)
    assert found["scroll"] <= found["client"], f"{page.url}: {found}"


def test_the_note_label_menu_fits_360_px(page: Any, live_server: Any) -> None:
    family = make_family(make_user("rivera"))
    Case.objects.filter(pk=family.case.pk).update(secrets_policy="no_secrets")
    family.case.refresh_from_db()
    long = "A long segment " * 30
    note = write_note(
        acting_user=family.clinician,
        case=family.case,
        segments=[SegmentInput(text=long, discloser=p) for p in family.participants],
    )
    page.set_viewport_size({"width": WIDTH, "height": 800})
    login(page, live_server, "rivera", PASSWORD)
    page.goto(f"{live_server.url}/records/notes/{note.pk}/")
    expect(page.get_by_label("Sharing label of segment 1")).to_be_visible()
    assert_fits(page)
    page.goto(f"{live_server.url}/records/cases/{family.case.pk}/notes/new/")
    assert_fits(page)
    assert_accessible(page)


def test_the_portal_accounting_table_fits_360_px(page: Any, live_server: Any) -> None:
    family = make_family(make_user("rivera"))
    mother = family.mother
    user = portal_user(mother)
    disclosure_actions.record_release(
        acting_user=family.clinician,
        client=mother.client,
        recipient="records.department@northern-california-regional-family-services.example.org",
        recipient_address="1234 Extraordinarily-Long-Street-Name-Boulevard, Suite 5678",
        description="Attendance, general progress and treatment progress summary",
        purpose="Coordination of care with the client's primary care physician",
        categories=["attendance"],
        basis=[{"rule": "us.hipaa.authorization_valid", "citation": "45 CFR 164.508(a)(1)"}],
        case=family.case,
    )
    user.set_password(PASSWORD)
    user.save()
    page.set_viewport_size({"width": WIDTH, "height": 800})
    login_portal(page, live_server, user.username)
    page.goto(f"{live_server.url}/disclosures/portal/accounting/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accounting of disclosures")
    assert_fits(page)
    assert_accessible(page)


def login_portal(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next=/portal/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/portal/")
