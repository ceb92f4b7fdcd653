"""The practice's notice, front desk and training in a real browser, by keyboard, with axe:
the privacy officer publishes a notice, a client acknowledges it in the portal and the
dashboard counts who has not; a receptionist records a caller's request without seeing the
client's case; a clinician completes training, the privacy officer's record shows it, and a
rule change makes it due again."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from confide import rulepack
from confide.accounts.models import User
from confide.disclosures.models import InformationRequest
from confide.notices.models import NoticeAcknowledgment
from confide.policy import jurisdiction
from confide.portal import actions as portal_actions
from confide.practice import actions as practice_actions
from confide.training.exercises import EXERCISES
from tests.browser.conftest import assert_accessible, login
from tests.web.test_agreements_support import make_case, make_client, make_practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def staff(username: str, role: str, first: str, last: str) -> User:
    user = User(username=username, role=role, first_name=first, last_name=last)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def world(transactional_db: Any) -> dict[str, Any]:
    make_practice("US-IL")
    rivera = staff("dr.rivera", "clinician", "Elena", "Rivera")
    officer = staff("privacy", "privacy_officer", "Sam", "Delgado")
    desk = staff("frontdesk", "front_desk", "Robin", "Hale")
    sarah = make_client(rivera, "Sarah")
    jake = make_client(rivera, "Jake")
    make_case(rivera, sarah, title="Sarah Miller: individual therapy")
    make_case(rivera, jake, title="Jake Miller: individual therapy")
    point = practice_actions.add_contact_point(
        acting_user=rivera,
        client=sarah,
        data={"kind": "email", "value": "sarah@example.org", "may_email": True, "label": "home"},
    )
    invite, _token = portal_actions.create_invite(
        acting_user=rivera, client=sarah, contact_point=point
    )
    portal_actions.accept_invite(
        acting_user=None, invite=invite, date_of_birth=sarah.date_of_birth, password=PASSWORD
    )
    return {"rivera": rivera, "officer": officer, "desk": desk, "sarah": sarah, "jake": jake}


def press(page: Any, locator: Any) -> None:
    locator.focus()
    page.keyboard.press("Enter")


def test_publish_a_notice_acknowledge_in_the_portal_and_count_who_has_not(
    page: Any, browser: Any, live_server: Any, world: dict[str, Any]
) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    press(page, page.get_by_role("link", name="Our Notice of Privacy Practices"))
    expect(page.get_by_text("Our notice is not posted yet")).to_be_visible()

    login(page, live_server, "privacy", PASSWORD)
    press(
        page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Privacy notice")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Notice of Privacy Practices")
    assert_accessible(page)
    press(page, page.get_by_role("link", name="Draft a new version"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft a new notice")
    assert_accessible(page)
    page.get_by_label("Who clients contact").fill("Sam Delgado, privacy officer")
    page.get_by_label("Telephone number").fill("(312) 555-0100")
    press(page, page.get_by_role("button", name="Save the draft"))
    expect(page.get_by_text("Draft version 1 is ready to review")).to_be_visible()
    expect(page.get_by_text("Stricter rules in Illinois")).to_be_visible()
    assert_accessible(page)
    press(page, page.get_by_role("button", name="Mark as reviewed"))
    press(page, page.get_by_role("button", name="Publish this version"))
    expect(page.get_by_text("Version 1 is published")).to_be_visible()

    page.goto(f"{live_server.url}/")
    attention = page.get_by_role("region", name="Needs attention")
    expect(attention).to_contain_text("2 clients have not acknowledged")
    expect(attention).not_to_contain_text("Sarah")

    context = browser.new_context()
    client_page = context.new_page()
    client_page.goto(f"{live_server.url}/accounts/login/")
    client_page.get_by_label("Username").fill("sarah@example.org")
    client_page.get_by_label("Password").fill(PASSWORD)
    client_page.get_by_role("button", name="Sign in").click()
    expect(client_page.get_by_role("heading", level=1)).to_contain_text("Hello")
    press(client_page, client_page.get_by_role("link", name="Notice of Privacy Practices"))
    expect(client_page.get_by_text("PLEASE REVIEW IT CAREFULLY")).to_be_visible()
    assert_accessible(client_page)
    press(client_page, client_page.get_by_role("button", name="I received this notice"))
    expect(client_page.get_by_text("We have recorded that you received the notice")).to_be_visible()
    context.close()
    ack = NoticeAcknowledgment.objects.get()
    assert ack.client_id == world["sarah"].pk and ack.method == "portal"

    page.reload()
    attention = page.get_by_role("region", name="Needs attention")
    expect(attention).to_contain_text("1 client has not acknowledged")

    anonymous = browser.new_context().new_page()
    anonymous.goto(f"{live_server.url}/notices/public/")
    expect(anonymous.get_by_text("(312) 555-0100").first).to_be_visible()
    assert_accessible(anonymous)
    anonymous.context.close()


def test_the_receptionist_records_a_callers_request_without_seeing_the_case(
    page: Any, live_server: Any, world: dict[str, Any]
) -> None:
    login(page, live_server, "frontdesk", PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Clients")).to_have_count(0)
    press(page, nav.get_by_role("link", name="Front desk"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Front desk: answering the phone")
    expect(page.get_by_text(re.compile("neither confirm nor deny"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Caller's name").fill("Tom Miller")
    page.get_by_label("How to call them back").fill("(312) 555-0191")
    page.get_by_label("Who is calling").select_option("parent")
    page.get_by_label("The name they asked about").fill("Sarah Miller")
    page.get_by_label("What they asked for").select_option("general_progress")
    page.get_by_label("Their message, in their words").fill("Worried; wants a call back.")
    press(page, page.get_by_role("button", name="Record the message"))
    expect(page.get_by_text("The message is recorded for the practice")).to_be_visible()
    body = page.content()
    assert "individual therapy" not in body and "Jake" not in body
    request = InformationRequest.objects.get()
    assert request.recorded_by == world["desk"] and request.client is None

    response = page.goto(f"{live_server.url}/clients/{world['sarah'].pk}/")
    assert response is not None and response.status == 404
    response = page.goto(f"{live_server.url}/disclosures/")
    assert response is not None and response.status == 404


def change_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulate a rule change: the Illinois duty-to-protect citation is amended."""
    real = jurisdiction("US-IL")
    assert real.state is not None
    duty = real.state.duty_to_protect
    rule = dataclasses.replace(duty.rule, citation=duty.rule.citation + " (amended)")
    state = dataclasses.replace(real.state, duty_to_protect=dataclasses.replace(duty, rule=rule))
    changed = dataclasses.replace(real, state=state)
    monkeypatch.setattr(rulepack, "jurisdiction", lambda c: changed if c == "US-IL" else real)


