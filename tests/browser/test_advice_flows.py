"""The clinician's day in a real browser: advice that rests on the right authorization, due
times that say how urgent they are, and the words on the screens. Keyboard use and axe on
every page the flows touch."""

# ruff: noqa: F811  (the shared `world` fixture is imported, then named by each test)
from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from confide.disclosures import actions as disclosure_actions
from confide.disclosures.models import Authorization, InformationRequest
from tests.browser.conftest import assert_accessible, login
from tests.browser.test_disclosures import PASSWORD, world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def grant(world: dict[str, Any], recipient: str, covers: list[str]) -> Authorization:
    return disclosure_actions.create_authorization(
        acting_user=world["rivera"],
        client=world["sarah"],
        data={
            "kind": "standard",
            "information": covers,
            "information_description": "How therapy is going",
            "discloser": "Harbor Light Counseling",
            "recipient_name": recipient,
            "purpose": "At my request",
            "expires_on": timezone.localdate() + dt.timedelta(days=90),
            "statements_acknowledged": True,
        },
        signed_name="Sarah Miller",
    )


def request_from(world: dict[str, Any], name: str, relationship: str) -> InformationRequest:
    req = disclosure_actions.submit_public_request(
        data={
            "requester_name": name,
            "requester_kind": "other_relative",
            "relationship": relationship,
            "requester_contact": "emma@example.org",
            "subject_name": "Sarah Miller",
            "information": ["general_progress"],
            "purpose": "concern_for_wellbeing",
            "legal_process": "none",
            "urgency": "routine",
        }
    )
    return disclosure_actions.match_request(
        acting_user=world["rivera"], info_request=req, client=world["sarah"]
    )


def test_a_near_match_is_confirmed_by_keyboard_and_the_advice_follows(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    grant(world, "E. Bennett (my sister)", ["general_progress"])
    req = request_from(world, "Emma Bennett", "sister")
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/disclosures/requests/{req.pk}/")
    expect(page.get_by_text("No authorization on file names Emma Bennett")).to_be_visible()
    expect(page.locator("[data-outcome]")).not_to_have_text(re.compile("^disclose"))
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Confirm: E. Bennett")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("the advice now relies on this authorization")).to_be_visible()
    expect(page.get_by_text("The advice below relies on")).to_be_visible()
    expect(page.locator("[data-outcome]")).to_have_text(re.compile("^disclose"))
    assert_accessible(page)


def test_an_immediate_report_reads_now_on_the_dashboard_and_the_checklist(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    from confide.incidents import actions as incident_actions

    incident_actions.open_safety_event(
        acting_user=world["rivera"],
        client=world["sarah"],
        case=None,
        concern="child_abuse",
        imminent=False,
        description="Sarah says her younger brother is being hit at home.",
        clinician_license="psychologist",
    )
    login(page, live_server, "dr.rivera", PASSWORD)
    item = page.locator("li.attention").filter(has_text="mandated report")
    expect(item).to_contain_text("due now (the rule says immediately)")
    expect(item.locator("[data-urgency]")).to_have_text("Now")
    assert_accessible(page)
    item.get_by_role("link").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Now: due immediately")).to_be_visible()
    written = page.locator("li.step").filter(has_text="Send the written report")
    expect(written.locator("[data-urgency]")).to_contain_text(re.compile("This week|Today"))
    assert_accessible(page)


def test_a_private_segment_in_a_no_secrets_family_is_confirmed_by_keyboard(
    page: Any, live_server: Any
) -> None:
    from confide.practice.models import Case
    from confide.records.models import Segment
    from tests.web.test_records_fixtures import PASSWORD as NOTES_PASSWORD
    from tests.web.test_records_fixtures import make_family, make_user

    family = make_family(make_user("rivera"))
    Case.objects.filter(pk=family.case.pk).update(secrets_policy="no_secrets")
    login(page, live_server, "rivera", NOTES_PASSWORD)
    page.goto(f"{live_server.url}/records/cases/{family.case.pk}/notes/new/")
    expect(page.get_by_text("No-secrets policy.")).to_be_visible()
    assert_accessible(page)
    row = page.locator("#segments > li").nth(0)
    row.get_by_label("Said by").focus()
    page.keyboard.type("L")
    expect(row.get_by_label("Said by")).to_contain_text("(default: case)")
    row.get_by_label("Sharing label").select_option("private")
    row.get_by_label("What was said").fill("Linh is thinking of leaving")
    page.get_by_role("button", name="Sign and lock").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_contain_text("no-secrets policy")
    assert Segment.objects.count() == 0
    assert_accessible(page)
    page.get_by_label(re.compile("despite the no-secrets policy")).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Sign and lock").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The note is signed and locked.")).to_be_visible()
    assert Segment.objects.get(discloser=family.mother).label == "private"


