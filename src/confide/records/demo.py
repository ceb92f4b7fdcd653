"""Demo notes for Harbor Light Counseling: a Nguyen family session note whose segments carry
different sharing labels, a psychotherapy note, and an Alvarez couple note.

Everything goes through `records.actions`, so the demo respects the confidentiality-first
gate: a case whose agreement is not signed (or overridden) gets no notes, and the loader
says so. Run it after the agreements demo. Idempotent: a case that already has notes is
left alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from confide.accounts.models import User
from confide.practice.models import Case, Participant, Practice
from confide.practice.search import find_case
from confide.records import actions, agreement_link
from confide.records.actions import SegmentInput
from confide.records.models import Note

PRACTICE_NAME = "Harbor Light Counseling"

# (first name of the speaker, or None for the clinician; label or "" for the agreement's; text)
NGUYEN_SEGMENTS = [
    ("Minh", "", "Minh described the move to a new apartment and how tired everyone is."),
    ("Lan", "", "Lan said she has been worried about money and has not told the children."),
    ("Anh", "", "Anh said she wants to apply to colleges far from home."),
    ("Bao", "case", "Bao said he misses his friends from the old school."),
    (None, "clinical", "Family engaged; warmth between Lan and Bao; tension around chores."),
]
ALVAREZ_SEGMENTS = [
    ("Maria", "", "Maria asked for more time together on weekends."),
    ("David", "", "David said work stress makes him withdraw in the evenings."),
    (None, "clinical", "Both partners used the speaker-listener exercise well."),
]


def _case(title: str) -> Case | None:
    return find_case(title)


def _participants(case: Case) -> dict[str, Participant]:
    return {
        p.client.first_name: p
        for p in Participant.objects.filter(case=case).select_related("client")
    }


def _write(case: Case, author: User, rows: list[tuple[str | None, str, str]], day: dt.date) -> None:
    people = _participants(case)
    segments = [
        SegmentInput(text=text, discloser=people.get(name) if name else None, label=label)
        for name, label, text in rows
        if name is None or name in people
    ]
    actions.write_note(acting_user=author, case=case, segments=segments, written_on=day)


def _load_case(
    title: str,
    username: str,
    rows: list[tuple[str | None, str, str]],
    say: Callable[[str], Any],
    psychotherapy: str = "",
) -> None:
    case = _case(title)
    author = User.objects.filter(username=username).first()
    if case is None or author is None or Note.objects.filter(case=case).exists():
        return
    if not agreement_link.notes_allowed(case):
        say(f"No demo notes for {title}: its agreement is not signed yet.")
        return
    last_week = timezone.localdate() - dt.timedelta(days=7)
    _write(case, author, rows, last_week)
    if psychotherapy:
        actions.write_psychotherapy_note(
            acting_user=author, case=case, text=psychotherapy, written_on=last_week
        )
    say(f"Added demo notes to {title}.")


def load_demo(say: Callable[[str], Any] = print) -> None:
    """Add the demo notes to the demo practice (nothing if it is not the demo practice)."""
    practice = Practice.current()
    if practice is None or practice.name != PRACTICE_NAME:
        return
    _load_case(
        "Nguyen family therapy",
        "dr.chen",
        NGUYEN_SEGMENTS,
        say,
        psychotherapy="I notice I side with Anh; bring this to supervision.",
    )
    _load_case("Alvarez couple therapy", "dr.rivera", ALVAREZ_SEGMENTS, say)
