"""Agreements in a real browser: a group of three signs up through the portal and signs; a
couple with limited secrets signs in the office and on the portal; notes stay refused until
everyone has signed; the handout prints on one to three pages; keyboard, axe, 360 px."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from confide.accounts.models import User
from confide.agreements import gate
from confide.agreements.models import Signature
from confide.practice.models import Case, Client
from tests.browser.conftest import assert_accessible, login
from tests.web.test_agreements_support import make_case, make_client, make_practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"
CLIENT_PASSWORD = "a long and unusual passphrase"
CLIENT_DOB = "2000-03-14"  # make_client's default date of birth


@pytest.fixture
def clinician(transactional_db: Any) -> User:
    make_practice()
    user = User(username="dr.rivera", role="clinician", first_name="Elena", last_name="Rivera")
    user.set_password(PASSWORD)
    user.save()
    return user


def build_agreement(page: Any, live_server: Any, case: Case, picks: dict[str, str]) -> None:
    """Fill in the builder: `picks` maps a participant's name to a sharing-label choice."""
    page.goto(f"{live_server.url}/agreements/case/{case.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Build the agreement").click()
    assert_accessible(page)
    for name, label in picks.items():
        group = page.get_by_role("group", name=re.compile(f"{name}: who may hear"))
        group.get_by_label(re.compile(label)).check()
    page.get_by_role("button", name="Issue this version").click()
    expect(page.get_by_text("Version 1 issued")).to_be_visible()


def invite_link(page: Any, live_server: Any, case: Case, name: str, email: str) -> str:
    """Put an email address on file for the participant, then invite them to it."""
    from confide.practice import actions as practice_actions

    client = next(
        p.client
        for p in case.participants.select_related("client")
        if p.client.display_name == name
    )
    practice_actions.add_contact_point(
        acting_user=case.clinicians.get(),
        client=client,
        data={"kind": "email", "value": email, "may_email": True},
    )
    page.goto(f"{live_server.url}/agreements/case/{case.pk}/")
    page.get_by_role("link", name=re.compile(f"^Invite to the portal\\W+{name}$")).click()
    page.get_by_label(email).check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text(f"Invitation sent to {email}")).to_be_visible()
    found = re.search(r"https?://\S+/portal/invite/\S+/", str(mail.outbox[-1].body))
    assert found
    return found.group(0)