def test_a_clinician_completes_training_then_a_rule_change_makes_it_due_again(
    page: Any, browser: Any, live_server: Any, world: dict[str, Any], monkeypatch: Any
) -> None:
    login(page, live_server, "dr.rivera", PASSWORD)
    press(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Training"))
    expect(page.get_by_text("Not trained yet")).to_be_visible()
    assert_accessible(page)
    press(page, page.get_by_role("button", name="Start the training"))
    for number, exercise in enumerate(EXERCISES, 1):
        expect(page.get_by_role("heading", level=1)).to_have_text(str(exercise.title))
        group = page.get_by_role("group", name="What do you do?")
        group.get_by_role("radio").first.focus()
        page.keyboard.press("Space")
        press(page, page.get_by_role("button", name="See the advice"))
        expect(page.get_by_role("heading", name=re.compile("Your answer"))).to_be_visible()
        expect(page.get_by_text("The rules advise:")).to_be_visible()
        if number == 1:
            assert_accessible(page)
        if number < len(EXERCISES):
            press(page, page.get_by_role("link", name=re.compile("Next situation")))
        else:
            press(page, page.get_by_role("link", name=re.compile("Back to the list")))
    press(page, page.get_by_role("button", name="Complete the training"))
    expect(page.get_by_text("Training complete")).to_be_visible()
    expect(page.get_by_text("Up to date")).to_be_visible()

    context = browser.new_context()
    officer = context.new_page()
    login(officer, live_server, "privacy", PASSWORD)
    press(
        officer,
        officer.get_by_role("navigation", name="Main").get_by_role("link", name="Training record"),
    )
    row = officer.locator("tr[data-user='dr.rivera']")
    expect(row).to_contain_text("Up to date")
    expect(row).to_contain_text(re.compile(r"\d of 7 as advised"))
    assert_accessible(officer)

    change_rules(monkeypatch)
    officer.reload()
    row = officer.locator("tr[data-user='dr.rivera']")
    expect(row).to_contain_text("The rules for this state changed since the last training")
    page.goto(f"{live_server.url}/training/")
    expect(page.get_by_text("The rules for this state changed")).to_be_visible()
    expect(page.get_by_role("button", name="Start the training")).to_be_visible()
    context.close()


def test_office_acknowledgment_with_a_good_faith_record_and_the_policy_approved(
    page: Any, browser: Any, live_server: Any, world: dict[str, Any]
) -> None:
    from confide.notices import actions as notice_actions

    officer = world["officer"]
    notice = notice_actions.save_notice_draft(
        acting_user=officer,
        data={
            "contact_title": "the privacy officer",
            "contact_phone": "555-0100",
            "effective_on": timezone.localdate(),
        },
    )
    notice_actions.review_notice(acting_user=officer, notice=notice)
    notice_actions.publish_notice(acting_user=officer, notice=notice)

    login(page, live_server, "dr.rivera", PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    press(page, nav.get_by_role("link", name="Notice acknowledgments"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Notice acknowledgments")
    assert_accessible(page)
    press(page, page.get_by_role("link", name="Jake Miller"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jake Miller")
    assert_accessible(page)
    page.get_by_label("Declined to sign: good-faith effort recorded").check()
    press(page, page.get_by_role("button", name="Record"))
    expect(page.get_by_role("alert")).to_contain_text("why the acknowledgment was not obtained")
    page.get_by_label(re.compile("If the client declined")).fill("Gave it at intake; declined.")
    press(page, page.get_by_role("button", name="Record"))
    expect(page.get_by_text("Recorded for Jake Miller")).to_be_visible()
    expect(page.get_by_role("region", name="Declined: good-faith effort recorded")).to_contain_text(
        "Jake Miller"
    )

    context = browser.new_context()
    po = context.new_page()
    login(po, live_server, "privacy", PASSWORD)
    press(po, po.get_by_role("navigation", name="Main").get_by_role("link", name="Policy"))
    expect(po.get_by_role("heading", level=1)).to_have_text("Confidentiality policy and procedures")
    assert_accessible(po)
    press(po, po.get_by_role("link", name="Write a new version"))
    expect(po.get_by_label("Policy text")).to_contain_text("405 ILCS 5/6-103")
    assert_accessible(po)
    press(po, po.get_by_role("button", name="Save the draft"))
    expect(po.get_by_text("Draft version 1 is saved")).to_be_visible()
    assert_accessible(po)
    press(po, po.get_by_role("button", name="Approve this version"))
    expect(po.get_by_text("Version 1 is approved")).to_be_visible()
    expect(po.get_by_text("Sam Delgado,").first).to_be_visible()
    context.close()
