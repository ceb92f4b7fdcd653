"""Assemble exactly what a release may carry, from the records.

Note content comes only through `confide.records.visibility` with a `ReleaseGrant` naming the
decision's legal basis: this module picks which segments the scope covers from their plain
facts (never their text), and the visibility rule alone hands back the content. Another
participant's private disclosures are left out unless the scope names them; psychotherapy
notes only when the scope names them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from confide.practice.models import Case, Client
from confide.practice.vocabulary import SessionStatus
from confide.records import access as records_access
from confide.records.visibility import (
    PRIVATE,
    ReleaseGrant,
    SegmentFacts,
    ViewerFacts,
    visible_segments,
)

NOTE_CATEGORIES = {"progress_notes", "whole_record"}
SUMMARY_CATEGORIES = {"general_progress", "treatment_progress", "diagnosis"}
OTHERS_PRIVATE = "another_participants_disclosures"
PSYCHOTHERAPY_NOTES = "psychotherapy_notes"


@dataclass
class Assembled:
    attendance: list[str] = field(default_factory=list)
    summary: str = ""
    notes: list[tuple[str, list[str]]] = field(default_factory=list)
    psychotherapy_notes: list[tuple[str, str]] = field(default_factory=list)

    def as_text(self) -> str:
        parts: list[str] = []
        if self.attendance:
            parts.append("Attendance:\n" + "\n".join(f"- {d}" for d in self.attendance))
        if self.summary:
            parts.append("Summary:\n" + self.summary)
        for title, texts in self.notes:
            parts.append(f"{title}:\n" + "\n".join(f"- {t}" for t in texts))
        for title, text in self.psychotherapy_notes:
            parts.append(f"{title}:\n{text}")
        return "\n\n".join(parts)


def _participant_ids(client: Client, case: Case) -> set[int]:
    return set(case.participants.filter(client=client).values_list("pk", flat=True))


def _selected(segments: Iterable[SegmentFacts], mine: set[int], others_too: bool) -> set[int]:
    """Segments the scope covers: the clinician's, the client's own, shared ones; another
    participant's private disclosures only when the scope names them."""
    chosen = set()
    for seg in segments:
        own = seg.discloser_id is None or seg.discloser_id in mine
        if own or seg.label != PRIVATE or others_too:
            chosen.add(seg.segment_id)
    return chosen


def assemble(
    *,
    user: Any,
    client: Client,
    case: Case | None,
    categories: Sequence[str],
    basis: Sequence[tuple[str, str]],
    summary: str = "",
) -> Assembled:
    """The release content for `categories`, read as `user` (the releasing clinician)."""
    out = Assembled(summary=summary.strip() if SUMMARY_CATEGORIES & set(categories) else "")
    if case is None:
        return out
    if "attendance" in categories or "whole_record" in categories:
        out.attendance = [
            f"{timezone.localtime(s.starts_at):%Y-%m-%d}"
            for s in records_access.sessions_of(case).order_by("starts_at")
            if s.status == SessionStatus.HELD
        ]
    wants_notes = bool(NOTE_CATEGORIES & set(categories))
    wants_pn = PSYCHOTHERAPY_NOTES in categories
    if not (wants_notes or wants_pn):
        return out
    sight = records_access.get_case(user, case.pk)
    recipient = ViewerFacts.recipient()
    if wants_notes:
        mine = _participant_ids(client, case)
        for note in records_access.notes_of(sight):
            facts = note.visibility_facts()
            ids = _selected(facts.segments, mine, OTHERS_PRIVATE in categories)
            grant = ReleaseGrant(basis=tuple(basis), segment_ids=frozenset(ids))
            texts = [s.ref.text for s in visible_segments(facts, recipient, grant)]
            if texts:
                out.notes.append((f"Progress note {note.written_on:%Y-%m-%d}", texts))
    if wants_pn:
        for pnote in records_access.psychotherapy_notes_of(user, sight):
            facts = pnote.visibility_facts()
            grant = ReleaseGrant(
                basis=tuple(basis),
                segment_ids=frozenset(s.segment_id for s in facts.segments),
                psychotherapy_notes=True,
            )
            for seg in visible_segments(facts, recipient, grant):
                out.psychotherapy_notes.append(
                    (f"Psychotherapy note {pnote.written_on:%Y-%m-%d}", seg.ref.text)
                )
    return out
