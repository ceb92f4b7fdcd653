"""The sight rule's edges: every refusal is audited in one place (pages, notes, the JSON API,
incidents, disclosures), emergency access reads but never writes and expires, a client-level
record fails closed, and the data migration gives legacy rows their case."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from confide.audit.models import AuditEvent
from confide.disclosures.models import Authorization, InformationRequest, Release
from confide.incidents.models import SafetyEvent
from confide.practice import access
from confide.practice import actions as practice_actions
from confide.records.models import EmergencyAccess
from tests.web.test_records_fixtures import family_note, make_family, make_user, signed_in

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def family():
    return make_family(make_user("rivera"))


def _denials(user, after: int) -> int:
    return AuditEvent.objects.filter(seq__gt=after, action="access_denied", actor=user).count()


def _seq() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def test_every_refused_read_writes_one_access_denied(family) -> None:
    note = family_note(family, "private", "case", "private")
    chen = make_user("chen")
    http = signed_in(chen)
    event = SafetyEvent.objects.create(
        client=family.mother.client, case=family.case, concern="risk_of_self_harm",
        description="x", jurisdiction="US-CA", clinician_license="psychologist",
        reported_by=family.clinician,
    )  # fmt: skip
    urls = [
        reverse("records:note_detail", args=[note.pk]),
        reverse("records:case_notes", args=[family.case.pk]),
        f"/api/v1/records/notes/{note.pk}",
        f"/api/v1/records/cases/{family.case.pk}/notes",
        reverse("incidents:safety_detail", args=[event.pk]),
        reverse("disclosures:client_disclosures", args=[family.mother.client.pk]),
        reverse("records:note_detail", args=[999_999]),  # missing: the same answer
    ]
    for url in urls:
        before = _seq()
        assert http.get(url).status_code == 404, url
        assert _denials(chen, before) == 1, url
        assert url in AuditEvent.objects.get(seq__gt=before, action="access_denied").summary
    # A role check and the middleware behind it record one refusal, not two.
    before = _seq()
    assert http.get(reverse("incidents:breach_detail", args=[1])).status_code == 404
    assert _denials(chen, before) == 1


def test_emergency_access_reads_the_case_records_never_writes_and_expires(family) -> None:
    chen = make_user("chen")
    event = SafetyEvent.objects.create(
        client=family.mother.client, case=family.case, concern="risk_of_self_harm",
        description="x", jurisdiction="US-CA", clinician_license="psychologist",
        reported_by=family.clinician,
    )  # fmt: skip
    detail = reverse("incidents:safety_detail", args=[event.pk])
    close = reverse("incidents:safety_close", args=[event.pk])
    with time_machine.travel(START, tick=False):
        EmergencyAccess.objects.create(
            case=family.case, clinician=chen, reason="crisis at the desk",
            opened_at=START, expires_at=START + dt.timedelta(hours=2),
        )  # fmt: skip
        assert access.sees_case(chen, family.case)
        assert not access.sees_case(chen, family.case, write=True)
        http = signed_in(chen)
        assert http.get(detail).status_code == 200
        assert http.post(close).status_code == 404
        assert SafetyEvent.objects.get(pk=event.pk).closed_at is None
        # Emergency access never reaches the roster or client-level records.
        assert http.get(reverse("practice:case_detail", args=[family.case.pk])).status_code == 404
        assert not access.client_level_clients(chen).exists()
    with time_machine.travel(START + dt.timedelta(hours=2), tick=False):
        assert not access.sees_case(chen, family.case)
        assert signed_in(chen).get(detail).status_code == 404


def test_a_client_level_authorization_is_seen_only_by_individual_case_clinicians(family) -> None:
    """Linh is in the family case (rivera) and an individual case (okafor): an authorization
    of hers naming no case is okafor's alone; one naming the family case is rivera's."""
    okafor = make_user("okafor")
    linh = family.mother.client
    own = practice_actions.create_case(
        acting_user=family.clinician, title="Linh individual", case_type="individual",
        secrets_policy=None, participants=[linh], clinicians=[okafor],
    )  # fmt: skip
    own.clinicians.set([okafor])  # the opener is assigned too; here only okafor treats her
    fields = {
        "client": linh, "information": ["attendance"], "information_description": "dates",
        "discloser": "us", "recipient_name": "Dr. Park", "purpose": "care",
        "expires_on": timezone.localdate() + dt.timedelta(days=9),
    }  # fmt: skip
    client_level = Authorization.objects.create(**fields)
    of_family = Authorization.objects.create(case=family.case, **fields)
    of_own = Authorization.objects.create(case=own, **fields)
    rivera = family.clinician
    seen = set(access.in_sight(Authorization.objects.all(), rivera).values_list("pk", flat=True))
    assert seen == {of_family.pk}
    seen = set(access.in_sight(Authorization.objects.all(), okafor).values_list("pk", flat=True))
    assert seen == {client_level.pk, of_own.pk}
    # rivera filing one with no case is asked for the case, not refused silently.
    with pytest.raises(ValidationError) as refused:
        access.check_filing(rivera, linh, None)
    assert "case" in refused.value.message_dict


def test_the_data_migration_gives_legacy_rows_the_clients_only_case(family) -> None:
    solo = make_family(make_user("solo"), surname="Solo")
    linh = family.mother.client
    alone = solo.teen.client
    # Anh Solo's only case is the Solo family; Linh is given a second case before the run.
    req_one = InformationRequest.objects.create(
        source="staff", requester_name="A", requester_kind="attorney", requester_contact="a",
        subject_name="x", information=["attendance"], purpose="treatment", client=alone,
    )  # fmt: skip
    practice_actions.create_case(
        acting_user=family.clinician, title="Linh individual", case_type="individual",
        secrets_policy=None, participants=[linh],
    )  # fmt: skip
    req_two = InformationRequest.objects.create(
        source="staff", requester_name="A", requester_kind="attorney", requester_contact="a",
        subject_name="x", information=["attendance"], purpose="treatment", client=linh,
    )  # fmt: skip
    release = Release.objects.create(
        client=alone, recipient="r", description="d", purpose="p", categories=["attendance"]
    )
    event = SafetyEvent.objects.create(
        client=alone, concern="risk_of_self_harm", description="x", jurisdiction="US-CA",
        clinician_license="psychologist", reported_by=solo.clinician,
    )  # fmt: skip
    disclosures = importlib.import_module(
        "confide.disclosures.migrations.0003_records_name_their_case"
    )
    incidents = importlib.import_module(
        "confide.incidents.migrations.0003_incidents_name_their_case"
    )
    disclosures.fill_cases(apps, None)
    incidents.fill_cases(apps, None)
    assert InformationRequest.objects.get(pk=req_one.pk).case_id == solo.case.pk
    assert InformationRequest.objects.get(pk=req_two.pk).case_id is None  # two cases: stays
    assert Release.objects.get(pk=release.pk).case_id == solo.case.pk
    assert SafetyEvent.objects.get(pk=event.pk).case_id == solo.case.pk


def test_a_decision_never_rests_on_another_cases_authorization(family) -> None:
    from confide.disclosures.situations import authorizations_on_file

    okafor = make_user("okafor")
    linh = family.mother.client
    own = practice_actions.create_case(
        acting_user=family.clinician, title="Linh individual", case_type="individual",
        secrets_policy=None, participants=[linh], clinicians=[okafor],
    )  # fmt: skip
    own.clinicians.set([okafor])
    auth = Authorization.objects.create(
        client=linh, case=own, information=["attendance"], information_description="dates",
        discloser="us", recipient_name="Dr. Park", purpose="care",
        expires_on=timezone.localdate() + dt.timedelta(days=9),
    )  # fmt: skip
    fields = {
        "source": "staff", "requester_name": "Dr. Park", "requester_kind": "treating_provider",
        "requester_contact": "p", "subject_name": "Linh", "information": ["attendance"],
        "purpose": "treatment", "client": linh, "status": "matched",
    }  # fmt: skip
    about_family = InformationRequest.objects.create(case=family.case, **fields)
    about_own = InformationRequest.objects.create(case=own, **fields)
    assert authorizations_on_file(about_family, family.clinician) == []
    assert authorizations_on_file(about_family) == []
    assert authorizations_on_file(about_own, okafor) == [auth]