def test_a_couples_subpoena_names_each_partner(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from confide.practice import actions as practice_actions

    rivera, sarah = world["rivera"], world["sarah"]
    tom = practice_actions.create_client(
        acting_user=rivera,
        data={"first_name": "Tom", "last_name": "Miller", "date_of_birth": dt.date(1990, 1, 2)},
    )
    couple = practice_actions.create_case(
        acting_user=rivera,
        title="Sarah and Tom: couple therapy",
        case_type="couple",
        secrets_policy="limited_secrets",
        participants=[sarah, tom],
    )
    req = disclosure_actions.record_request(
        acting_user=rivera,
        data={
            "requester_name": "Dana Lee",
            "requester_kind": "attorney",
            "relationship": "",
            "requester_contact": "dana@example.org",
            "subject_name": "Sarah Miller",
            "information": ["progress_notes"],
            "purpose": "legal_proceeding",
            "legal_process": "subpoena",
            "urgency": "routine",
        },
        client=sarah,
        case=couple,
        document=SimpleUploadedFile("s.pdf", b"%PDF-1.4 x"),
    )
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/disclosures/requests/{req.pk}/")
    panel = page.get_by_role("region", name="Every participant of this joint record")
    expect(panel.get_by_role("listitem")).to_have_count(2)
    expect(panel).to_contain_text("Tom Miller")
    expect(panel).to_contain_text("Sarah Miller")
    expect(page.get_by_text("Every participant holds the privilege", exact=False)).to_be_visible()
    assert_accessible(page)


def test_a_group_agenda_item_names_the_client_and_is_for_the_clinician(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    from confide.incidents import actions as incident_actions
    from confide.practice import actions as practice_actions

    rivera, sarah = world["rivera"], world["sarah"]
    tom = practice_actions.create_client(
        acting_user=rivera,
        data={"first_name": "Tom", "last_name": "Reyes", "date_of_birth": dt.date(1990, 1, 2)},
    )
    group = practice_actions.create_case(
        acting_user=rivera,
        title="Tuesday group",
        case_type="group",
        secrets_policy="limited_secrets",
        participants=[sarah, tom],
    )
    session = practice_actions.schedule_session(
        acting_user=rivera, case=group, starts_at=timezone.now() + dt.timedelta(days=1)
    )
    incident_actions.report_violation(
        acting_user=rivera,
        client=tom,
        case=group,
        by="client",
        setting="group",
        description="Told a friend what Sarah said in group.",
    )
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/sessions/{session.pk}/")
    agenda = page.locator("ul.agenda > li")
    expect(agenda).to_contain_text("About Tom Reyes.")
    expect(agenda.get_by_text("For you, not the group")).to_be_visible()
    assert_accessible(page)
    agenda.get_by_role("link", name="Open the record about Tom Reyes").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tom Reyes")
    assert_accessible(page)


def test_after_a_revocation_the_request_page_advises_afresh(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    auth = grant(world, "Emma Bennett (my sister)", ["general_progress"])
    req = request_from(world, "Emma Bennett", "sister")
    disclosure_actions.decide_request(
        acting_user=world["rivera"], info_request=req, choice="accept"
    )
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/disclosures/requests/{req.pk}/")
    expect(page.get_by_role("button", name="Release and record")).to_be_visible()
    page.goto(f"{live_server.url}/disclosures/authorizations/{auth.pk}/")
    page.get_by_role("link", name="Record revocation").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("revocation")
    assert_accessible(page)
    page.get_by_role("button", name="Record revocation").focus()
    page.keyboard.press("Enter")  # without the tick: refused
    expect(page.get_by_role("alert")).to_contain_text("Tick the box")
    page.get_by_label(re.compile("I understand")).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Record revocation").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Authorization revoked")).to_be_visible()
    page.goto(f"{live_server.url}/disclosures/requests/{req.pk}/")
    expect(page.get_by_role("alert").filter(has_text="Advice recomputed")).to_be_visible()
    expect(page.get_by_role("button", name="Release and record")).to_have_count(0)
    expect(page.locator("[data-outcome]")).not_to_have_text(re.compile("^disclose"))
    assert_accessible(page)


def test_the_note_forms_session_menu_reads_in_the_practices_time(
    page: Any, live_server: Any
) -> None:
    from confide.practice import actions as practice_actions
    from confide.practice.middleware import forget_time_zone
    from tests.web.test_records_fixtures import PASSWORD as NOTES_PASSWORD
    from tests.web.test_records_fixtures import make_family, make_user

    family = make_family(make_user("rivera"))
    starts = dt.datetime(2026, 1, 15, 17, 30, tzinfo=dt.UTC)
    practice_actions.schedule_session(
        acting_user=family.clinician, case=family.case, starts_at=starts
    )
    practice_actions.set_time_zone(
        acting_user=make_user("admin", "administrator"), time_zone="America/Chicago"
    )
    try:
        login(page, live_server, "rivera", NOTES_PASSWORD)
        page.goto(f"{live_server.url}/records/cases/{family.case.pk}/notes/new/")
        menu = page.get_by_label("Session (optional)")
        menu.focus()
        expect(menu.locator("option")).to_contain_text(["", "2026-01-15 11:30"])
        assert_accessible(page)
    finally:
        forget_time_zone()


def test_the_demo_screens_show_no_internal_names(page: Any, live_server: Any) -> None:
    """The words the issue found, read as chromium renders them (innerText), as two roles."""
    import os

    from django.core.management import call_command

    from confide.consultation.models import Packet
    from confide.incidents.models import SafetyEvent, Violation
    from tests.web.test_words_crawl import internal_names

    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    subpoena = InformationRequest.objects.filter(legal_process="subpoena").order_by("pk").first()
    rivera_pages = [
        f"/incidents/safety/{SafetyEvent.objects.order_by('pk').first().pk}/",
        "/disclosures/ask/",
    ]  # type: ignore[union-attr]
    if subpoena is not None:
        rivera_pages.append(f"/disclosures/requests/{subpoena.pk}/")
    chen_pages = [
        f"/consultation/{Packet.objects.order_by('pk').first().pk}/",  # type: ignore[union-attr]
        f"/incidents/violations/{Violation.objects.order_by('pk').first().pk}/",  # type: ignore[union-attr]
    ]
    for username, paths in [("dr.rivera", rivera_pages), ("dr.chen", chen_pages)]:
        login(page, live_server, username, "confide-demo-2026")
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            expect(page.locator("main")).to_be_visible()
            shown = page.evaluate("document.querySelector('main').innerText")
            assert internal_names(shown) == [], path
        assert_accessible(page)
        page.get_by_role("button", name="Sign out").click()


def test_the_portal_home_flags_an_agreement_to_sign(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    from confide.practice.models import Case
    from tests.web.test_agreements_support import issue

    case = Case.objects.filter(participants__client=world["sarah"]).get()
    issue(world["rivera"], case)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/?next=/portal/")
    page.get_by_label("Username").fill("sarah")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    flag = page.locator("[data-flag]")
    expect(flag).to_have_text(re.compile("To do 1 agreement waiting for you to sign"))
    assert_accessible(page)
    page.get_by_role("link", name="Your confidentiality agreements").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_a_pending_invitation_reads_as_sent_on_the_agreement_page(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    from confide.portal import actions as portal_actions
    from confide.practice import actions as practice_actions
    from tests.web.test_agreements_support import issue
    from tests.web.test_portal import email_point

    rivera = world["rivera"]
    tom = practice_actions.create_client(
        acting_user=rivera,
        data={"first_name": "Tom", "last_name": "Reyes", "date_of_birth": dt.date(1990, 1, 2)},
    )
    case = practice_actions.create_case(
        acting_user=rivera,
        title="Tom Reyes: individual therapy",
        case_type="individual",
        secrets_policy=None,
        participants=[tom],
    )
    issue(rivera, case)
    portal_actions.invite_client(
        acting_user=rivera,
        client=tom,
        contact_point=email_point(rivera, tom, "tom@example.org"),
        link_for=lambda token: f"{live_server.url}/portal/invite/{token}/",
    )
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/agreements/case/{case.pk}/")
    row = page.get_by_role("row", name=re.compile("Tom Reyes"))
    expect(row.locator("[data-invite]")).to_have_text("Invitation sent")
    expect(row).to_contain_text("tom@example.org")
    expect(row.get_by_role("link", name=re.compile("Send a new invitation"))).to_be_visible()
    assert_accessible(page)
