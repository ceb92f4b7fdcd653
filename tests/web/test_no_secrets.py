"""Under a no-secrets policy a segment starts as "case" (the agreement says "I will not keep
secrets between you"), and marking one Private asks the clinician to confirm how the policy
will handle it: without the confirmation nothing is written or changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from confide.agreements.builder import default_label_for
from confide.practice.models import Case
from confide.records.models import Note, Segment
from tests.web.test_records_fixtures import Family, make_family, make_user, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def family() -> Family:
    # The agreement's older terms still say "private" for mother and teen.
    found = make_family(make_user("rivera"))
    Case.objects.filter(pk=found.case.pk).update(secrets_policy="no_secrets")
    found.case.refresh_from_db()
    for p in found.participants:
        p.refresh_from_db()
    return found


def _post(http, family: Family, label: str, **extra: str):  # type: ignore[no-untyped-def]
    data = {"written_on": "2026-11-20", "save": "1", **extra}
    data |= {"seg-0-discloser": str(family.mother.pk), "seg-0-label": label}
    data |= {"seg-0-text": "I am thinking of leaving"}
    return http.post(reverse("records:note_create", args=[family.case.pk]), data)


def test_segments_start_as_case_and_the_form_says_why(family: Family) -> None:
    http = signed_in(family.clinician)
    page = http.get(reverse("records:note_create", args=[family.case.pk])).content.decode()
    assert "No-secrets policy." in page
    assert f"{family.mother.client.display_name} (default: case)" in page
    assert _post(http, family, "").status_code == 302
    segment = Segment.objects.get()
    assert (segment.label, segment.label_source) == ("case", "agreement")
    assert default_label_for(family.case) == "case"


def test_marking_a_segment_private_needs_the_clinicians_confirmation(family: Family) -> None:
    http = signed_in(family.clinician)
    refused = _post(http, family, "private")
    assert refused.status_code == 422
    assert "no-secrets policy" in refused.content.decode()
    assert Note.objects.count() == 0
    assert _post(http, family, "private", confirm_private="on").status_code == 302
    segment = Segment.objects.get()
    assert (segment.label, segment.label_source) == ("private", "clinician")


def test_relabelling_private_needs_the_confirmation_too(family: Family) -> None:
    http = signed_in(family.clinician)
    _post(http, family, "")
    segment = Segment.objects.get()
    url = reverse("records:segment_relabel", args=[segment.pk])
    page = http.get(reverse("records:note_detail", args=[segment.note_id])).content.decode()
    assert "despite the no-secrets policy" in page
    http.post(url, {f"s{segment.pk}-label": "private"})
    segment.refresh_from_db()
    assert segment.label == "case"
    http.post(url, {f"s{segment.pk}-label": "private", f"s{segment.pk}-confirm_private": "on"})
    segment.refresh_from_db()
    assert segment.label == "private"


def test_other_policies_keep_the_agreement_choice() -> None:
    family = make_family(make_user("chen"))
    http = signed_in(family.clinician)
    page = http.get(reverse("records:note_create", args=[family.case.pk])).content.decode()
    assert "No-secrets policy." not in page
    assert default_label_for(family.case) == "private"
