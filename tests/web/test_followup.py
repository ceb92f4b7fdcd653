"""Follow-through (issue 16): staff emails when break-glass access is opened, for urgent safety
deadlines and for portal concerns; the break-glass review records a finding; `confide remind`
sends due reminders once. Every email has a neutral subject and a link, and carries no client
name, case title, reason or clinical detail (Django's locmem mail backend)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from confide.accounts.models import User
from confide.agreements.models import Agreement
from confide.audit.models import AuditEvent
from confide.disclosures.models import Authorization
from confide.followup.models import SentReminder
from confide.incidents import actions as incident_actions
from confide.practice import actions as practice_actions
from confide.practice.models import Client
from confide.records import actions as record_actions
from confide.records.models import EmergencyAccess
from tests.web.test_disclosures_flow import authorize, world
from tests.web.test_records_fixtures import make_family, make_user, signed_in

__all__ = ["world"]  # fixture
pytestmark = pytest.mark.django_db

# What no staff email may carry: client names, case titles, reasons, clinical words.
FORBIDDEN = ["Nguyen", "Linh", "Sarah", "Miller", "crisis", "family", "neighbour", "abuse"]


def on_commit() -> Any:
    return TestCase.captureOnCommitCallbacks(execute=True)


def with_email(user: User, address: str) -> User:
    user.email = address
    user.save()
    return user


def assert_neutral(messages: list[Any]) -> None:
    assert messages
    for message in messages:
        text = f"{message.subject}\n{message.body}"
        assert message.subject.startswith("confide: ")
        for word in FORBIDDEN:
            assert word.lower() not in text.lower(), (word, text)


def _open_glass(http: Any, reason: str = "Client in crisis at the front desk, rivera away") -> Any:
    return http.post(
        reverse("records:emergency_open"),
        {"last_name": "nguyen", "date_of_birth": "1980-05-01", "reason": reason, "hours": 4},
    )


# --- break-glass ------------------------------------------------------------------------


def test_break_glass_emails_the_treating_clinicians_and_the_privacy_officer() -> None:
    rivera = with_email(make_user("rivera"), "rivera@example.org")
    family = make_family(rivera)
    chen = with_email(make_user("chen"), "chen@example.org")
    officer = with_email(make_user("officer", role="privacy_officer"), "po@example.org")
    make_user("quiet-officer", role="privacy_officer")  # no address: nobody to mail
    with on_commit():
        assert _open_glass(signed_in(chen)).status_code == 302
    glass = EmergencyAccess.objects.get()
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"rivera@example.org", "po@example.org"}  # not the opener
    assert_neutral(mail.outbox)
    review = reverse("records:emergency_review", args=[glass.pk])
    assert review in by_to["po@example.org"].body and "Chen Test" in by_to["po@example.org"].body
    notes = reverse("records:case_notes", args=[family.case.pk])
    assert notes in by_to["rivera@example.org"].body
    told = AuditEvent.objects.filter(action="notice_sent")
    assert sorted(pk for e in told for pk in e.detail["recipient_ids"]) == sorted(
        [rivera.pk, officer.pk]
    )
    assert not any("@" in str(e.detail) + e.summary for e in told)


def test_a_refused_break_glass_mails_nobody() -> None:
    rivera = with_email(make_user("rivera"), "rivera@example.org")
    make_family(rivera)
    with_email(make_user("officer", role="privacy_officer"), "po@example.org")
    with on_commit():
        assert _open_glass(signed_in(make_user("chen")), reason="because").status_code == 422
    assert mail.outbox == [] and not AuditEvent.objects.filter(action="notice_sent").exists()


def test_the_review_records_a_finding_once_with_a_sealed_note() -> None:
    rivera = make_user("rivera")
    make_family(rivera)
    chen = make_user("chen")
    officer = make_user("officer", role="privacy_officer")
    _open_glass(signed_in(chen))
    glass = EmergencyAccess.objects.get()
    url = reverse("records:emergency_review", args=[glass.pk])
    http = signed_in(officer)
    page = http.get(url).content.decode()
    assert "Record the finding" in page and "you decide" in page
    # Not justified needs a note saying what follow-up is due; nothing is recorded without.
    refused = http.post(url, {"finding": "not_justified", "note": ""})
    assert refused.status_code == 422 and "follow-up" in refused.content.decode()
    assert http.post(url, {}).status_code == 422
    glass.refresh_from_db()
    assert glass.acknowledged_at is None and glass.finding == ""
    note = "Read three notes beyond the crisis; talk to Dr Chen."
    assert http.post(url, {"finding": "not_justified", "note": note}).status_code == 302
    glass.refresh_from_db()
    assert (glass.finding, glass.finding_note, glass.acknowledged_by) == (
        "not_justified",
        note,
        officer,
    )
    event = AuditEvent.objects.filter(target_id=str(glass.pk), action="change").get()
    assert event.detail["finding"] == "not_justified" and "not justified" in event.summary
    assert "Dr Chen" not in str(event.detail)
    with connection.cursor() as cursor:
        cursor.execute("SELECT finding_note FROM records_emergencyaccess")
        assert str(cursor.fetchone()[0]).startswith("enc1:")
    shown = http.get(url).content.decode()
    assert "Not justified" in shown and "Record the finding" not in shown
    # A finding stands: a second review is refused and changes nothing.
    with pytest.raises(Exception, match="already reviewed"):
        record_actions.acknowledge_emergency(acting_user=officer, access=glass, finding="justified")
    assert EmergencyAccess.objects.get().finding == "not_justified"
    # Only the privacy officer records one.
    for who in (rivera, chen, make_user("admin", role="administrator")):
        assert signed_in(who).post(url, {"finding": "justified"}).status_code == 404


# --- urgent safety deadlines and portal concerns ---------------------------------------


@pytest.fixture
def clinic() -> dict[str, Any]:
    rivera = with_email(make_user("rivera"), "rivera@example.org")
    practice_actions.ensure_practice(
        acting_user=rivera, name="Test practice", jurisdiction="US-CA", licence_types=["LMFT"]
    )
    sarah = practice_actions.create_client(
        acting_user=rivera,
        data={"first_name": "Sarah", "last_name": "Miller", "date_of_birth": dt.date(2001, 1, 1)},
    )
    case = practice_actions.create_case(
        acting_user=rivera, title="Sarah Miller individual", case_type="individual",
        secrets_policy=None, participants=[sarah],
    )  # fmt: skip
    return {"rivera": rivera, "sarah": sarah, "case": case}


def _event(clinic: dict[str, Any], concern: str, imminent: bool, **kw: Any) -> Any:
    with on_commit():
        return incident_actions.open_safety_event(
            acting_user=clinic["rivera"], client=clinic["sarah"], case=clinic["case"],
            concern=concern, imminent=imminent, clinician_license="marriage_family_therapist",
            description="Said her neighbour's child shows signs of abuse.", **kw,
        )  # fmt: skip


def test_an_urgent_safety_deadline_emails_the_responsible_clinician(clinic) -> None:
    calm = _event(clinic, "risk_of_self_harm", imminent=False)
    assert not any(s.due_at for s in calm.steps.all()) and mail.outbox == []
    report = _event(clinic, "child_abuse", imminent=False)  # phone report due immediately
    assert min(s.due_at for s in report.steps.all() if s.due_at) <= timezone.now()
    assert [m.to for m in mail.outbox] == [["rivera@example.org"]]
    assert "due now" in mail.outbox[0].body
    assert reverse("incidents:safety_detail", args=[report.pk]) in mail.outbox[0].body
    _event(clinic, "threat_to_identifiable_person", imminent=True)
    assert len(mail.outbox) == 2
    assert_neutral(mail.outbox)


def test_a_portal_concern_emails_the_responsible_clinician(clinic) -> None:
    account = make_user("sarah-portal", role="client")
    Client.objects.filter(pk=clinic["sarah"].pk).update(portal_user=account)
    http = signed_in(account)
    with on_commit():
        response = http.post(
            reverse("incidents:portal_concern"),
            {"by": "related_person", "description": "My sister Miller knew what I said."},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["rivera@example.org"]]
    assert_neutral(mail.outbox)
    assert "/incidents/" in mail.outbox[0].body


# --- confide remind -----------------------------------------------------------------------


def _remind() -> str:
    out = io.StringIO()
    with on_commit():
        call_command("remind", stdout=out)
    return out.getvalue()


def test_remind_sends_each_due_reminder_once(world: dict[str, Any]) -> None:
    rivera = with_email(world["rivera"], "rivera@example.org")
    sarah, case = world["sarah"], world["case"]
    today = timezone.localdate()
    Agreement.objects.create(
        case=case, version=1, jurisdiction="US-CA", revisit_on=today + dt.timedelta(days=3),
        concern_contact="the privacy officer", shared_text="text",
    )  # fmt: skip
    auth = authorize(world, ["attendance"])
    Authorization.objects.filter(pk=auth.pk).update(expires_on=today + dt.timedelta(days=5))
    auth.case = case
    Authorization.objects.filter(pk=auth.pk).update(case=case)
    practice_actions.add_contact_point(
        acting_user=rivera, client=sarah,
        data={"kind": "email", "value": "sarah.home@example.org", "may_email": True},
    )  # fmt: skip
    with on_commit():
        incident_actions.open_safety_event(
            acting_user=rivera, client=sarah, case=case, concern="child_abuse", imminent=False,
            description="x", clinician_license="marriage_family_therapist",
            learned_at=timezone.now() - dt.timedelta(hours=2),
        )  # fmt: skip
    mail.outbox.clear()

    first = _remind()
    staff = [m for m in mail.outbox if m.to == ["rivera@example.org"]]
    client = [m for m in mail.outbox if m.to == ["sarah.home@example.org"]]
    assert len(staff) == 1 and len(client) == 1
    assert_neutral(staff)
    body = staff[0].body
    assert "1 agreement to revisit" in body and "1 authorization expiring" in body
    assert "deadline" in body and reverse("practice:dashboard") in body
    assert "expires on" in client[0].body  # the client's own wording, through the channel
    assert "Reminders sent: " in first
    keys = set(SentReminder.objects.values_list("key", flat=True))
    assert f"authorization-expiring:{auth.pk}:7d" in keys
    assert not any("Sarah" in k or "@" in k for k in keys)

    # Twice in a day: nothing new.
    mail.outbox.clear()
    assert "0 to staff in 0 email(s); 0 client message(s)" in _remind()
    assert mail.outbox == []
    # The next day the written report (its own step, due 36 h after learning of the abuse)
    # comes due: one reminder of that deadline, once; nothing else repeats.
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        _remind()
        _remind()
    staff = [m for m in mail.outbox if m.to == ["rivera@example.org"]]
    assert len(mail.outbox) == len(staff) == 1 and "1 deadline" in staff[0].body
    mail.outbox.clear()
    # A new stage (the revisit date reached) is one more reminder, once.
    with time_machine.travel(timezone.now() + dt.timedelta(days=4)):
        _remind()
        _remind()
    staff = [m for m in mail.outbox if m.to == ["rivera@example.org"]]
    assert len(staff) == 1 and "1 agreement to revisit" in staff[0].body


def test_remind_never_mails_a_client_without_an_allowed_channel(world: dict[str, Any]) -> None:
    with_email(world["rivera"], "rivera@example.org")
    auth = authorize(world, ["attendance"])
    soon = timezone.localdate() + dt.timedelta(days=6)
    Authorization.objects.filter(pk=auth.pk).update(expires_on=soon, case=world["case"])
    _remind()
    assert [m.to for m in mail.outbox] == [["rivera@example.org"]]
    refused = SentReminder.objects.get(client=world["sarah"])
    assert refused.outcome == "refused"
    assert AuditEvent.objects.filter(action="message_refused").count() == 1
    _remind()  # not asked again every day
    assert AuditEvent.objects.filter(action="message_refused").count() == 1


def test_a_clinician_without_an_address_is_listed_and_reminded_once_one_is_on_file(
    world: dict[str, Any],
) -> None:
    rivera = world["rivera"]
    Agreement.objects.create(
        case=world["case"], version=1, jurisdiction="US-CA",
        revisit_on=timezone.localdate() - dt.timedelta(days=1),
        concern_contact="the privacy officer", shared_text="text",
    )  # fmt: skip
    output = _remind()
    assert f"no email address: {rivera.pk}" in output and mail.outbox == []
    assert not SentReminder.objects.filter(recipient=rivera).exists()
    with_email(rivera, "rivera@example.org")
    _remind()
    assert [m.to for m in mail.outbox] == [["rivera@example.org"]]
    assert "1 agreement to revisit" in mail.outbox[0].body
