"""The Notice of Privacy Practices: every element of 45 CFR 164.520(b)(1) for every
jurisdiction in the rule pack, plain language, versions drafted, reviewed and published by
the privacy officer, the public page, acknowledgments in the office and the portal, and the
practice's confidentiality policy versions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import textstat
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from confide.accounts.models import User
from confide.agreements.markup import plain_language
from confide.audit.models import AuditEvent
from confide.notices import access, actions
from confide.notices.compose import HEADER, NoticeInputs, compose
from confide.notices.models import NoticeAcknowledgment, NoticeVersion
from confide.policy.jurisdictions import all_jurisdictions
from confide.practice.models import Client, Practice
from tests.web.test_agreements_support import make_case, make_client, make_practice, make_user

EFFECTIVE = dt.date(2026, 12, 1)
# What each paragraph of 164.520(b)(1) requires, as words the notice must contain.
ELEMENTS: dict[str, list[str]] = {
    "(i) header": [HEADER],
    "(ii)(A) treatment, payment, operations, each with an example": [
        "Treatment: to care for you. For example",
        "Payment: to get paid for your care. For example",
        "Health care operations: to run our practice well. For example",
    ],
    "(ii)(B) other purposes without authorization": [
        "When a law requires it",
        "public health",
        "health oversight",
        "judge orders it",
        "To the police",
        "research",
        "medical examiner",
        "workers' compensation",
        "national security",
    ],
    "(ii)(E) uses needing authorization, and revocation": [
        "written permission",
        "Psychotherapy notes",
        "Marketing",
        "never sell",
        "take back (revoke)",
    ],
    "(iv) rights": [
        "Ask us to limit what we use or share. We do not have to agree",
        "pay for a service in full yourself",
        "contact you in a private way",
        "See and get a copy of your record",
        "Ask us to correct your record",
        "Get a list of the times we shared your information",
        "Get a paper copy of this notice",
    ],
    "(v) duties": [
        "The law requires us to keep your information private",
        "notice of our legal duties and privacy practices",
        "breach",
        "We must follow the notice that is in effect now",
        "We may change this notice",
        "A new notice will be on our web site",
    ],
    "(vi) complaints": [
        "you can complain to us",
        "U.S. Department of Health and Human Services",
        "We will never act against you or treat you worse for making a complaint",
    ],
    "(vii) contact": ["the privacy officer", "555-0100"],
    "(viii) effective date": ["Effective date: 1 December 2026"],
}


def inputs(code: str, **extra: object) -> NoticeInputs:
    return NoticeInputs(
        practice_name="Harbor Light Counseling",
        jurisdiction=code,
        effective_on=EFFECTIVE,
        contact_title="the privacy officer",
        contact_phone="555-0100",
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("place", all_jurisdictions(), ids=lambda p: p.code)
def test_every_element_of_164_520_b_is_in_every_jurisdictions_notice(place: object) -> None:
    code = place.code  # type: ignore[attr-defined]
    text = compose(inputs(code))
    for element, phrases in ELEMENTS.items():
        for phrase in phrases:
            assert phrase in text, f"{code}: {element}: {phrase!r} missing"
    state = place.state  # type: ignore[attr-defined]
    if state is None:
        assert "Stricter rules" not in text
        return
    # The state's stricter rules, each cited in the notes.
    assert f"Stricter rules in {state.name}" in text
    for rule in (state.duty_to_protect, state.minor_consent, state.child_abuse, state.adult_abuse):
        assert f"{rule.rule.title}. {rule.rule.citation}." in text, (code, rule.rule.id)
    assert state.child_abuse.report_to in text
    if state.privilege is not None:
        assert state.privilege.rule.citation in text


def test_every_footnote_mark_has_its_note_and_no_note_is_unused() -> None:
    text = compose(inputs("US-IL", holds_part2=True))
    body, notes = text.split("## Notes: the laws behind this notice")
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    listed = [int(n) for n in re.findall(r"^\[(\d+)\] ", notes, flags=re.M)]
    assert listed == list(range(1, len(listed) + 1))
    assert numbers == set(listed)


def test_part2_statements_only_when_the_practice_holds_such_records() -> None:
    without = compose(inputs("US-CA"))
    with_part2 = compose(inputs("US-CA", holds_part2=True))
    assert "42 CFR Part 2" not in without
    assert "Records of substance use treatment" in with_part2
    assert "42 CFR 2.61-2.65" in with_part2
    assert "A subpoena alone is never enough" in with_part2


def test_the_threat_wording_follows_the_licences_the_practice_holds() -> None:
    # Illinois: a duty for psychologists and the like, permissive for "other" licences.
    assert "your therapist must act" in compose(inputs("US-IL", licence_types=("PsyD",)))
    text = compose(inputs("US-IL", licence_types=("Reiki practitioner",)))
    assert "your therapist must act" in text  # unknown licences fall back to psychologist


def test_the_notice_is_plain_language_in_every_jurisdiction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Count syllables with Pyphen's bundled dictionary: no corpus download in tests.
    monkeypatch.setattr("textstat.backend.counts._count_syllables.get_cmudict", lambda lang: None)
    grades = {}
    for place in all_jurisdictions():
        text = compose(inputs(place.code, holds_part2=True))
        grades[place.code] = textstat.flesch_kincaid_grade(plain_language(text))
    worst = max(grades, key=lambda code: grades[code])
    assert grades[worst] <= 8, (worst, grades[worst])


# The versions ------------------------------------------------------------------------------


@pytest.fixture
def officer(db: object) -> User:
    make_practice("US-IL")
    return make_user("delgado", "privacy_officer")


def draft(by: User, **extra: object) -> NoticeVersion:
    data = {
        "contact_title": "Sam Delgado, privacy officer",
        "contact_phone": "555-0100",
        "effective_on": timezone.localdate(),
        **extra,
    }
    return actions.save_notice_draft(acting_user=by, data=data)


def publish(by: User, notice: NoticeVersion) -> NoticeVersion:
    actions.review_notice(acting_user=by, notice=notice)
    return actions.publish_notice(acting_user=by, notice=notice)


def browser_for(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def test_draft_review_publish_and_the_previous_version_is_kept(officer: User) -> None:
    first = draft(officer)
    with pytest.raises(ValidationError):
        actions.publish_notice(acting_user=officer, notice=first)  # not reviewed yet
    first = publish(officer, first)
    assert access.current_notice() == first and "Illinois" in first.text
    text = first.text
    with pytest.raises(ValidationError):
        actions.save_notice_draft(
            acting_user=officer,
            data={"contact_title": "x", "contact_phone": "1", "effective_on": EFFECTIVE},
            notice=first,
        )
    second = publish(officer, draft(officer, contact_phone="555-0199"))
    first.refresh_from_db()
    assert first.text == text and first.superseded_at is not None
    assert access.current_notice() == second and second.number == 2
    assert first.kept_until >= timezone.localdate().replace(year=timezone.localdate().year + 6)
    summaries = list(AuditEvent.objects.values_list("summary", flat=True))
    assert "Notice of Privacy Practices version 2 published" in summaries


def test_an_effective_date_in_the_past_cannot_be_published(officer: User) -> None:
    notice = draft(officer, effective_on=timezone.localdate() - dt.timedelta(days=3))
    actions.review_notice(acting_user=officer, notice=notice)
    with pytest.raises(ValidationError):
        actions.publish_notice(acting_user=officer, notice=notice)
    notice.refresh_from_db()
    assert notice.status == "reviewed"


def test_missing_contact_changes_nothing(officer: User) -> None:
    with pytest.raises(ValidationError) as error:
        actions.save_notice_draft(
            acting_user=officer, data={"contact_title": "", "effective_on": EFFECTIVE}
        )
    assert "contact_phone" in error.value.message_dict
    assert not NoticeVersion.objects.exists()


def test_only_the_privacy_officer_drafts(officer: User) -> None:
    clinician = make_user("rivera")
    with pytest.raises(PermissionDenied):
        draft(clinician)
    response = browser_for(clinician).get(reverse("notices:manage"))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="access_denied", actor=clinician).exists()


def test_part2_setting_is_saved_on_the_practice_and_audited(officer: User) -> None:
    notice = draft(officer, holds_part2=True)
    assert Practice.current().holds_substance_use_records  # type: ignore[union-attr]
    assert "Records of substance use treatment" in notice.text
    assert AuditEvent.objects.filter(summary__contains="substance use disorder records").exists()


def test_the_public_page_needs_no_sign_in_and_keeps_old_versions(officer: User) -> None:
    anonymous = HttpClient()
    assert "not posted yet" in anonymous.get(reverse("notices:public")).content.decode()
    first = publish(officer, draft(officer))
    publish(officer, draft(officer, contact_phone="555-0199"))
    page = anonymous.get(reverse("notices:public")).content.decode()
    assert "555-0199" in page and "Version 1</a>" in page
    old = anonymous.get(reverse("notices:public_version", args=[first.number])).content.decode()
    assert "earlier version" in old and "555-0100" in old
    login = anonymous.get(reverse("accounts:login")).content.decode()
    assert reverse("notices:public") in login
    # A draft is never public.
    third = draft(officer)
    assert anonymous.get(reverse("notices:public_version", args=[third.number])).status_code == 404


# Acknowledgments ---------------------------------------------------------------------------


def test_acknowledgments_office_declined_and_portal(officer: User) -> None:
    rivera = make_user("rivera")
    sarah = make_client(rivera, "Sarah")
    jake = make_client(rivera, "Jake")
    maria = make_client(rivera, "Maria")
    for client in (sarah, jake, maria):
        make_case(rivera, client, title=f"{client.first_name}: individual")
    with pytest.raises(ValidationError):
        actions.record_acknowledgment(acting_user=rivera, client=sarah, outcome="acknowledged")
    publish(officer, draft(officer))
    assert access.count_without_acknowledgment(officer) == 3
    actions.record_acknowledgment(acting_user=rivera, client=sarah, outcome="acknowledged")
    with pytest.raises(ValidationError):
        actions.record_acknowledgment(acting_user=rivera, client=jake, outcome="declined")
    actions.record_acknowledgment(
        acting_user=rivera,
        client=jake,
        outcome="declined",
        good_faith_note="Gave him the notice; he would not sign.",
    )
    with pytest.raises(ValidationError):
        actions.record_acknowledgment(acting_user=rivera, client=sarah, outcome="acknowledged")
    portal = User.objects.create_user("maria", password="x" * 16, role="client")
    Client.objects.filter(pk=maria.pk).update(portal_user=portal)
    ack = actions.acknowledge_in_portal(acting_user=portal)
    assert ack.method == "portal" and ack.client_id == maria.pk
    assert access.count_without_acknowledgment(officer) == 0
    assert NoticeAcknowledgment.objects.count() == 3
    declined = NoticeAcknowledgment.objects.get(client=jake)
    assert declined.good_faith_note.startswith("Gave him")


def test_a_clinician_sees_only_their_own_clients_without_acknowledgment(officer: User) -> None:
    rivera, chen = make_user("rivera"), make_user("chen")
    sarah = make_client(rivera, "Sarah")
    make_case(rivera, sarah, title="Sarah: individual")
    nguyen = make_client(chen, "Linh")
    make_case(chen, nguyen, title="Nguyen: individual")
    publish(officer, draft(officer))
    page = browser_for(rivera).get(reverse("notices:pending")).content.decode()
    assert "Sarah Miller" in page and "Linh" not in page
    with pytest.raises(PermissionDenied):
        actions.record_acknowledgment(acting_user=rivera, client=nguyen, outcome="acknowledged")
    response = browser_for(rivera).get(reverse("notices:acknowledge", args=[nguyen.pk]))
    assert response.status_code == 404
    dashboard = browser_for(rivera).get("/").content.decode()
    assert "1 client has not acknowledged the Notice of Privacy Practices" in dashboard
    officer_page = browser_for(officer).get("/").content.decode()
    assert "2 clients have not acknowledged" in officer_page and "Sarah" not in officer_page


# Policies ----------------------------------------------------------------------------------


def test_policy_versions_with_author_approver_and_dates(officer: User) -> None:
    admin = User.objects.get(username="admin")
    first = actions.save_policy_draft(acting_user=admin, title="Policy", text="## Who\n- x")
    with pytest.raises(PermissionDenied):
        actions.approve_policy(acting_user=admin, policy=first, effective_on=EFFECTIVE)
    first = actions.approve_policy(acting_user=officer, policy=first, effective_on=EFFECTIVE)
    assert first.author == admin and first.approved_by == officer and first.is_current
    with pytest.raises(ValidationError):
        actions.save_policy_draft(acting_user=admin, title="P", text="y", policy=first)
    second = actions.save_policy_draft(acting_user=officer, title="Policy", text="## Who\n- y")
    actions.approve_policy(acting_user=officer, policy=second, effective_on=EFFECTIVE)
    first.refresh_from_db()
    assert first.superseded_at is not None and first.text.startswith("## Who\n- x")
    clinician = make_user("rivera")
    listing = browser_for(clinician).get(reverse("notices:policies")).content.decode()
    assert "Version 2" in listing and "Version 1" in listing
    approve = reverse("notices:policy_approve", args=[second.pk])
    assert browser_for(clinician).post(approve, {"effective_on": "2026-12-01"}).status_code == 404


def test_the_default_policy_is_drawn_from_the_state_rules(officer: User) -> None:
    page = browser_for(officer).get(reverse("notices:policy_new")).content.decode()
    assert "405 ILCS 5/6-103" in page and "Breach response" in page


def test_the_agreement_links_the_notice_rather_than_repeating_it(officer: User) -> None:
    from tests.web.test_agreements_support import issue

    rivera = make_user("rivera")
    sarah = make_client(rivera, "Sarah")
    agreement = issue(rivera, make_case(rivera, sarah, title="Sarah: individual"))
    assert "Notice of Privacy Practices" in agreement.shared_text
    assert reverse("notices:public") in agreement.shared_text
    assert "Get a paper copy of this notice" not in agreement.shared_text


def test_a_rule_change_tells_the_privacy_officer_to_review_the_notice(
    officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from confide import rulepack
    from confide.policy import jurisdiction

    publish(officer, draft(officer))
    http = browser_for(officer)
    warning = "The rules for this state changed since the notice was drafted"
    assert warning not in http.get("/").content.decode()
    real = jurisdiction("US-IL")
    assert real.state is not None
    abuse = real.state.child_abuse
    changed_rule = dataclasses.replace(abuse.rule, citation="325 ILCS 5/4(a) (amended)")
    state = dataclasses.replace(
        real.state, child_abuse=dataclasses.replace(abuse, rule=changed_rule)
    )
    changed = dataclasses.replace(real, state=state)
    monkeypatch.setattr(rulepack, "jurisdiction", lambda code: changed)
    assert warning in http.get("/").content.decode()
    assert (
        "changed since this version was drafted"
        in http.get(reverse("notices:manage")).content.decode()
    )
