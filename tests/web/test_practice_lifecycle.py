"""The case and session lifecycle: editing a case (a new secrets policy needs a new agreement
version before notes go on), participants joining and leaving, closing with a reason and a
discharge summary after a confirmation, reopening; recurring series on the practice's wall
clock, double-booking warnings, the clinician's week."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from confide.agreements.models import Agreement
from confide.audit.models import AuditEvent
from confide.practice import actions
from confide.practice.models import Case, Session
from confide.records import actions as records_actions
from confide.records import agreement_link
from confide.records.actions import SegmentInput
from tests.web.test_records_fixtures import make_family, make_user, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def family():
    return make_family(make_user("rivera"))


def _local(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, 0))


def _future(days: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return _local(day.year, day.month, day.day, hour)


# Cases ------------------------------------------------------------------------------------


def test_editing_title_and_clinicians_is_audited_without_the_title(family) -> None:
    chen = make_user("chen")
    http = signed_in(family.clinician)
    url = reverse("practice:case_edit", args=[family.case.pk])
    assert http.get(url).status_code == 200
    response = http.post(
        url,
        {
            "title": "Nguyen family therapy",
            "secrets_policy": "limited_secrets",
            "clinicians": [family.clinician.pk, chen.pk],
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.title == "Nguyen family therapy"
    assert set(case.clinicians.all()) == {family.clinician, chen}
    event = AuditEvent.objects.filter(action="change", target_type="practice.case").get()
    assert event.detail["fields"] == ["title", "clinicians"]
    assert event.detail["clinician_ids"] == {"added": [chen.pk], "removed": []}
    assert "Nguyen" not in str(event.detail) and "Nguyen" not in event.summary
    assert case.secrets_policy_changed_at is None
    # Somebody not on the case gets the same 404 as for a missing case.
    outsider = signed_in(make_user("okafor"))
    assert outsider.get(url).status_code == 404


def test_a_new_secrets_policy_holds_notes_until_a_new_agreement_version(family) -> None:
    assert agreement_link.notes_allowed(family.case)
    http = signed_in(family.clinician)
    http.post(
        reverse("practice:case_edit", args=[family.case.pk]),
        {"title": "Nguyen family", "secrets_policy": "no_secrets"},
    )
    case = Case.objects.get()
    assert case.secrets_policy == "no_secrets" and case.secrets_policy_changed_at is not None
    event = AuditEvent.objects.filter(action="change", target_type="practice.case").get()
    assert event.detail["secrets_policy"] == {"from": "limited_secrets", "to": "no_secrets"}
    assert event.detail["new_agreement_version_required"] is True
    # The override held for version 1; version 1 no longer says what the case does.
    assert not agreement_link.notes_allowed(case)
    page = http.get(reverse("records:note_create", args=[case.pk]))
    assert page.status_code == 409 and "secrets policy changed" in page.content.decode()
    with pytest.raises(ValidationError):
        records_actions.write_note(
            acting_user=family.clinician, case=case, segments=[SegmentInput("x")]
        )
    detail = http.get(reverse("practice:case_detail", args=[case.pk])).content.decode()
    assert "New version needed" in detail

    # A version issued after the change, signed (here: overridden), opens the gate again.
    from confide.agreements import actions as agreement_actions

    Agreement.objects.create(
        case=case,
        version=2,
        jurisdiction="US-CA",
        secrets_policy="no_secrets",
        revisit_on=dt.date(2030, 1, 1),
        concern_contact="the privacy officer",
        shared_text="text v2",
    )
    agreement_actions.override_gate(
        acting_user=family.clinician, case=case, reason="Signed on paper, scanning later."
    )
    assert not agreement_link.policy_outdates_agreement(case)


def test_a_policy_is_required_for_a_family_and_refused_for_an_individual(family) -> None:
    with pytest.raises(ValidationError):
        actions.update_case(
            acting_user=family.clinician,
            case=family.case,
            title="Nguyen family",
            clinicians=[],
            secrets_policy=None,
        )
    assert Case.objects.get().secrets_policy == "limited_secrets"


def test_a_new_group_member_joins_the_sessions_still_to_come(family) -> None:
    rivera = family.clinician
    past = actions.schedule_session(
        acting_user=rivera, case=family.case, starts_at=timezone.now() - dt.timedelta(days=3)
    )
    coming = actions.schedule_series(
        acting_user=rivera,
        case=family.case,
        starts_at=_future(2),
        recurrence="weekly",
        count=3,
    )
    newcomer = actions.create_client(
        acting_user=rivera,
        data={"first_name": "Bao", "last_name": "Nguyen", "date_of_birth": dt.date(2004, 1, 1)},
    )
    http = signed_in(rivera)
    url = reverse("practice:participant_add", args=[family.case.pk])
    assert http.post(url, {"client": newcomer.pk, "role_in_case": "son"}).status_code == 302
    bao = family.case.participants.get(client=newcomer)
    assert all(bao in s.attendees.all() for s in coming)
    assert bao not in past.attendees.all()
    event = AuditEvent.objects.get(action="create", target_type="practice.participant")
    assert event.detail["joined_sessions"] == [s.pk for s in coming]


def test_leaving_needs_a_confirmation_keeps_the_words_and_frees_future_sessions(family) -> None:
    rivera = family.clinician
    note = records_actions.write_note(
        acting_user=rivera,
        case=family.case,
        segments=[SegmentInput("Anh said something", family.teen)],
    )
    coming = actions.schedule_session(acting_user=rivera, case=family.case, starts_at=_future(4))
    http = signed_in(rivera)
    url = reverse("practice:participant_remove", args=[family.case.pk, family.teen.pk])
    assert http.get(url).status_code == 200
    unconfirmed = http.post(url, {})
    assert (
        unconfirmed.status_code == 422
        and "Tick the box to confirm." in unconfirmed.content.decode()
    )
    family.teen.refresh_from_db()
    assert family.teen.left_on is None
    assert http.post(url, {"confirm": "on"}).status_code == 302
    family.teen.refresh_from_db()
    assert family.teen.left_on == timezone.localdate()
    assert family.teen not in coming.attendees.all()
    assert note.segments.get().discloser == family.teen  # still theirs
    assert http.get(url).status_code == 404  # already left
    # A family never drops below two participants: the page says so and nothing changes.
    url = reverse("practice:participant_remove", args=[family.case.pk, family.father.pk])
    refused = http.post(url, {"confirm": "on"})
    assert refused.status_code == 422 and "close the case instead" in refused.content.decode()
    family.father.refresh_from_db()
    assert family.father.left_on is None


def test_closing_takes_a_reason_and_a_sealed_summary_and_reopening_works(family) -> None:
    rivera = family.clinician
    coming = actions.schedule_session(acting_user=rivera, case=family.case, starts_at=_future(5))
    http = signed_in(rivera)
    url = reverse("practice:case_close", args=[family.case.pk])
    page = http.get(url).content.decode()
    assert "1 session still to come will be cancelled" in " ".join(page.split())
    bad = http.post(url, {"reason": "nonsense", "discharge_summary": "x", "confirm": "on"})
    assert bad.status_code == 422 and Case.objects.get().status == "open"
    summary = "Goals met: fewer arguments at dinner. Referred Anh to a school counsellor."
    response = http.post(
        url, {"reason": "goals_met", "discharge_summary": summary, "confirm": "on"}
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.status, case.closed_reason, case.discharge_summary) == (
        "closed",
        "goals_met",
        summary,
    )
    coming.refresh_from_db()
    assert coming.status == "cancelled"
    event = AuditEvent.objects.filter(action="change", summary="Case closed").get()
    assert event.detail["reason"] == "goals_met" and event.detail["discharge_summary_written"]
    assert "dinner" not in str(event.detail)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT discharge_summary FROM practice_case")
        (stored,) = cursor.fetchone()
    assert "dinner" not in stored
    detail = http.get(reverse("practice:case_detail", args=[case.pk])).content.decode()
    assert "Treatment goals met" in detail and "fewer arguments" in detail

    assert http.post(reverse("practice:case_reopen", args=[case.pk])).status_code == 302
    case.refresh_from_db()
    assert case.status == "open" and case.closed_on is None
    assert AuditEvent.objects.filter(summary="Case reopened").count() == 1
    with pytest.raises(ValidationError):
        actions.reopen_case(acting_user=rivera, case=case)


# Sessions -----------------------------------------------------------------------------------


def test_a_weekly_series_keeps_the_local_time_across_daylight_saving(family) -> None:
    # 1 November 2026: Los Angeles leaves daylight saving time.
    sessions = actions.schedule_series(
        acting_user=family.clinician,
        case=family.case,
        starts_at=_local(2026, 10, 20),
        recurrence="weekly",
        count=3,
    )
    local = [timezone.localtime(s.starts_at) for s in sessions]
    assert [(t.month, t.day, t.hour) for t in local] == [(10, 20, 10), (10, 27, 10), (11, 3, 10)]
    assert len({s.series for s in sessions}) == 1 and sessions[0].series
    event = AuditEvent.objects.get(action="create", target_type="practice.session")
    assert event.detail["session_ids"] == [s.pk for s in sessions]


def test_a_fortnightly_series_until_a_date_through_the_form(family) -> None:
    http = signed_in(family.clinician)
    url = reverse("practice:session_create", args=[family.case.pk])
    data = {
        "starts_at": "2030-01-07T09:00",
        "duration_minutes": "50",
        "attendees": [p.pk for p in family.participants],
        "recurrence": "fortnightly",
        "until": "2030-02-18",
    }
    assert http.post(url, {**data, "until": ""}).status_code == 200  # needs a count or a date
    assert Session.objects.count() == 0
    assert http.post(url, data).status_code == 302
    days = [timezone.localtime(s.starts_at).date() for s in Session.objects.order_by("starts_at")]
    assert days == [
        dt.date(2030, 1, 7),
        dt.date(2030, 1, 21),
        dt.date(2030, 2, 4),
        dt.date(2030, 2, 18),
    ]


def test_a_double_booking_is_listed_and_needs_a_confirmation(family) -> None:
    rivera = family.clinician
    other = make_family(rivera, surname="Okafor")
    actions.schedule_session(acting_user=rivera, case=other.case, starts_at=_local(2030, 3, 4))
    http = signed_in(rivera)
    url = reverse("practice:session_create", args=[family.case.pk])
    data = {
        "starts_at": "2030-03-04T10:30",
        "duration_minutes": "50",
        "attendees": [p.pk for p in family.participants],
    }
    response = http.post(url, data)
    body = " ".join(response.content.decode().split())
    assert response.status_code == 409
    assert "Mon 04 Mar 2030, 10:30: Rivera Test already has a session then." in body
    assert "Okafor" not in body  # the other case is not named
    assert Session.objects.filter(case=family.case).count() == 0
    assert http.post(url, {**data, "book_anyway": "on"}).status_code == 302
    booked = Session.objects.get(case=family.case)
    event = AuditEvent.objects.filter(target_type="practice.session").latest("seq")
    assert (
        event.detail["booked_despite_conflicts"] is True
        and booked.pk in event.detail["session_ids"]
    )
    # A session just after the first one ends is no conflict.
    actions.schedule_session(acting_user=rivera, case=other.case, starts_at=_local(2030, 3, 5))
    actions.schedule_series(acting_user=rivera, case=family.case, starts_at=_local(2030, 3, 5, 11))


def test_a_client_booked_in_two_cases_at_once_is_a_conflict(family) -> None:
    rivera, chen = family.clinician, make_user("chen")
    # Chen sees Linh alone as well (set up directly: she is not on his roster to pick);
    # Rivera then books the family at the same hour.
    linh = family.mother.client
    linh_case = Case.objects.create(title="Linh alone", case_type="individual")
    linh_case.clinicians.set([chen])
    linh_case.participants.create(client=linh)
    actions.schedule_session(acting_user=chen, case=linh_case, starts_at=_local(2030, 4, 2))
    with pytest.raises(ValidationError) as refused:
        actions.schedule_series(
            acting_user=rivera, case=family.case, starts_at=_local(2030, 4, 2, 10)
        )
    assert refused.value.messages == [
        "Tue 02 Apr 2030, 10:00: Linh Nguyen already has a session then."
    ]


def test_the_week_calendar_shows_the_clinicians_own_sessions_in_local_time(family) -> None:
    rivera = family.clinician
    chen = make_user("chen")
    other = make_family(chen, surname="Okafor")
    actions.schedule_session(acting_user=rivera, case=family.case, starts_at=_local(2030, 5, 8, 9))
    actions.schedule_session(acting_user=chen, case=other.case, starts_at=_local(2030, 5, 8, 9))
    http = signed_in(rivera)
    page = http.get(reverse("practice:calendar"), {"week": "2030-05-08"})
    body = " ".join(page.content.decode().split())
    assert page.status_code == 200
    assert "Your week: 6 May to 12 May 2030" in body
    assert "Wednesday 8 May" in body and "09:00" in body and "Nguyen family" in body
    assert "Okafor" not in body
    assert body.count("No sessions.") == 6
    # Chen may not look at Rivera's week by naming her: a clinician sees their own.
    own = signed_in(chen).get(reverse("practice:calendar"), {"week": "2030-05-08"})
    assert "Okafor" in own.content.decode() and "Nguyen" not in own.content.decode()
    sneaky = signed_in(chen).get(
        reverse("practice:calendar"), {"week": "2030-05-08", "clinician": rivera.pk}
    )
    assert "Nguyen" not in sneaky.content.decode()
    # The administrator keeps the schedule: any clinician's week, titles and times only.
    admin = signed_in(make_user("admin", "administrator"))
    page = admin.get(reverse("practice:calendar"), {"week": "2030-05-08", "clinician": chen.pk})
    body = " ".join(page.content.decode().split())
    assert page.status_code == 200 and "Week of Chen Test" in body
    assert "Okafor family" in body and "Nguyen family" not in body
    assert signed_in(make_user("po", "privacy_officer")).get(
        reverse("practice:calendar")
    ).status_code in (403, 404)


def test_a_session_page_offers_to_write_its_note(family) -> None:
    session = actions.schedule_session(
        acting_user=family.clinician, case=family.case, starts_at=_local(2030, 6, 3)
    )
    page = signed_in(family.clinician).get(reverse("practice:session_detail", args=[session.pk]))
    link = reverse("records:note_create", args=[family.case.pk]) + f"?session={session.pk}"
    assert link in page.content.decode()


# Clients ------------------------------------------------------------------------------------


def test_clients_are_found_by_full_name_preferred_name_or_date_of_birth() -> None:
    rivera = make_user("rivera")
    actions.create_client(
        acting_user=rivera,
        data={
            "first_name": "Sarah",
            "last_name": "Miller",
            "preferred_name": "Sadie",
            "date_of_birth": dt.date(2000, 3, 14),
        },
    )
    actions.create_client(
        acting_user=rivera,
        data={"first_name": "Tom", "last_name": "Miller", "date_of_birth": dt.date(1975, 1, 2)},
    )
    http = signed_in(rivera)
    url = reverse("practice:client_list")

    def found(query: str) -> list[str]:
        body = http.get(url, {"q": query}).content.decode()
        return [name for name in ("Sadie Miller", "Tom Miller") if name in body]

    assert found("Sarah Miller") == ["Sadie Miller"]
    assert found("sadie") == ["Sadie Miller"]
    assert found("Sadie Miller") == ["Sadie Miller"]
    assert found("3/14/2000") == ["Sadie Miller"]
    assert found("2000-03-14") == ["Sadie Miller"]
    assert found("Miller") == ["Sadie Miller", "Tom Miller"]
    assert found("Sadie 1/2/1975") == []


def test_open_a_case_from_a_client_page_ticks_the_client() -> None:
    rivera = make_user("rivera")
    sarah = actions.create_client(
        acting_user=rivera,
        data={"first_name": "Sarah", "last_name": "Miller", "date_of_birth": dt.date(2000, 3, 14)},
    )
    http = signed_in(rivera)
    detail = http.get(reverse("practice:client_detail", args=[sarah.pk])).content.decode()
    link = reverse("practice:case_create") + f"?client={sarah.pk}"
    assert link in detail
    form = http.get(link).content.decode()
    assert f'value="{sarah.pk}"' in form
    assert " ".join(form.split()).count("checked") == 1
    # Another clinician's client id ticks nothing.
    okafor = actions.create_client(
        acting_user=make_user("chen"),
        data={"first_name": "Ada", "last_name": "Okafor", "date_of_birth": dt.date(1990, 1, 1)},
    )
    other = http.get(reverse("practice:case_create") + f"?client={okafor.pk}").content.decode()
    assert "Okafor" not in other and "checked" not in other


def test_contact_points_are_taken_at_registration_all_or_nothing() -> None:
    from confide.practice.models import Client, ContactPoint

    rivera = make_user("rivera")
    http = signed_in(rivera)
    url = reverse("practice:client_create")
    person = {"first_name": "Ana", "last_name": "Reyes", "date_of_birth": "1990-05-01"}
    bad = http.post(url, {**person, "contact-kind": "email", "contact-value": "not-an-email"})
    assert bad.status_code == 200 and Client.objects.count() == 0
    assert "Enter an email address" in bad.content.decode()
    response = http.post(
        url,
        {
            **person,
            "contact-kind": "phone",
            "contact-value": "555-0100",
            "contact-may_call": "on",
            "contact-preferred": "on",
            "contact-discreet": "on",
        },
    )
    assert response.status_code == 302
    point = ContactPoint.objects.get()
    assert point.client.last_name == "Reyes" and point.permissions == ["call"]
    assert point.discreet and point.preferred
    events = AuditEvent.objects.filter(action="create").order_by("seq")
    assert [e.target_type for e in events] == ["practice.client", "practice.contactpoint"]
    # Without a contact point the client is registered alone.
    http.post(url, {"first_name": "Bo", "last_name": "Reyes", "date_of_birth": "1991-05-01"})
    assert Client.objects.count() == 2 and ContactPoint.objects.count() == 1
