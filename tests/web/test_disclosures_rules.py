"""The rules behind authorizations, releases and the accounting: joint records need every
signature, psychotherapy notes stay separate, expiry and revocation act at once, the dashboard
warns before expiry, the accounting keeps its six-year window, exclusions and suspensions, and
a release carries only what the visibility rule lets through."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.disclosures import accounting, actions
from confide.disclosures import authorizations as rules
from confide.disclosures.assembly import assemble
from confide.disclosures.attention_providers import expiring_authorizations, warning_level
from confide.disclosures.models import Authorization, Release
from confide.practice.models import Client
from confide.records import actions as records_actions
from confide.records.actions import SegmentInput
from tests.web.test_practice_records import make_case, make_client, make_user

pytestmark = pytest.mark.django_db
BASIS = [{"rule": "us.hipaa.required_by_law", "citation": "45 CFR 164.512(a)"}]


@pytest.fixture
def rivera() -> User:
    return make_user("rivera")


def auth_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "standard",
        "information": ["attendance"],
        "information_description": "Session dates",
        "discloser": "Harbor Light Counseling",
        "recipient_name": "Dr. Park",
        "purpose": "Care coordination",
        "expires_on": timezone.localdate() + dt.timedelta(days=60),
        "statements_acknowledged": True,
    }
    return data | overrides


def grant(user: User, client: Client, **kw: Any) -> Authorization:
    case = kw.pop("case", None)
    return actions.create_authorization(
        acting_user=user, client=client, case=case, data=auth_data(**kw), signed_name="Signer"
    )


# --- authorizations ----------------------------------------------------------------------


def test_a_joint_record_authorization_covers_nothing_until_every_participant_signs(
    rivera: User,
) -> None:
    maria, david = make_client(rivera, "Maria"), make_client(rivera, "David")
    case = make_case(rivera, maria, david, case_type="couple", secrets_policy="limited_secrets")
    auth = grant(rivera, maria, case=case)
    assert rules.status(auth).code == "awaiting_signatures"
    assert not rules.covers(auth, ["attendance"], "Dr. Park")
    outsider = make_client(rivera, "Olga")
    with pytest.raises(ValidationError):
        actions.sign_authorization(
            acting_user=rivera, authorization=auth, signer=outsider, typed_name="Olga"
        )
    actions.sign_authorization(
        acting_user=rivera, authorization=auth, signer=david, typed_name="David Miller"
    )
    assert rules.status(auth).is_active
    assert rules.covers(auth, ["attendance"], "dr. park")
    assert not rules.covers(auth, ["attendance"], "Dr. Parker")
    assert not rules.covers(auth, ["attendance", "diagnosis"], "Dr. Park")


@pytest.mark.parametrize(
    "bad",
    [
        {"information": ["attendance", "psychotherapy_notes"]},
        {"kind": "psychotherapy_notes", "information": ["psychotherapy_notes", "diagnosis"]},
        {"information": ["substance_use_records"]},
        {"expires_on": None},
        {"statements_acknowledged": False},
        {"purpose": " "},
        {"recipient_name": ""},
        {"expires_on": dt.date(2020, 1, 1)},
    ],
)
def test_a_defective_authorization_is_refused_and_changes_nothing(
    rivera: User, bad: dict[str, Any]
) -> None:
    sarah = make_client(rivera)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        grant(rivera, sarah, **bad)
    assert Authorization.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_psychotherapy_notes_and_substance_use_authorizations_with_their_elements(
    rivera: User,
) -> None:
    sarah = make_client(rivera)
    pn = grant(rivera, sarah, kind="psychotherapy_notes", information=["psychotherapy_notes"])
    sud = grant(
        rivera,
        sarah,
        information=["substance_use_records"],
        substance_use_description="Dates and results of alcohol use screening",
    )
    assert rules.status(pn).is_active and rules.status(sud).is_active


def test_expiry_takes_effect_the_next_day(rivera: User) -> None:
    sarah = make_client(rivera)
    auth = grant(rivera, sarah, expires_on=timezone.localdate() + dt.timedelta(days=3))
    last_day = timezone.localdate() + dt.timedelta(days=3)
    assert rules.covers(auth, ["attendance"], "Dr. Park", today=last_day)
    assert not rules.covers(auth, ["attendance"], "Dr. Park", today=last_day + dt.timedelta(1))
    assert rules.status(auth, last_day + dt.timedelta(1)).code == "expired"


def test_only_the_client_or_their_clinician_revokes(rivera: User) -> None:
    sarah = make_client(rivera)
    make_case(rivera, sarah)
    auth = grant(rivera, sarah)
    with pytest.raises(PermissionDenied):
        actions.revoke_authorization(acting_user=make_user("chen"), authorization=auth)
    actions.revoke_authorization(acting_user=rivera, authorization=auth)
    assert rules.status(auth).code == "revoked"
    with pytest.raises(ValidationError):
        actions.revoke_authorization(acting_user=rivera, authorization=auth)


def test_recording_a_revocation_asks_for_a_confirmation_first(rivera: User) -> None:
    sarah = make_client(rivera)
    make_case(rivera, sarah)
    auth = grant(rivera, sarah)
    http = HttpClient()
    http.force_login(rivera)
    url = reverse("disclosures:authorization_revoke", args=[auth.pk])
    detail = http.get(reverse("disclosures:authorization_detail", args=[auth.pk])).content
    assert url.encode() in detail  # the detail page links to the confirmation
    page = http.get(url)
    assert page.status_code == 200 and b"I understand" in page.content
    before = AuditEvent.objects.filter(summary="Authorization revoked").count()
    refused = http.post(url, {})
    assert refused.status_code == 422 and b"Tick the box" in refused.content
    auth.refresh_from_db()
    assert auth.revoked_at is None
    assert AuditEvent.objects.filter(summary="Authorization revoked").count() == before
    done = http.post(url, {"confirm": "on"})
    assert done.status_code == 302
    auth.refresh_from_db()
    assert auth.revoked_at is not None and auth.revoked_by == rivera
    assert AuditEvent.objects.filter(summary="Authorization revoked").count() == before + 1
    # Once revoked, the page sends the clinician back to the record.
    assert http.get(url).status_code == 302


# --- expiry warnings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "level"),
    [
        (31, None),
        (30, "info"),
        (15, "info"),
        (14, "warn"),
        (8, "warn"),
        (7, "danger"),
        (0, "danger"),
        (-1, None),
    ],
)
def test_warning_levels(days: int, level: str | None) -> None:
    assert warning_level(days) == level


def test_the_dashboard_warns_30_14_and_7_days_before_expiry(rivera: User) -> None:
    sarah = make_client(rivera)
    make_case(rivera, sarah)
    start = timezone.now()
    expires = timezone.localdate() + dt.timedelta(days=40)
    grant(rivera, sarah, expires_on=expires)
    seen = {}
    for days_before in (35, 30, 14, 7, 0):
        moment = start + dt.timedelta(days=40 - days_before)
        with time_machine.travel(moment, tick=False):
            items = expiring_authorizations(rivera)
            seen[days_before] = [i.level for i in items]
    assert seen == {35: [], 30: ["info"], 14: ["warn"], 7: ["danger"], 0: ["danger"]}
    with time_machine.travel(start + dt.timedelta(days=41), tick=False):
        assert expiring_authorizations(rivera) == []
    assert expiring_authorizations(make_user("chen")) == []


# --- the accounting ----------------------------------------------------------------------


def release(rivera: User, client: Client, **kw: Any) -> Release:
    args: dict[str, Any] = {
        "recipient": "County CPS",
        "description": "Abuse report",
        "purpose": "Mandated report",
        "categories": ["treatment_progress"],
        "basis": BASIS,
    }
    return actions.record_release(acting_user=rivera, client=client, **(args | kw))


def test_the_accounting_covers_six_years_and_marks_exclusions(rivera: User) -> None:
    sarah = make_client(rivera)
    make_case(rivera, sarah)
    now = timezone.now()
    with time_machine.travel(now - dt.timedelta(days=365 * 7), tick=False):
        release(rivera, sarah, recipient="Too old")
    with time_machine.travel(now - dt.timedelta(days=365 * 5), tick=False):
        release(rivera, sarah, recipient="Five years ago")
    release(rivera, sarah, recipient="Insurer", excluded_from_accounting_reason="tpo")
    found = accounting.entries(Release.objects.filter(client=sarah))
    assert [e.recipient for e in found] == ["Insurer", "Five years ago"]
    assert [e.recipient for e in accounting.required(found)] == ["Five years ago"]
    excluded = accounting.excluded(found)[0]
    assert excluded.excluded_citation == "45 CFR 164.528(a)(1)(i)"


def test_a_release_before_the_compliance_date_is_excluded_by_date(rivera: User) -> None:
    sarah = make_client(rivera)
    make_case(rivera, sarah)
    with time_machine.travel(dt.datetime(2003, 1, 10, 12, tzinfo=dt.UTC), tick=False):
        release(rivera, sarah)
    with time_machine.travel(dt.datetime(2008, 1, 10, 12, tzinfo=dt.UTC), tick=False):
        (entry,) = accounting.entries(Release.objects.filter(client=sarah))
    assert entry.excluded == "Before the compliance date"


def test_a_suspension_hides_the_entry_from_the_client_until_it_ends(rivera: User) -> None:
    sarah = make_client(rivera)
    make_case(rivera, sarah)
    made = release(rivera, sarah, recipient="State health oversight agency")
    ends = timezone.localdate() + dt.timedelta(days=20)
    with pytest.raises(ValidationError):
        actions.suspend_accounting(
            acting_user=rivera,
            release=made,
            agency="Agency",
            statement="Oral request",
            in_writing=False,
            ends_on=timezone.localdate() + dt.timedelta(days=45),
        )
    actions.suspend_accounting(
        acting_user=rivera,
        release=made,
        agency="Agency",
        statement="Written statement",
        in_writing=True,
        ends_on=ends,
    )
    releases = Release.objects.filter(client=sarah).prefetch_related("suspensions")
    assert accounting.entries(releases) == []
    (staff_entry,) = accounting.entries(releases, for_client=False)
    assert staff_entry.suspended_until == ends
    with time_machine.travel(timezone.now() + dt.timedelta(days=21), tick=False):
        assert len(accounting.entries(Release.objects.filter(client=sarah))) == 1


# --- release content through the visibility rule ------------------------------------------


@pytest.fixture
def couple(rivera: User) -> dict[str, Any]:
    maria, david = make_client(rivera, "Maria"), make_client(rivera, "David")
    case = make_case(rivera, maria, david, case_type="couple", secrets_policy="accommodation")
    p_maria, p_david = list(case.participants.order_by("pk"))
    with mock.patch("confide.records.agreement_link.notes_allowed", return_value=True):
        records_actions.write_note(
            acting_user=rivera,
            case=case,
            segments=[
                SegmentInput("Both described the argument.", None, "case"),
                SegmentInput("Maria shared her own worry.", p_maria, "private"),
                SegmentInput("David's secret about debts.", p_david, "private"),
            ],
        )
        records_actions.write_psychotherapy_note(
            acting_user=rivera, case=case, text="My hypotheses about the couple."
        )
    return {"maria": maria, "case": case}


def test_a_release_never_carries_another_participants_private_disclosures(
    rivera: User, couple: dict[str, Any]
) -> None:
    content = assemble(
        user=rivera,
        client=couple["maria"],
        case=couple["case"],
        categories=["progress_notes"],
        basis=[("r", "c")],
    ).as_text()
    assert "Both described" in content and "Maria shared" in content
    assert "David's secret" not in content
    assert "hypotheses" not in content


def test_psychotherapy_notes_go_only_when_the_scope_names_them(
    rivera: User, couple: dict[str, Any]
) -> None:
    content = assemble(
        user=rivera,
        client=couple["maria"],
        case=couple["case"],
        categories=["psychotherapy_notes"],
        basis=[("us.hipaa.authorization_valid", "c")],
    ).as_text()
    assert "hypotheses" in content and "Both described" not in content


# --- pages: outsiders get 404, one view event per page ------------------------------------


def test_another_clinician_gets_404_on_every_disclosure_page(rivera: User) -> None:
    sarah = make_client(rivera)
    make_case(rivera, sarah)
    auth = grant(rivera, sarah)
    made = release(rivera, sarah)
    req = actions.record_request(
        acting_user=rivera,
        client=sarah,
        data={
            "requester_name": "Linda",
            "requester_kind": "parent",
            "requester_contact": "x",
            "subject_name": "Sarah",
            "information": ["attendance"],
            "purpose": "other",
        },
    )
    pages = [
        reverse("disclosures:request_detail", args=[req.pk]),
        reverse("disclosures:client_disclosures", args=[sarah.pk]),
        reverse("disclosures:authorization_detail", args=[auth.pk]),
        reverse("disclosures:authorization_create", args=[sarah.pk]),
        reverse("disclosures:release_detail", args=[made.pk]),
        reverse("disclosures:accounting_print", args=[sarah.pk]),
    ]
    chen = HttpClient()
    chen.force_login(make_user("chen"))
    for url in pages:
        assert chen.get(url).status_code == 404, url
    assert chen.post(reverse("disclosures:authorization_revoke", args=[auth.pk])).status_code == 404
    auth.refresh_from_db()
    assert auth.revoked_at is None
    mine = HttpClient()
    mine.force_login(rivera)
    for url in pages:
        before = AuditEvent.objects.count()
        assert mine.get(url).status_code == 200, url
        assert [e.action for e in AuditEvent.objects.filter(seq__gt=before)] == ["view"], url


def test_an_administrator_keeps_the_inbox_but_never_sees_the_decision(rivera: User) -> None:
    sarah = make_client(rivera)
    make_case(rivera, sarah)
    admin = make_user("admin", "administrator")
    req = actions.record_request(
        acting_user=admin,
        client=sarah,
        data={
            "requester_name": "Linda",
            "requester_kind": "parent",
            "requester_contact": "x",
            "subject_name": "Sarah",
            "information": ["attendance"],
            "purpose": "other",
        },
    )
    http = HttpClient()
    http.force_login(admin)
    page = http.get(reverse("disclosures:request_detail", args=[req.pk]))
    assert page.status_code == 200 and b"data-outcome" not in page.content
    assert (
        http.post(
            reverse("disclosures:request_decide", args=[req.pk]), {"choice": "accept"}
        ).status_code
        == 404
    )


# --- personal representatives, suspension page, portal sections ------------------------


def test_only_the_records_make_a_requester_a_personal_representative(rivera: User) -> None:
    from confide.disclosures.situations import to_situation
    from confide.practice import actions as practice_actions

    jake = make_client(rivera, "Jake", born=timezone.localdate() - dt.timedelta(days=15 * 366))
    make_case(rivera, jake)
    practice_actions.add_related_person(
        acting_user=rivera,
        client=jake,
        data={
            "name": "Karen Thompson",
            "relationship": "parent",
            "is_personal_representative": True,
            "representative_basis": "Mother of a minor",
        },
    )

    def ask(name: str) -> bool:
        req = actions.record_request(
            acting_user=rivera,
            client=jake,
            data={
                "requester_name": name,
                "requester_kind": "parent",
                "requester_contact": "x",
                "subject_name": "Jake",
                "information": ["attendance"],
                "purpose": "other",
                "requester_is_personal_representative": True,
            },
        )
        return to_situation(req).event.requester_is_personal_representative  # type: ignore[union-attr]

    assert ask("karen  thompson") is True
    assert ask("Mark Thompson") is False


def test_advice_is_for_the_deciding_clinicians_own_licence(rivera: User) -> None:
    from confide.disclosures.situations import to_situation

    sarah = make_client(rivera)
    make_case(rivera, sarah)
    req = actions.record_request(
        acting_user=rivera,
        client=sarah,
        data={
            "requester_name": "Linda Miller",
            "requester_kind": "parent",
            "requester_contact": "x",
            "subject_name": "Sarah",
            "information": ["attendance"],
            "purpose": "other",
        },
    )
    rivera.license = "marriage_family_therapist"
    rivera.save(update_fields=["license"])
    assert to_situation(req, rivera).clinician_license == "marriage_family_therapist"
    assert to_situation(req).clinician_license != "marriage_family_therapist"


def test_the_release_page_suspends_an_entry_and_refuses_bad_input(rivera: User) -> None:
    sarah = make_client(rivera)
    make_case(rivera, sarah)
    made = release(rivera, sarah)
    http = HttpClient()
    http.force_login(rivera)
    url = reverse("disclosures:release_suspend", args=[made.pk])
    too_long = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    bad = http.post(url, {"agency": "Police", "statement": "Oral", "ends_on": too_long})
    assert bad.status_code == 400 and b"30 days at most" in bad.content
    assert made.suspensions.count() == 0
    ok = http.post(
        url, {"agency": "Police", "statement": "Letter", "in_writing": "on", "ends_on": too_long}
    )
    assert ok.status_code == 302 and made.suspensions.count() == 1


def test_the_portal_home_lists_the_disclosure_sections(rivera: User) -> None:
    sarah = make_client(rivera)
    portal = User.objects.create_user("sarah", password="x" * 16, role="client")
    Client.objects.filter(pk=sarah.pk).update(portal_user=portal)
    http = HttpClient()
    http.force_login(portal)
    home = http.get("/portal/")
    assert home.status_code == 200
    assert reverse("disclosures:portal_authorizations").encode() in home.content
    assert reverse("disclosures:portal_accounting").encode() in home.content


def test_the_other_partner_signs_a_joint_authorization_in_the_portal(rivera: User) -> None:
    maria, david = make_client(rivera, "Maria"), make_client(rivera, "David")
    case = make_case(rivera, maria, david, case_type="couple", secrets_policy="no_secrets")
    auth = grant(rivera, maria, case=case)
    portal = User.objects.create_user("david", password="x" * 16, role="client")
    Client.objects.filter(pk=david.pk).update(portal_user=portal)
    http = HttpClient()
    http.force_login(portal)
    listing = http.get(reverse("disclosures:portal_authorizations"))
    assert b"Your signature is needed" in listing.content
    before = AuditEvent.objects.count()
    page = http.get(reverse("disclosures:portal_authorization", args=[auth.pk]))
    assert page.status_code == 200 and b"Waiting for signatures" in page.content
    assert [e.action for e in AuditEvent.objects.filter(seq__gt=before)] == ["view"]
    sign = reverse("disclosures:portal_authorization_sign", args=[auth.pk])
    assert http.post(sign, {"typed_name": ""}).status_code == 400
    assert http.post(sign, {"typed_name": "David Miller"}).status_code == 302
    assert rules.status(Authorization.objects.get(pk=auth.pk)).is_active


def test_drafts_follow_the_advice_and_never_confirm_a_client_before_a_release() -> None:
    from confide.disclosures.replies import combined, drafts_for

    advice = {
        "outcome": "general_information_only",
        "actions": [
            "explain_confidentiality_policy",
            "invite_client_to_share",
            "offer_joint_session",
            "provide_general_information",
        ],
        "requester_message": "I can't share information about anyone's care.",
    }
    kinds = [d.kind for d in drafts_for(advice)]
    assert kinds == [
        "engine_message",
        "confidentiality_policy",
        "invite_client",
        "joint_session",
        "general_information",
        "neither_confirm_nor_deny",
    ]
    text = combined(advice)
    assert "confidential" in text and "joint session" in text
    assert "is a client" not in text and "your daughter" not in text.lower()
    authorized = {
        "outcome": "disclose",
        "actions": ["verify_requester_identity"],
        "requester_message": "With the written authorization on file...",
    }
    assert [d.kind for d in drafts_for(authorized)] == ["engine_message"]
    subpoena = {
        "outcome": "decline",
        "actions": ["obtain_written_authorization"],
        "requester_message": None,
    }
    assert "neither_confirm_nor_deny" in [d.kind for d in drafts_for(subpoena)]


@pytest.mark.parametrize(("age", "parent_is_representative"), [(15, False), (9, True)])
def test_a_minors_own_consent_is_assumed_and_checked_against_the_state_rule(
    rivera: User, age: int, parent_is_representative: bool
) -> None:
    from confide.disclosures.situations import advise
    from confide.practice import actions as practice_actions

    practice_actions.ensure_practice(
        acting_user=rivera, name="Harbor Light", jurisdiction="US-CA", licence_types=["PsyD"]
    )
    born = timezone.localdate().replace(year=timezone.localdate().year - age) - dt.timedelta(1)
    child = make_client(rivera, "Jake", born=born)
    make_case(rivera, child)
    req = actions.record_request(
        acting_user=rivera,
        client=child,
        data={
            "requester_name": "Karen Thompson",
            "requester_kind": "parent",
            "requester_contact": "x",
            "subject_name": "Jake",
            "information": ["treatment_progress"],
            "purpose": "concern_for_wellbeing",
        },
    )
    situation, decision, _auth = advise(req)
    assert situation["client"]["consented_to_own_treatment"] is True
    rules_used = {b.rule for b in decision.basis}
    assert "us.hipaa.minor_personal_representative" in rules_used
    assert ("treatment_progress" in decision.release_scope) == parent_is_representative


def test_an_expiry_reminder_goes_only_through_an_allowed_channel(rivera: User) -> None:
    from django.core import mail
    from django.test import TestCase

    from confide.disclosures.models import SentMessage
    from confide.practice.models import ContactPoint

    sarah = make_client(rivera)
    make_case(rivera, sarah)
    auth = grant(rivera, sarah)
    http = HttpClient()
    http.force_login(rivera)
    url = reverse("disclosures:authorization_remind", args=[auth.pk])
    ContactPoint.objects.create(client=sarah, kind="email", value="s@example.com", may_call=True)
    refused = http.post(url, follow=True)
    assert b"Not sent" in refused.content
    assert SentMessage.objects.count() == 0 and mail.outbox == []
    ContactPoint.objects.filter(client=sarah).update(may_email=True)
    # The email goes once the message's record commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        sent = http.post(url, follow=True)
    assert b"Reminder sent by email" in sent.content
    assert len(mail.outbox) == 1 and "expires on" in mail.outbox[0].body
    assert "Harbor" not in mail.outbox[0].body and "therapy" not in mail.outbox[0].subject
