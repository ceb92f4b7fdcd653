"""The administrator sets the practice's time zone on the practice settings page, by keyboard,
and the pages then read in it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from confide.practice.middleware import forget_time_zone
from confide.practice.models import Practice
from tests.browser.conftest import assert_accessible, login
from tests.web.test_records_fixtures import PASSWORD, make_family, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_administrator_chooses_the_time_zone_by_keyboard(page: Any, live_server: Any) -> None:
    make_family(make_user("rivera"))
    make_user("office", "administrator")
    forget_time_zone()
    try:
        login(page, live_server, "office", PASSWORD)
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Practice settings"
        ).focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Practice settings")
        assert_accessible(page)
        zone = page.get_by_label("Practice time zone")
        zone.focus()
        page.keyboard.type("America/New_York")
        expect(zone).to_have_value("America/New_York")
        page.get_by_role("button", name="Save time zone").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_text("Time zone saved")).to_be_visible()
        expect(page.get_by_label("Practice time zone")).to_have_value("America/New_York")
        assert_accessible(page)
        assert Practice.objects.get().time_zone == "America/New_York"
    finally:
        forget_time_zone()
