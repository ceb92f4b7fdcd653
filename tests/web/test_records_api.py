"""The notes API answers through the same visibility rule as the pages, and audits each read."""

from __future__ import annotations

import pytest
from ninja.testing import TestClient

from confide.audit.models import AuditEvent
from confide.records.api import router
from tests.web.test_records_fixtures import family_note, make_family, make_user, portal_user

pytestmark = pytest.mark.django_db
api = TestClient(router)


@pytest.fixture
def world():
    family = make_family(make_user("rivera"))
    note = family_note(family, "private", "case", "clinical")
    return family, note


def _texts(body: dict) -> list[str]:
    return [s["text"] for s in body["segments"]]


def test_the_clinician_gets_every_segment_and_the_read_is_audited(world) -> None:
    family, note = world
    before = AuditEvent.objects.filter(action="view").count()
    response = api.get(f"/notes/{note.pk}", user=family.clinician)
    assert response.status_code == 200
    assert len(response.json()["segments"]) == 4
    assert response.json()["withheld_segments"] == 0
    assert AuditEvent.objects.filter(action="view").count() == before + 1


def test_a_participant_gets_only_what_the_labels_share(world) -> None:
    family, note = world
    texts = {
        p.client.first_name: _texts(api.get(f"/notes/{note.pk}", user=portal_user(p)).json())
        for p in family.participants
    }
    assert texts == {
        "Linh": ["Linh said thing 0", "Minh said thing 1"],
        "Minh": ["Minh said thing 1"],
        "Anh": ["Minh said thing 1"],
    }
    listed = api.get(f"/cases/{family.case.pk}/notes", user=portal_user_for(family, 1))
    assert [_texts(n) for n in listed.json()] == [["Minh said thing 1"]]


def portal_user_for(family, n):
    client = family.participants[n].client
    client.refresh_from_db()
    return client.portal_user or portal_user(family.participants[n])


@pytest.mark.parametrize("role", ["clinician", "administrator", "supervisor", "privacy_officer"])
def test_everyone_else_gets_404(world, role: str) -> None:
    family, note = world
    other = make_user(f"x-{role}", role)
    assert api.get(f"/notes/{note.pk}", user=other).status_code == 404
    assert api.get(f"/cases/{family.case.pk}/notes", user=other).status_code == 404
    stranger = make_user("stranger", "client")
    assert api.get(f"/notes/{note.pk}", user=stranger).status_code == 404


def test_a_grant_for_progress_segments_never_covers_a_psychotherapy_note(world) -> None:
    from confide.records import actions
    from confide.records.visibility import ReleaseGrant, ViewerFacts, visible_segments

    family, note = world
    pnote = actions.write_psychotherapy_note(
        acting_user=family.clinician, case=family.case, text="my own thoughts"
    )
    ids = frozenset({pnote.pk, *note.segments.values_list("pk", flat=True)})
    grant = ReleaseGrant(
        basis=(("45 CFR 164.508", ""),),
        segment_ids=ids,
        note_ids=frozenset({pnote.pk, note.pk}),
        labels=frozenset({"private", "case", "clinical"}),
        psychotherapy_notes=True,
    )
    assert visible_segments(pnote, ViewerFacts.recipient(), grant) == []
    assert len(visible_segments(note, ViewerFacts.recipient(), grant)) == 4
    named = ReleaseGrant(
        basis=grant.basis, segment_ids=frozenset({-pnote.pk}), psychotherapy_notes=True
    )
    assert [s.ref for s in visible_segments(pnote, ViewerFacts.recipient(), named)] == [pnote]
