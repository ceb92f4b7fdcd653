"""Consultation packets in a real browser: a clinician builds a packet from a family-session
note (written through the records app), removes more, keeps one span with a reason, confirms
and shares it; the supervisor then sees the de-identified packet and nothing of the case.
Labels, keyboard use, axe and 360 px are checked along the way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from confide.consultation.models import Packet
from tests.web.test_consultation_fixtures import Setting, make_setting
from tests.web.test_records_fixtures import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(transactional_db: Any) -> Setting:
    return make_setting()


def sign_in(page: Any, live_server: Any, username: str) -> None:
    from tests.browser.conftest import login

    login(page, live_server, username, PASSWORD)


def press(page: Any, name: str) -> None:
    """Activate a button from the keyboard."""
    page.get_by_role("button", name=name).focus()
    page.keyboard.press("Enter")


def select_in_original(page: Any, word: str) -> None:
    """Select `word` in an original text, as a mouse drag would."""
    page.evaluate(
        """word => {
            for (const box of document.querySelectorAll('[data-original]')) {
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.textContent.indexOf(word);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + word.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    return;
                }
            }
            }
            throw new Error('not found: ' + word);
        }""",
        word,
    )


def test_a_packet_from_a_family_note_reaches_the_supervisor_and_nothing_else(
    page: Any, live_server: Any, setting: Setting
) -> None:
    from tests.browser.conftest import assert_accessible

    sign_in(page, live_server, "rivera")
    page.get_by_role("link", name="Consultation packets").click()
    assert_accessible(page)
    page.get_by_role("link", name="Build a packet").click()
    page.get_by_role("link", name="Nguyen family").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New consultation packet")
    assert_accessible(page)
    page.get_by_label("What you want help with (optional)").fill("How do I help Linh and Minh?")
    page.get_by_label(re.compile(r"^Progress note of \d{4}-\d\d-\d\d$")).check()
    expect(page.get_by_label("Keep clinicians' names")).not_to_be_checked()
    press(page, "De-identify and review")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Draft consultation packet \d+$")
    )
    packet = Packet.objects.get()
    expect(
        page.get_by_text(re.compile("confide advises and records; you decide")).first
    ).to_be_visible()
    expect(page.get_by_text("Share de-identified material only")).to_be_visible()
    deidentified = page.get_by_role("region", name="De-identified").nth(1)
    expect(deidentified).to_contain_text("[Mother] (person) said [Father] (person) shouts")
    expect(deidentified).not_to_contain_text("Linh")
    expect(deidentified.locator("mark").first).to_contain_text("(person)")
    assert_accessible(page)

    # Remove more: select a word in the original and add it to the list from the keyboard.
    select_in_original(page, "bills")
    page.get_by_role("button", name="Add selected original text to the list").click()
    expect(page.get_by_label("Also remove (one term a line)")).to_have_value("bills")
    press(page, "De-identify again")
    expect(page.get_by_text("De-identified again with your changes.")).to_be_visible()
    deidentified = page.get_by_role("region", name="De-identified").nth(1)
    expect(deidentified).not_to_contain_text("bills")
    expect(deidentified).to_contain_text("[removed]")

    # Keeping a span needs a reason; a short one is refused with the error on the field.
    page.locator("summary", has_text="What was replaced").nth(1).click()
    reason = page.get_by_label("Reason to keep “Linh Nguyen”")
    reason.fill("short")
    press(page, "Keep “Linh Nguyen” as written")
    reason = page.get_by_label("Reason to keep “Linh Nguyen”")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert").first).to_contain_text("characters or more")
    reason.fill("The speaker label only; the supervisor knows the family is in treatment")
    press(page, "Keep “Linh Nguyen” as written")
    expect(page.get_by_text("Kept as written; your reason is recorded.")).to_be_visible()

    page.get_by_label("I have read every de-identified text, and it identifies no one.").check()
    press(page, "Confirm packet")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Consultation packet {packet.pk}")
    page.get_by_label("Supervisor").select_option(label="Okafor Test")
    press(page, "Share packet")
    expect(page.get_by_text(re.compile("^Okafor Test, "))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "okafor")
    page.get_by_role("link", name="Consultation packets").click()
    page.get_by_role("link", name=f"Packet {packet.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Consultation packet {packet.pk}")
    main = page.get_by_role("main")
    expect(main).to_contain_text("[Father] shouts")
    # The one span the clinician kept, with a recorded reason, and nothing else identifying.
    expect(main).to_contain_text("Linh Nguyen: [Mother] said")
    assert main.inner_text().count("Nguyen") == 1
    for word in ("Minh", "Mai", "555-0188", "Dr. Rivera", "bills"):
        expect(main).not_to_contain_text(word)
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    for path in (
        reverse("practice:case_detail", args=[setting.case.pk]),
        f"/records/cases/{setting.case.pk}/",
        f"/records/notes/{setting.note.pk}/",
        reverse("practice:client_detail", args=[setting.family.mother.client_id]),
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 404, path
        assert "Nguyen" not in page.content()


def test_the_draft_page_works_at_360_px(page: Any, live_server: Any, setting: Setting) -> None:
    from confide.consultation import actions
    from tests.browser.conftest import assert_accessible

    packet = actions.create_packet(
        acting_user=setting.clinician,
        case=setting.case,
        audience="supervisor",
        notes=[setting.note],
    )
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, live_server, "rivera")
    page.goto(f"{live_server.url}/consultation/{packet.pk}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Skip to main content" in focused
    assert_accessible(page)


def test_a_clinician_searches_the_deidentified_text_before_sharing(
    page: Any, live_server: Any, setting: Setting
) -> None:
    from confide.consultation import actions
    from tests.browser.conftest import assert_accessible

    packet = actions.create_packet(
        acting_user=setting.clinician, case=setting.case, audience="supervisor",
        summary="Linh Nguyen asked about the bakery on 3/4/2025.",
    )  # fmt: skip
    sign_in(page, live_server, "rivera")
    page.goto(live_server.url + reverse("consultation:packet", args=[packet.pk]))
    expect(page.get_by_text(re.compile(r"Found and replaced: .*1 date")).first).to_be_visible()
    expect(page.get_by_text(re.compile("HIPAA Safe Harbor"))).to_be_visible()
    box = page.get_by_label("Any word (a name, a place, a nickname) that must not be shared")
    box.focus()
    page.keyboard.type("bakery")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("“bakery” appears 1 time")
    assert_accessible(page)
    box = page.get_by_label("Any word (a name, a place, a nickname) that must not be shared")
    box.fill("Linh")
    press(page, "Search")
    expect(page.get_by_role("status")).to_contain_text("“Linh” does not appear")
