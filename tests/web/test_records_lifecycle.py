"""The note lifecycle: drafts only their author sees, signing that locks (signer and time in
the audit), addenda after signing, templates that keep each voice its own segment, and
full-text search over the clinician's own notes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from confide.audit.models import AuditEvent
from confide.records import access, actions
from confide.records.actions import SegmentInput
from confide.records.models import Note, NoteStatus, Segment
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


def _post(http, url, rows, **extra):
    data = {"written_on": "2026-11-20", **extra}
    for n, (who, label, text, *section) in enumerate(rows):
        data[f"seg-{n}-discloser"] = who
        data[f"seg-{n}-label"] = label
        data[f"seg-{n}-text"] = text
        if section:
            data[f"seg-{n}-section"] = section[0]
    return http.post(url, data)


def test_a_draft_is_seen_by_its_author_only_then_signed_and_locked(family) -> None:
    colleague = make_user("chen")
    family.case.clinicians.add(colleague)
    http = signed_in(family.clinician)
    url = reverse("records:note_create", args=[family.case.pk])
    response = _post(http, url, [(str(family.mother.pk), "", "Money worries")], save="1")
    note = Note.objects.get()
    assert response.status_code == 302 and note.status == NoteStatus.DRAFT
    assert note.signed_at is None
    assert AuditEvent.objects.get(action="create", target_type="records.note").detail["status"] == (
        "draft"
    )
    # The colleague on the same case, and the portal, do not see the draft.
    assert signed_in(colleague).get(reverse("records:note_detail", args=[note.pk])).status_code == (
        404
    )
    portal = signed_in(portal_user(family.mother))
    assert "Money worries" not in portal.get(reverse("records:portal_notes")).content.decode()

    # The author reworks it: a second segment is added while drafting, then signs.
    edit = reverse("records:note_edit", args=[note.pk])
    page = http.get(edit)
    assert page.status_code == 200 and "Money worries" in page.content.decode()
    rows = [(str(family.mother.pk), "", "Money worries"), ("clinician", "", "Calm affect")]
    response = _post(http, edit, rows, sign="1")
    note.refresh_from_db()
    assert response.status_code == 302
    assert note.status == NoteStatus.SIGNED and note.signed_by == family.clinician
    assert [s.text for s in note.segments.all()] == ["Money worries", "Calm affect"]
    signed = AuditEvent.objects.get(action="sign", target_type="records.note")
    assert signed.detail["signed_by"] == family.clinician.pk
    assert signed.detail["signed_at"] == note.signed_at.isoformat()
    assert signed.actor == family.clinician

    # Locked: the edit page is gone and the action refuses.
    assert http.get(edit).status_code == 404
    with pytest.raises(ValidationError, match="signed and locked"):
        actions.update_draft(
            acting_user=family.clinician, note=note, segments=[SegmentInput(text="changed")]
        )
    assert [s.text for s in note.segments.all()] == ["Money worries", "Calm affect"]
    assert signed_in(colleague).get(reverse("records:note_detail", args=[note.pk])).status_code == (
        200
    )
    assert "Money worries" in portal.get(reverse("records:portal_notes")).content.decode()


def test_only_the_author_signs_a_draft(family) -> None:
    colleague = make_user("chen")
    family.case.clinicians.add(colleague)
    note = actions.write_note(
        acting_user=family.clinician,
        case=family.case,
        segments=[SegmentInput(text="draft words")],
        sign=False,
    )
    with pytest.raises(ValidationError, match="Only the clinician who wrote"):
        actions.sign_note(acting_user=colleague, note=note)
    response = signed_in(colleague).post(reverse("records:note_sign", args=[note.pk]))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.is_draft and not AuditEvent.objects.filter(action="sign").exists()


def test_after_signing_only_dated_attributed_addenda(family) -> None:
    colleague = make_user("chen")
    family.case.clinicians.add(colleague)
    note = family_note(family, "private", "case", "private")
    before = [(s.pk, s.text, s.label) for s in note.segments.all()]
    http = signed_in(colleague)
    url = reverse("records:note_addendum", args=[note.pk])
    response = http.post(
        url, {"discloser": str(family.father.pk), "label": "", "text": "Minh phoned to add this"}
    )
    assert response.status_code == 302
    added = note.segments.get(added_at__isnull=False)
    assert added.added_by == colleague and added.discloser == family.father
    assert added.label == "case"  # the father's agreement choice
    assert added.position == len(before) + 1
    assert [(s.pk, s.text, s.label) for s in note.segments.exclude(pk=added.pk)] == before
    event = AuditEvent.objects.get(action="create", target_type="records.segment")
    assert event.actor == colleague and event.detail["note_id"] == note.pk
    assert "Minh phoned" not in str(event.detail)
    page = http.get(reverse("records:note_detail", args=[note.pk])).content.decode()
    assert "Addendum" in page and "Minh phoned to add this" in page and "Chen" in page

    # An empty addendum adds nothing; a draft takes no addendum.
    http.post(url, {"discloser": "clinician", "text": "  "})
    assert note.segments.filter(added_at__isnull=False).count() == 1
    draft = actions.write_note(
        acting_user=family.clinician, case=family.case, segments=[SegmentInput("x")], sign=False
    )
    with pytest.raises(ValidationError):
        actions.add_addendum(
            acting_user=family.clinician, note=draft, addendum=SegmentInput("late")
        )


def test_a_soap_template_gives_each_participant_their_own_subjective_segment(family) -> None:
    http = signed_in(family.clinician)
    url = reverse("records:note_create", args=[family.case.pk])
    page = http.get(url, {"template": "soap"}).content.decode()
    assert page.count(": Subjective</legend>") == 3  # one row per participant
    for title in ("Objective", "Assessment", "Plan"):
        assert f": {title}</legend>" in page
    rows = [
        (str(family.mother.pk), "", "I feel unheard", "S"),
        (str(family.father.pk), "", "Work is stressful", "S"),
        (str(family.teen.pk), "", "I want space", "S"),
        ("clinician", "", "Tense posture", "O"),
        ("clinician", "", "Family conflict", "A"),
        ("clinician", "", "Weekly sessions", "P"),
    ]
    response = _post(http, url, rows, template="soap", sign="1")
    assert response.status_code == 302
    note = Note.objects.get()
    assert note.template == "soap" and note.status == NoteStatus.SIGNED
    got = [(s.section, s.discloser_id, s.label) for s in note.segments.all()]
    assert got == [
        ("S", family.mother.pk, "private"),
        ("S", family.father.pk, "case"),
        ("S", family.teen.pk, "private"),
        ("O", None, "clinical"),
        ("A", None, "clinical"),
        ("P", None, "clinical"),
    ]
    # The portal shows the father's words to the teen (case), not the mother's (private).
    portal = signed_in(portal_user(family.teen)).get(reverse("records:portal_notes"))
    body = portal.content.decode()
    assert "Work is stressful" in body and "I feel unheard" not in body


def test_a_section_outside_the_template_is_refused(family) -> None:
    with pytest.raises(ValidationError, match="not part of the template"):
        actions.write_note(
            acting_user=family.clinician,
            case=family.case,
            segments=[SegmentInput(text="x", section="Z")],
            template="dap",
        )
    with pytest.raises(ValidationError):
        actions.write_note(
            acting_user=family.clinician,
            case=family.case,
            segments=[SegmentInput(text="x")],
            template="nonsense",
        )
    assert Note.objects.count() == 0


def test_search_finds_words_in_the_clinicians_own_notes_only(family) -> None:
    other = make_family(make_user("chen"), surname="Okafor")
    actions.write_note(
        acting_user=family.clinician,
        case=family.case,
        segments=[SegmentInput(text="Linh spoke about the Café and her arguing parents")],
    )
    actions.write_note(
        acting_user=other.clinician,
        case=other.case,
        segments=[SegmentInput(text="Okafor arguing about the cafe")],
    )
    actions.write_note(
        acting_user=family.clinician,
        case=family.case,
        segments=[SegmentInput(text="Unrelated session about school")],
    )
    hits, total = access.search_notes(family.clinician, "cafe argu")
    assert total == 1 and "Café" in hits[0].snippet
    assert hits[0].note.case == family.case
    hits, total = access.search_notes(other.clinician, "cafe")
    assert total == 1 and hits[0].note.case == other.case
    assert access.search_notes(family.clinician, "x") == ([], 0)

    http = signed_in(family.clinician)
    page = http.get(reverse("records:note_search"), {"q": "arguing"})
    body = page.content.decode()
    assert page.status_code == 200 and "1 note found" in body and "Okafor" not in body
    event = AuditEvent.objects.filter(action="view", summary="Searched notes").latest("seq")
    assert event.detail["client_ids"] == sorted(p.client_id for p in family.participants)


def test_search_skips_a_colleagues_draft(family) -> None:
    colleague = make_user("chen")
    family.case.clinicians.add(colleague)
    actions.write_note(
        acting_user=colleague,
        case=family.case,
        segments=[SegmentInput(text="draft about the divorce")],
        sign=False,
    )
    assert access.search_notes(family.clinician, "divorce") == ([], 0)
    assert access.search_notes(colleague, "divorce")[1] == 1


def test_write_the_note_from_a_session_picks_it(family) -> None:
    import datetime as dt

    from django.utils import timezone

    from confide.practice.models import Session

    session = Session.objects.create(
        case=family.case, starts_at=timezone.now() - dt.timedelta(hours=2)
    )
    http = signed_in(family.clinician)
    page = http.get(reverse("records:note_create", args=[family.case.pk]), {"session": session.pk})
    body = page.content.decode()
    assert f'<option value="{session.pk}" selected>' in body
    assert Segment.objects.count() == 0


def test_search_decrypts_nothing_outside_the_clinicians_cases(family) -> None:
    """The decryption itself is watched: no text of another clinician's case is opened."""
    from unittest import mock

    from confide.fields import EncryptedTextField

    other = make_family(make_user("chen"), surname="Okafor")
    for n in range(3):
        actions.write_note(
            acting_user=other.clinician,
            case=other.case,
            segments=[SegmentInput(text=f"okafor secret {n}")],
        )
    actions.write_note(
        acting_user=family.clinician,
        case=family.case,
        segments=[SegmentInput(text="nguyen words")],
    )
    opened: list[str] = []
    real = EncryptedTextField.from_db_value

    def watching(self, value, expression, connection):  # type: ignore[no-untyped-def]
        plain = real(self, value, expression, connection)
        opened.append(str(plain))
        return plain

    with mock.patch.object(EncryptedTextField, "from_db_value", watching):
        hits, total = access.search_notes(family.clinician, "secret")
    assert (hits, total) == ([], 0)
    assert "nguyen words" in opened
    assert not [t for t in opened if "okafor" in t]


def test_drafts_to_sign_reach_the_dashboard_and_the_note_filter(family) -> None:
    draft = actions.write_note(
        acting_user=family.clinician,
        case=family.case,
        segments=[SegmentInput(text="half written")],
        sign=False,
    )
    family_note(family, "private")
    http = signed_in(family.clinician)
    dashboard = http.get(reverse("practice:dashboard")).content.decode()
    assert "1 draft note to finish and sign" in dashboard
    listed = http.get(reverse("records:note_list"), {"status": "draft"}).content.decode()
    assert reverse("records:note_detail", args=[draft.pk]) in listed
    assert listed.count("records/notes/") == 1
    actions.sign_note(acting_user=family.clinician, note=draft)
    assert "draft note" not in http.get(reverse("practice:dashboard")).content.decode()
