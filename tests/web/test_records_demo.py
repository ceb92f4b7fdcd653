"""The notes demo respects the signing gate, is idempotent, and survives the demo's reset."""

from __future__ import annotations

import pytest

from confide.accounts.models import User
from confide.agreements import actions as agreement_actions
from confide.practice.demo import load_demo as load_practice
from confide.practice.models import Case
from confide.records.demo import load_demo
from confide.records.models import Note, PsychotherapyNote

pytestmark = pytest.mark.django_db


def test_demo_notes_wait_for_the_gate_then_load_once_and_reset_cleanly() -> None:
    load_practice(say=lambda _m: None)
    said: list[str] = []
    load_demo(say=said.append)
    assert Note.objects.count() == 0
    assert any("not signed" in m for m in said)

    chen = User.objects.get(username="dr.chen")
    case = Case.objects.get(title="Nguyen family therapy")
    agreement_actions.override_gate(acting_user=chen, case=case, reason="Demo: signed on paper.")
    load_demo(say=said.append)
    load_demo(say=said.append)
    note = Note.objects.get()
    assert note.case == case and note.author == chen
    labels = {
        (s.discloser.client.first_name if s.discloser else None): s.label
        for s in note.segments.all()
    }
    assert labels["Bao"] == "case" and labels[None] == "clinical"
    assert {labels["Minh"], labels["Lan"], labels["Anh"]} <= {"private", "case", "clinical"}
    assert PsychotherapyNote.objects.get().author == chen

    load_practice(reset=True, say=lambda _m: None)
    assert Note.objects.count() == 0 and PsychotherapyNote.objects.count() == 0
