"""The client list in a real browser: names are sealed at rest, yet the search box finds a
client by last name, full name or date of birth, with the keyboard alone; the page of 50 is
cut after sorting, and its page links are reachable; no serious accessibility violations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from confide.accounts.models import User
from confide.practice import actions, views
from tests.browser.conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def clinician(transactional_db: Any) -> User:
    user = User(username="dr.rivera", role="clinician", first_name="Elena", last_name="Rivera")
    user.set_password(PASSWORD)
    user.save()
    for first, last, born in (
        ("Sarah", "Miller", dt.date(2000, 3, 14)),
        ("Tom", "Miller", dt.date(1975, 1, 2)),
        ("Ana", "Ávila", dt.date(1990, 6, 6)),
    ):
        actions.create_client(
            acting_user=user, data={"first_name": first, "last_name": last, "date_of_birth": born}
        )
    return user


def _search(page: Any, text: str) -> None:
    box = page.get_by_label("Find a client by name or date of birth")
    box.focus()
    box.fill(text)
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_search_by_last_name_full_name_and_date_of_birth(
    page: Any, live_server: Any, clinician: User
) -> None:
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/clients/")
    rows = page.get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Ana Ávila")  # sorted by last name after decryption
    _search(page, "miller")
    expect(page.get_by_role("link", name="Sarah Miller")).to_be_visible()
    expect(page.get_by_role("link", name="Tom Miller")).to_be_visible()
    expect(page.get_by_role("link", name="Ana Ávila")).to_have_count(0)
    _search(page, "Sarah Miller")
    expect(page.get_by_role("link", name="Tom Miller")).to_have_count(0)
    expect(page.get_by_role("link", name="Sarah Miller")).to_be_visible()
    _search(page, "3/14/2000")
    expect(page.get_by_role("link", name="Sarah Miller")).to_be_visible()
    expect(page.get_by_role("link", name="Tom Miller")).to_have_count(0)
    _search(page, "nobody")
    expect(page.get_by_text("No client matches “nobody”.")).to_be_visible()
    assert_accessible(page)


def test_page_links_are_reachable_by_keyboard(
    page: Any, live_server: Any, clinician: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "CLIENTS_PER_PAGE", 2)
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/clients/")
    nav = page.get_by_role("navigation", name="Pages of clients")
    expect(nav).to_contain_text("Page 1 of 2 (3 clients)")
    expect(page.get_by_role("link", name="Tom Miller")).to_have_count(0)
    following = nav.get_by_role("link", name="Next page")
    following.focus()
    page.keyboard.press("Enter")
    expect(nav).to_contain_text("Page 2 of 2")
    expect(page.get_by_role("link", name="Tom Miller")).to_be_visible()
    assert_accessible(page)
