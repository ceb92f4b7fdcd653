"""Reads under emergency ("break-glass") access name the access in their audit event, in every
app that shows case records (issue 13): disclosures and incidents as note pages do, while the
assigned clinician's own reads carry no emergency tag."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from confide.audit.models import AuditEvent
from confide.disclosures.models import InformationRequest, Release
from confide.incidents.models import SafetyEvent, Violation
from confide.practice.access import emergency_detail
from confide.records.models import EmergencyAccess
from tests.web.test_records_fixtures import make_family, make_user, signed_in

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def family():
    return make_family(make_user("rivera"))


def _records(family) -> dict[str, str]:
    linh = family.mother.client
    req = InformationRequest.objects.create(
        source="staff", requester_name="A", requester_kind="attorney", requester_contact="a",
        subject_name="x", information=["attendance"], purpose="treatment", client=linh,
        case=family.case,
    )  # fmt: skip
    release = Release.objects.create(
        client=linh, case=family.case, recipient="r", description="d", purpose="p",
        categories=["attendance"],
    )  # fmt: skip
    event = SafetyEvent.objects.create(
        client=linh, case=family.case, concern="risk_of_self_harm", description="x",
        jurisdiction="US-CA", clinician_license="psychologist", reported_by=family.clinician,
    )  # fmt: skip
    violation = Violation.objects.create(
        client=linh, case=family.case, by="client", setting="family",
        description="told a secret", raised_by=family.clinician,
    )  # fmt: skip
    return {
        "request": reverse("disclosures:request_detail", args=[req.pk]),
        "release": reverse("disclosures:release_detail", args=[release.pk]),
        "inbox": reverse("disclosures:request_list"),
        "safety": reverse("incidents:safety_detail", args=[event.pk]),
        "violation": reverse("incidents:violation_detail", args=[violation.pk]),
        "incidents": reverse("incidents:index"),
    }


def _last_view(user) -> AuditEvent:
    return AuditEvent.objects.filter(action="view", actor=user).latest("seq")


def test_reads_under_emergency_access_name_the_access(family) -> None:
    urls = _records(family)
    chen = make_user("chen")
    with time_machine.travel(START, tick=False):
        glass = EmergencyAccess.objects.create(
            case=family.case, clinician=chen, reason="crisis at the desk",
            opened_at=START, expires_at=START + dt.timedelta(hours=2),
        )  # fmt: skip
        http = signed_in(chen)
        for name, url in urls.items():
            assert http.get(url).status_code == 200, name
            assert _last_view(chen).detail["emergency_access_id"] == glass.pk, name
        # The assigned clinician reads the same pages as herself: no emergency tag.
        own = signed_in(family.clinician)
        for name, url in urls.items():
            assert own.get(url).status_code == 200, name
            detail = _last_view(family.clinician).detail or {}
            assert "emergency_access_id" not in detail, name


def test_the_tag_names_only_access_in_force_and_outside_the_viewers_cases(family) -> None:
    chen = make_user("chen")
    with time_machine.travel(START, tick=False):
        glass = EmergencyAccess.objects.create(
            case=family.case, clinician=chen, reason="crisis",
            opened_at=START, expires_at=START + dt.timedelta(hours=2),
        )  # fmt: skip
        assert emergency_detail(chen, [family.case.pk, None]) == {"emergency_access_id": glass.pk}
        assert emergency_detail(chen, []) == {}
        assert emergency_detail(family.clinician, [family.case.pk]) == {}
        family.case.clinicians.add(chen)  # now assigned: no longer a break-glass read
        assert emergency_detail(chen, [family.case.pk]) == {}
        family.case.clinicians.remove(chen)
    with time_machine.travel(START + dt.timedelta(hours=2), tick=False):
        assert emergency_detail(chen, [family.case.pk]) == {}
