"""The note lifecycle in chromium, by keyboard: a SOAP draft with one Subjective row per
participant, saved, continued with an added segment, signed and locked, then an addendum;
and the search over the clinician's own notes."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from confide.audit.models import AuditEvent
from confide.records.models import Note, NoteStatus
from tests.browser.conftest import assert_accessible, login
from tests.web.test_records_fixtures import PASSWORD, family_note, make_family, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_soap_draft_then_sign_then_addendum_by_keyboard(page: Any, live_server: Any) -> None:
    family = make_family(make_user("rivera"))
    login(page, live_server, "rivera", PASSWORD)
    page.goto(f"{live_server.url}/records/cases/{family.case.pk}/")
    page.get_by_role("link", name="Write a SOAP note").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New progress note")
    rows = page.locator("#segments > li")
    expect(rows).to_have_count(6)  # three Subjective rows, then O, A, P
    expect(rows.nth(0).locator("legend")).to_have_text("Segment 1: Subjective")
    expect(rows.nth(3).locator("legend")).to_have_text("Segment 4: Objective")
    assert_accessible(page)

    texts = ["Linh feels unheard", "Minh has work stress", "Anh wants space", "Tense", "", ""]
    for n, text in enumerate(texts):
        if text:
            rows.nth(n).get_by_label("What was said").focus()
            page.keyboard.type(text)
    page.get_by_role("button", name="Save draft").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The draft is saved.")).to_be_visible()
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()
    note = Note.objects.get()
    assert note.status == NoteStatus.DRAFT and note.segments.count() == 4
    assert_accessible(page)

    page.get_by_role("link", name="Continue the draft").click()
    expect(page.locator("#segments > li")).to_have_count(4)
    last = page.locator("#segments > li").nth(3).get_by_label("What was said")
    last.focus()
    page.keyboard.press("Control+Enter")
    expect(page.locator("#segments > li")).to_have_count(5)
    page.keyboard.type("C")  # the clinician
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("Plan: weekly family sessions")
    page.get_by_role("button", name="Sign and lock").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The note is signed and locked.")).to_be_visible()
    note.refresh_from_db()
    assert note.status == NoteStatus.SIGNED and note.segments.count() == 5
    assert AuditEvent.objects.filter(action="sign", target_id=str(note.pk)).count() == 1
    expect(page.get_by_role("link", name="Continue the draft")).to_have_count(0)

    page.get_by_label("Addendum:", exact=True).focus()
    page.keyboard.type("Linh called after the session to clarify.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Add addendum")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The addendum is added.")).to_be_visible()
    expect(page.locator(".segment.addendum")).to_contain_text("Linh called after the session")
    assert_accessible(page)


def test_search_my_notes(page: Any, live_server: Any) -> None:
    family = make_family(make_user("rivera"))
    family_note(family, "private", "case", "private")
    login(page, live_server, "rivera", PASSWORD)
    page.goto(f"{live_server.url}/records/")
    page.get_by_role("link", name="search the words of your notes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search your notes")
    page.get_by_label("Words in your notes").focus()
    page.keyboard.type("tension")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=2)).to_have_text("1 note found")
    expect(page.get_by_role("link", name="Nguyen family", exact=False)).to_be_visible()
    assert_accessible(page)
