"""The notes demo respects the signing gate and is idempotent."""

from __future__ import annotations

from unittest import mock

import pytest

from confide.practice.demo import load_demo as load_practice
from confide.practice.search import find_case
from confide.records import agreement_link
from confide.records.demo import load_demo
from confide.records.models import Note, PsychotherapyNote

pytestmark = pytest.mark.django_db
DEMO_CASES = ("Nguyen family therapy", "Alvarez couple therapy")


def test_demo_notes_follow_the_gate_and_load_once() -> None:
    load_practice(say=lambda _m: None)  # runs every app's loader, this one included
    for title in DEMO_CASES:
        case = find_case(title)
        assert Note.objects.filter(case=case).exists() == agreement_link.notes_allowed(case)
    before = (Note.objects.count(), PsychotherapyNote.objects.count())
    load_demo(say=lambda _m: None)
    assert (Note.objects.count(), PsychotherapyNote.objects.count()) == before

    nguyen = find_case("Nguyen family therapy")
    if Note.objects.filter(case=nguyen).exists():
        note = Note.objects.get(case=nguyen)
        labels = {
            (s.discloser.client.first_name if s.discloser else None): s.label
            for s in note.segments.all()
        }
        assert labels["Bao"] == "case" and labels[None] == "clinical"
        assert PsychotherapyNote.objects.get(case=nguyen).author == note.author


def test_a_closed_gate_means_no_demo_notes_and_says_why() -> None:
    said: list[str] = []
    with mock.patch.object(agreement_link, "notes_allowed", return_value=False):
        load_practice(say=said.append)
    assert Note.objects.count() == 0
    assert any("No demo notes for Nguyen family therapy" in m for m in said)