def sign_up_and_sign(browser: Any, link: str, full_name: str, width: int = 1280) -> Any:
    """A participant opens the invitation, chooses a password, reads and signs, by keyboard."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(link)
    assert_accessible(page)
    page.get_by_label("Your date of birth").fill(CLIENT_DOB)
    page.get_by_label("Choose a password").fill(CLIENT_PASSWORD)
    page.get_by_label("Type the password again").fill(CLIENT_PASSWORD)
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    assert_accessible(page)
    page.get_by_role("link", name="Your confidentiality agreements").click()
    page.get_by_role("link", name=re.compile("Version 1")).click()
    assert_accessible(page)
    page.get_by_label("Full name of the person signing").fill(full_name)
    page.get_by_label(re.compile("I have read this agreement")).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Sign", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your signature is recorded")).to_be_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    return context


def test_a_group_of_three_signs_up_and_signs(
    page: Any, browser: Any, live_server: Any, clinician: User
) -> None:
    members = [make_client(clinician, n) for n in ("Ana", "Ben", "Cara")]
    case = make_case(clinician, *members, case_type="group", title="Anxiety skills group")
    login(page, live_server, "dr.rivera", PASSWORD)
    build_agreement(
        page,
        live_server,
        case,
        {"Ana Miller": "Private", "Ben Miller": "Case", "Cara Miller": "Clinical"},
    )
    expect(page.get_by_text("Waiting for signatures", exact=True)).to_be_visible()
    assert_accessible(page)

    contexts = []
    for i, client in enumerate(members):
        assert not gate.notes_allowed(case)
        link = invite_link(page, live_server, case, client.display_name, f"m{i}@example.org")
        contexts.append(sign_up_and_sign(browser, link, client.full_name, 360 if i == 2 else 1280))
    assert gate.notes_allowed(case)
    assert set(Signature.objects.values_list("method", flat=True)) == {"portal"}

    page.goto(f"{live_server.url}/agreements/case/{case.pk}/")
    expect(page.get_by_text("Signed by everyone", exact=True)).to_be_visible()
    for context in contexts:
        context.close()


def test_a_couple_with_limited_secrets_signs_in_the_office_and_online(
    page: Any, browser: Any, live_server: Any, clinician: User
) -> None:
    maria = make_client(clinician, "Maria")
    david = make_client(clinician, "David")
    case = make_case(
        clinician,
        maria,
        david,
        case_type="couple",
        secrets_policy="limited_secrets",
        title="Alvarez couple therapy",
    )
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/agreements/case/{case.pk}/new/")
    page.get_by_label("Maria Miller: topics to keep private (optional)").fill("my sister's loan")
    page.get_by_role("button", name="Issue this version").click()
    expect(page.get_by_text("Version 1 issued")).to_be_visible()

    # Maria signs on the clinician's screen.
    page.get_by_role("link", name=re.compile("^Sign in the office\\W+for Maria Miller$")).click()
    expect(page.get_by_text("Our rule on secrets: Limited secrets.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Full name of the person signing").fill("Maria Miller")
    page.get_by_label(re.compile("I have read this agreement")).check()
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_text("Signature recorded")).to_be_visible()
    assert not gate.notes_allowed(case)
    expect(page.get_by_text("Waiting for signatures", exact=True)).to_be_visible()

    # David signs online and never sees Maria's private topics.
    link = invite_link(page, live_server, case, "David Miller", "david@example.org")
    context = browser.new_context()
    david_page = context.new_page()
    david_page.goto(link)
    david_page.get_by_label("Your date of birth").fill(CLIENT_DOB)
    david_page.get_by_label("Choose a password").fill(CLIENT_PASSWORD)
    david_page.get_by_label("Type the password again").fill(CLIENT_PASSWORD)
    david_page.get_by_role("button", name="Set my password").click()
    david_page.goto(f"{live_server.url}/agreements/mine/")
    david_page.get_by_role("link", name=re.compile("Version 1")).click()
    expect(david_page.get_by_text("Our rule on secrets: Limited secrets.")).to_be_visible()
    assert "my sister's loan" not in david_page.content()
    david_page.get_by_label("Full name of the person signing").fill("David Miller")
    david_page.get_by_label(re.compile("I have read this agreement")).check()
    david_page.get_by_role("button", name="Sign", exact=True).click()
    expect(david_page.get_by_text("Your signature is recorded")).to_be_visible()
    context.close()
    assert gate.notes_allowed(case)


def test_the_override_is_written_down_and_shown(
    page: Any, live_server: Any, clinician: User
) -> None:
    a, b = make_client(clinician, "Maria"), make_client(clinician, "David")
    case = make_case(clinician, a, b, case_type="couple", secrets_policy="no_secrets")
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/agreements/case/{case.pk}/")
    expect(page.get_by_text("Locked").first).to_be_visible()
    reason = "Crisis call; both sign at the next session."
    page.get_by_label("Reason for going ahead before every signature is in").fill(reason)
    page.get_by_role("button", name="Go ahead before everyone signs").click()
    expect(page.get_by_text("Override in force").first).to_be_visible()
    expect(page.get_by_text(reason).first).to_be_visible()
    assert gate.notes_allowed(case)
    page.get_by_role("button", name="Mark treatment goals done").click()
    expect(page.get_by_text("Intake step marked done")).to_be_visible()
    assert_accessible(page)


def test_the_handout_prints_on_one_to_three_pages(
    page: Any, live_server: Any, clinician: User
) -> None:
    from tests.web.test_agreements_support import add_guardian, born_years_ago, issue

    parents = [make_client(clinician, n, born_years_ago(45)) for n in ("Minh", "Lan")]
    kids = [make_client(clinician, n, born_years_ago(a)) for n, a in (("Anh", 17), ("Bao", 14))]
    add_guardian(clinician, kids[1], "Lan Nguyen")
    case = make_case(
        clinician, *parents, *kids, case_type="family", secrets_policy="no_secrets", title="Family"
    )
    agreement = issue(clinician, case)
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/agreements/{agreement.pk}/handout/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confidentiality agreement")
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    pdf = page.pdf(format="Letter")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 3, pages


def test_a_client_keeps_a_copy_and_sets_contact_preferences(
    page: Any, browser: Any, live_server: Any, clinician: User
) -> None:
    from confide.practice import actions as practice_actions

    sarah = make_client(clinician, "Sarah")
    practice_actions.add_contact_point(
        acting_user=clinician, client=sarah, data={"kind": "phone", "value": "555-0142"}
    )
    case = make_case(clinician, sarah, title="Sarah Miller: individual")
    login(page, live_server, "dr.rivera", PASSWORD)
    build_agreement(page, live_server, case, {"Sarah Miller": "Private"})
    link = invite_link(page, live_server, case, "Sarah Miller", "sarah@example.org")
    context = sign_up_and_sign(browser, link, "Sarah Miller")
    client_page = context.pages[0]
    client_page.get_by_role("link", name=re.compile("Keep a copy")).click()
    expect(client_page.get_by_role("heading", level=1)).to_have_text("Confidentiality agreement")
    expect(client_page.get_by_text("Sarah Miller (Participant)")).to_be_visible()
    client_page.goto(f"{live_server.url}/portal/contact/")
    assert_accessible(client_page)
    client_page.get_by_label("You may text (555-0142)").check()
    client_page.get_by_role("button", name="Save my preferences").click()
    expect(client_page.get_by_text("Your contact preferences are saved")).to_be_visible()
    context.close()
    assert Client.objects.get(pk=sarah.pk).contact_points.get(kind="phone").may_text


def test_agreement_pages_fit_a_360_px_screen(
    browser: Any, live_server: Any, clinician: User
) -> None:
    from tests.web.test_agreements_support import issue

    a, b = make_client(clinician, "Maria"), make_client(clinician, "David")
    case = make_case(clinician, a, b, case_type="couple", secrets_policy="accommodation")
    agreement = issue(clinician, case)
    participant = case.participants.first()
    assert participant is not None
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        login(page, live_server, "dr.rivera", PASSWORD)
        for path in [
            "/agreements/",
            f"/agreements/case/{case.pk}/",
            f"/agreements/case/{case.pk}/new/",
            f"/agreements/{agreement.pk}/",
            f"/agreements/{agreement.pk}/handout/",
            f"/agreements/{agreement.pk}/sign/{participant.pk}/",
        ]:
            page.goto(f"{live_server.url}{path}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
            assert_accessible(page)
    finally:
        context.close()


def test_a_new_version_leaves_out_who_left_and_an_override_ends_when_someone_joins(
    page: Any, live_server: Any, clinician: User
) -> None:
    from confide.practice import actions as practice_actions

    members = [make_client(clinician, n) for n in ("Ana", "Ben", "Cara")]
    case = make_case(clinician, *members, case_type="group", title="Anxiety skills group")
    cara = next(p for p in case.participants.all() if p.client_id == members[2].pk)
    practice_actions.remove_participant(acting_user=clinician, participant=cara)
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/agreements/case/{case.pk}/")
    page.get_by_role("link", name="Build the agreement").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("group", name=re.compile("Ana Miller: who may hear"))).to_be_visible()
    expect(page.get_by_role("group", name=re.compile("Cara Miller: who may hear"))).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Issue this version").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Version 1 issued")).to_be_visible()
    assert gate.gate_status(case).unsigned_names == ["Ana Miller", "Ben Miller"]

    reason = "Crisis session; both sign at the next one."
    page.get_by_label("Reason for going ahead before every signature is in").fill(reason)
    page.get_by_role("button", name="Go ahead before everyone signs").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Override in force").first).to_be_visible()
    practice_actions.add_participant(
        acting_user=clinician, case=case, client=make_client(clinician, "Dan")
    )
    page.reload()
    expect(page.locator(".badge", has_text="Override in force")).to_have_count(0)
    expect(page.get_by_text("Ended: someone joined after it")).to_be_visible()
    expect(page.get_by_text("Locked").first).to_be_visible()
    assert not gate.notes_allowed(case)
    assert_accessible(page)


def test_intake_is_held_after_the_secrets_policy_changes(
    page: Any, live_server: Any, clinician: User
) -> None:
    from confide.agreements import actions as agreement_actions
    from confide.practice import actions as practice_actions

    a, b = make_client(clinician, "Maria"), make_client(clinician, "David")
    case = make_case(clinician, a, b, case_type="couple", secrets_policy="no_secrets")
    agreement_actions.override_gate(
        acting_user=clinician, case=case, reason="Crisis call; both sign at the next session."
    )
    practice_actions.update_case(
        acting_user=clinician,
        case=case,
        title=case.title,
        clinicians=[clinician],
        secrets_policy="limited_secrets",
    )
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/agreements/case/{case.pk}/")
    intake = page.get_by_role("region", name="Intake checklist")
    expect(intake.get_by_text("Locked: the secrets policy changed").first).to_be_visible()
    expect(intake.get_by_role("button")).to_have_count(0)
    assert_accessible(page)


def test_a_no_secrets_builder_offers_no_private_choice_and_starts_at_case(
    page: Any, live_server: Any, clinician: User
) -> None:
    """Under no secrets the builder cannot contradict the agreement: no participant is offered
    "Private", each starts at the case's sharing, and the issued text never says "(private)"."""
    a, b = make_client(clinician, "Maria"), make_client(clinician, "David")
    case = make_case(clinician, a, b, case_type="couple", secrets_policy="no_secrets")
    login(page, live_server, "dr.rivera", PASSWORD)
    page.goto(f"{live_server.url}/agreements/case/{case.pk}/")
    page.get_by_role("link", name="Build the agreement").click()
    assert_accessible(page)
    for name in ("Maria", "David"):
        group = page.get_by_role("group", name=re.compile(f"{name}.*: who may hear"))
        expect(group.get_by_role("radio").first).to_be_visible()
        expect(group.get_by_role("radio", name=re.compile("^Private"))).to_have_count(0)
        assert group.locator("input[type=radio]:checked").get_attribute("value") == "case"
    page.get_by_role("button", name="Issue this version").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Version 1 issued")).to_be_visible()
    expect(page.get_by_text("(private)")).to_have_count(0)
    agreement = case.agreements.get()
    assert "(private)" not in agreement.shared_text
