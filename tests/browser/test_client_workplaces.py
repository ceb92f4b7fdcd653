"""A client's school and employer are entered on their edit page by keyboard, said to be used
only for de-identifying supervision material, and shown on the record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from confide.accounts.models import User
from confide.practice import actions
from confide.practice.models import Client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def sarah(transactional_db: Any) -> Client:
    rivera = User(username="dr.rivera", role="clinician", first_name="Rivera")
    rivera.set_password(PASSWORD)
    rivera.save()
    actions.ensure_practice(
        acting_user=rivera, name="Harbor Light Counseling", jurisdiction="US-CA",
        licence_types=["PsyD"],
    )  # fmt: skip
    return actions.create_client(
        acting_user=rivera,
        data={"first_name": "Sarah", "last_name": "Miller", "date_of_birth": dt.date(2009, 3, 14)},
    )


def test_school_and_employer_are_entered_on_the_edit_page_by_keyboard(
    page: Any, live_server: Any, sarah: Client
) -> None:
    from tests.browser.conftest import assert_accessible, login

    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/clients/{sarah.pk}/edit/")
    assert_accessible(page)
    school = page.get_by_label("School (optional)")
    expect(school).to_have_accessible_description(
        "The school the client attends, if you know it. Used only to remove it from case "
        "material shared for supervision. Separate several with semicolons."
    )
    school.focus()
    page.keyboard.type("Roosevelt High School")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Employer (optional)")).to_be_focused()
    page.keyboard.type("Northgate Bakery")
    page.get_by_role("button", name="Save details").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Client details saved.")).to_be_visible()
    expect(page.get_by_text("Roosevelt High School")).to_be_visible()
    fresh = Client.objects.get(pk=sarah.pk)
    assert (fresh.school, fresh.employer) == ("Roosevelt High School", "Northgate Bakery")
    assert_accessible(page)
