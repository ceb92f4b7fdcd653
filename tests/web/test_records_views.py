"""Note pages: writing a note segment by segment, labels from agreements, the gate, the note
list's filters, the portal section, and one audit event per page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from confide.audit.models import AuditEvent
from confide.records.models import Note, Segment
from tests.web.test_records_fixtures import (
    family_note,
    make_family,
    make_user,
    portal_user,
    signed_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def family():
    return make_family(make_user("rivera"))


def _post_note(http, family, rows):
    data = {"written_on": "2026-11-20", "save": "1"}
    for n, (who, label, text) in enumerate(rows):
        data[f"seg-{n}-discloser"] = who
        data[f"seg-{n}-label"] = label
        data[f"seg-{n}-text"] = text
    return http.post(reverse("records:note_create", args=[family.case.pk]), data)


def test_writing_a_note_labels_each_segment_from_its_speakers_agreement(family) -> None:
    http = signed_in(family.clinician)
    response = _post_note(
        http,
        family,
        [
            (str(family.mother.pk), "", "I worry about money"),
            (str(family.father.pk), "", "We argue at dinner"),
            (str(family.teen.pk), "case", "I want more freedom"),
            ("clinician", "", "Family shows warmth"),
        ],
    )
    note = Note.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("records:note_detail", args=[note.pk])
    got = [(s.discloser_id, s.label, s.label_source, s.text) for s in note.segments.all()]
    assert got == [
        (family.mother.pk, "private", "agreement", "I worry about money"),
        (family.father.pk, "case", "agreement", "We argue at dinner"),
        (family.teen.pk, "case", "clinician", "I want more freedom"),
        (None, "clinical", "agreement", "Family shows warmth"),
    ]
    created = AuditEvent.objects.get(action="create", target_type="records.note")
    assert "money" not in str(created.detail) and "money" not in created.summary


def test_a_blank_segment_changes_nothing_and_says_which(family) -> None:
    http = signed_in(family.clinician)
    before = AuditEvent.objects.filter(action="create").count()
    response = _post_note(http, family, [(str(family.mother.pk), "", "   "), ("bogus", "", "text")])
    assert response.status_code == 422
    assert Note.objects.count() == 0 and Segment.objects.count() == 0
    assert AuditEvent.objects.filter(action="create").count() == before
    body = response.content.decode()
    assert 'aria-invalid="true"' in body
    assert "Please check the form" in body


def test_notes_are_refused_until_the_agreement_is_signed() -> None:
    family = make_family(make_user("rivera"), open_gate=False)
    http = signed_in(family.clinician)
    page = http.get(reverse("records:note_create", args=[family.case.pk]))
    assert page.status_code == 409
    text = " ".join(page.content.decode().split())
    assert "cannot be written until every participant has signed" in text
    assert "Linh Nguyen" in text
    response = _post_note(http, family, [(str(family.mother.pk), "", "text")])
    assert response.status_code == 409 and Note.objects.count() == 0


def test_adding_a_segment_row_keeps_what_was_typed(family) -> None:
    http = signed_in(family.clinician)
    url = reverse("records:note_create", args=[family.case.pk])
    response = http.post(
        url,
        {
            "written_on": "2026-11-20",
            "seg-0-discloser": str(family.father.pk),
            "seg-0-text": "first words",
            "add_segment": "1",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and Note.objects.count() == 0
    assert "first words" in body and 'name="seg-1-text"' in body
    row = http.get(reverse("records:segment_row", args=[family.case.pk]), {"n": "4"})
    assert 'name="seg-4-text"' in row.content.decode()
    assert "Segment 5" in row.content.decode()


def test_changing_a_label_is_audited(family) -> None:
    note = family_note(family, "private", "case", "private")
    segment = note.segments.get(discloser=family.mother)
    http = signed_in(family.clinician)
    url = reverse("records:segment_relabel", args=[segment.pk])
    http.post(url, {f"s{segment.pk}-label": "case"})
    segment.refresh_from_db()
    assert (segment.label, segment.label_source) == ("case", "clinician")
    event = AuditEvent.objects.get(action="change", target_type="records.segment")
    assert event.detail["from"] == "private" and event.detail["to"] == "case"
    http.post(url, {f"s{segment.pk}-label": "public"})
    segment.refresh_from_db()
    assert segment.label == "case"
    assert AuditEvent.objects.filter(action="change").count() == 1


def test_another_clinician_and_other_roles_get_404(family) -> None:
    note = family_note(family, "private", "case", "private")
    pages = [
        reverse("records:case_notes", args=[family.case.pk]),
        reverse("records:note_detail", args=[note.pk]),
        reverse("records:note_create", args=[family.case.pk]),
    ]
    for role in ("clinician", "administrator", "supervisor", "privacy_officer"):
        http = signed_in(make_user(f"other-{role}", role))
        for url in pages:
            assert http.get(url).status_code == 404, (role, url)


def test_each_note_page_writes_one_view_event(family) -> None:
    note = family_note(family, "private", "case", "private")
    http = signed_in(family.clinician)
    for url in (
        reverse("records:case_notes", args=[family.case.pk]),
        reverse("records:note_detail", args=[note.pk]),
        reverse("records:note_list"),
    ):
        before = AuditEvent.objects.filter(action="view").count()
        assert http.get(url).status_code == 200
        assert AuditEvent.objects.filter(action="view").count() == before + 1


def test_the_note_list_filters_by_metadata(family) -> None:
    family_note(family, "private", "private", "private")
    family_note(family, "case")
    http = signed_in(family.clinician)
    url = reverse("records:note_list")
    assert len(http.get(url).context["notes"]) == 2
    assert len(http.get(url, {"label": "case"}).context["notes"]) == 1
    assert len(http.get(url, {"client": family.father.client_id}).context["notes"]) == 1
    assert len(http.get(url, {"date_from": "2999-01-01"}).context["notes"]) == 0
    bad = http.get(url, {"date_from": "2026-02-02", "date_to": "2026-01-01"})
    assert bad.status_code == 422 and bad.context["notes"] == []


def test_the_note_list_pages_keep_the_filters(family, monkeypatch) -> None:
    monkeypatch.setattr("confide.records.access.NOTES_PER_PAGE", 2)
    for _ in range(3):
        family_note(family, "case")
    family_note(family, "private")
    http = signed_in(family.clinician)
    url = reverse("records:note_list")
    first = http.get(url, {"label": "case"})
    assert len(first.context["notes"]) == 2
    assert "label=case&amp;page=2" in first.content.decode()
    second = http.get(url, {"label": "case", "page": 2})
    assert len(second.context["notes"]) == 1
    listed = {n.pk for n, _ in first.context["notes"]} | {n.pk for n, _ in second.context["notes"]}
    assert len(listed) == 3
    assert len(http.get(url, {"page": "nonsense"}).context["notes"]) == 2


def test_the_portal_shows_each_participant_only_what_the_labels_allow(family) -> None:
    family_note(family, "private", "case", "clinical")
    seen = {}
    for p in family.participants:
        http = signed_in(portal_user(p))
        body = http.get(reverse("records:portal_notes")).content.decode()
        seen[p.client.first_name] = {
            name for name in ("Linh", "Minh", "Anh") if f"{name} said thing" in body
        } | ({"clinician"} if "Clinician observed" in body else set())
    assert seen == {"Linh": {"Linh", "Minh"}, "Minh": {"Minh"}, "Anh": {"Minh"}}


def test_a_psychotherapy_note_is_its_authors_alone(family) -> None:
    http = signed_in(family.clinician)
    response = http.post(
        reverse("records:psychotherapy_create", args=[family.case.pk]),
        {"written_on": "2026-11-20", "text": "Countertransference with the father"},
    )
    assert response.status_code == 302
    detail = http.get(response["Location"])
    assert "Psychotherapy note — only you can see this" in detail.content.decode()
    colleague = make_user("chen")
    family.case.clinicians.add(colleague)
    assert signed_in(colleague).get(response["Location"]).status_code == 404
    listing = signed_in(colleague).get(reverse("records:case_notes", args=[family.case.pk]))
    assert "Psychotherapy note," not in listing.content.decode()


def test_the_portal_home_offers_the_shared_notes_section(family) -> None:
    http = signed_in(portal_user(family.mother))
    home = http.get(reverse("portal:home"))
    assert home.status_code == 200
    assert "Session notes shared with me" in home.content.decode()
    assert reverse("records:portal_notes") in home.content.decode()


def test_the_export_holds_what_the_viewer_sees_and_is_audited(family) -> None:
    note = family_note(family, "private", "case", "private")
    http = signed_in(family.clinician)
    response = http.get(reverse("records:note_export", args=[note.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert all(s.text in body for s in note.segments.all())
    event = AuditEvent.objects.get(action="export")
    assert event.detail["segments"] == list(note.segments.values_list("pk", flat=True))
    assert (
        signed_in(make_user("chen")).get(reverse("records:note_export", args=[note.pk])).status_code
        == 404
    )
