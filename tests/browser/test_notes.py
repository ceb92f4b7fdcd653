"""A family-session note written with the keyboard alone (Ctrl+Enter adds a segment, a name's
first letter picks the speaker), then read through the portal by each participant, who sees
exactly what the sharing labels allow."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from confide.records.models import Note
from tests.browser.conftest import assert_accessible, login
from tests.web.test_records_fixtures import PASSWORD, make_family, make_user, portal_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEGMENTS = [
    # (first letter typed in "Said by", label chosen ("" keeps the agreement's), text)
    ("L", "", "Linh is afraid the business will fail"),  # Linh's agreement: private
    ("M", "", "Minh wants everyone home for dinner"),  # Minh's agreement: case
    ("A", "", "Anh has a girlfriend her parents do not know about"),  # Anh: private
    ("A", "case", "Anh wants to study abroad next year"),
]


def _type_segment(page: Any, index: int, initial: str, label: str, text: str) -> None:
    row = page.locator("#segments > li").nth(index)
    said = row.get_by_label("Said by")
    expect(said).to_be_focused()
    page.keyboard.type(initial)
    page.keyboard.press("Tab")
    expect(row.get_by_label("Sharing label")).to_be_focused()
    if label:
        row.get_by_label("Sharing label").select_option(label)
    page.keyboard.press("Tab")
    expect(row.get_by_label("What was said")).to_be_focused()
    page.keyboard.type(text)


def test_a_family_note_reaches_each_participant_as_its_labels_allow(
    page: Any, live_server: Any
) -> None:
    family = make_family(make_user("rivera"), labels=("private", "case", "private"))
    accounts = {p.client.first_name: portal_user(p) for p in family.participants}

    login(page, live_server, "rivera", PASSWORD)
    page.get_by_role("link", name="Notes").click()
    page.get_by_role("link", name="Nguyen family").click()
    page.get_by_role("link", name="Write a progress note").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New progress note")
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.locator("#segments > li").nth(0).get_by_label("Said by").focus()
    for n, (initial, label, text) in enumerate(SEGMENTS):
        _type_segment(page, n, initial, label, text)
        if n < len(SEGMENTS) - 1:
            page.keyboard.press("Control+Enter")
            expect(page.locator("#segments > li")).to_have_count(n + 2)
            expect(page.get_by_role("status")).to_contain_text(f"Segment {n + 2} added")
    assert_accessible(page)
    page.get_by_role("button", name="Sign and lock").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Progress note")
    expect(page.get_by_text("The note is signed and locked.")).to_be_visible()
    assert_accessible(page)

    note = Note.objects.get()
    labels = [(s.discloser.client.first_name, s.label) for s in note.segments.all()]
    assert labels == [("Linh", "private"), ("Minh", "case"), ("Anh", "private"), ("Anh", "case")]

    allowed = {
        "Linh": [SEGMENTS[0][2], SEGMENTS[1][2], SEGMENTS[3][2]],
        "Minh": [SEGMENTS[1][2], SEGMENTS[3][2]],
        "Anh": [SEGMENTS[1][2], SEGMENTS[2][2], SEGMENTS[3][2]],
    }
    for first_name, user in accounts.items():
        context = page.context.browser.new_context(viewport={"width": 360, "height": 800})
        portal = context.new_page()
        portal.goto(f"{live_server.url}/accounts/login/")
        portal.get_by_label("Username").fill(user.username)
        portal.get_by_label("Password").fill(PASSWORD)
        portal.get_by_role("button", name="Sign in").click()
        portal.wait_for_load_state()
        portal.goto(f"{live_server.url}/records/portal/")
        expect(portal.get_by_role("heading", level=1)).to_have_text("Session notes shared with me")
        shown = [t.strip() for t in portal.locator(".segment-text").all_inner_texts()]
        assert portal.evaluate("document.documentElement.scrollWidth") <= 360
        assert shown == allowed[first_name], first_name
        assert_accessible(portal)
        context.close()


def test_relabel_a_segment_and_open_emergency_access_with_the_keyboard(
    page: Any, live_server: Any
) -> None:
    from confide.audit.models import AuditEvent
    from tests.web.test_records_fixtures import family_note

    family = make_family(make_user("rivera"))
    note = family_note(family, "private", "case", "private")
    make_user("chen")

    login(page, live_server, "rivera", PASSWORD)
    page.goto(f"{live_server.url}/records/notes/{note.pk}/")
    select = page.get_by_label("Sharing label of segment 1")
    select.focus()
    select.select_option("case")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Change label").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Segment 1 is now labelled case.")).to_be_visible()
    assert_accessible(page)
    assert AuditEvent.objects.filter(action="change", target_type="records.segment").count() == 1
    page.goto(f"{live_server.url}/records/?label=private")
    expect(page.get_by_role("table")).to_contain_text("private")
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, live_server, "chen", PASSWORD)
    page.goto(f"{live_server.url}/records/emergency/")
    assert_accessible(page)
    page.get_by_label("Client's last name").fill("Nguyen")
    page.get_by_label("Client's date of birth").fill("1980-05-01")
    page.get_by_label("Reason for emergency access").fill("Linh called in crisis; Dr Rivera away")
    page.get_by_label("Reason for emergency access").press("Tab")
    expect(page.get_by_label("For how many hours")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notes: Nguyen family")
    expect(page.get_by_role("alert").first).to_contain_text("Emergency access")
    assert_accessible(page)
    assert AuditEvent.objects.filter(action="emergency_access").count() == 1
