"""The one rule for what a viewer sees of a note: a pure function over plain facts.

Every page, export, portal view and API call that shows note content asks this module, so
DESIGN invariants 1 and 2 hold in one place and can be tested over thousands of generated
examples without a database.

Plain facts:

- `SegmentFacts`: one disclosure segment (or the whole text of a psychotherapy note, as one
  segment attributed to its author): which note and case it belongs to, the note's kind and
  author, who disclosed it (a participant id, or None for the clinician) and its sharing label.
- `ViewerFacts`: who is looking, as a kind (`ViewerKind`) with the ids that matter: their user
  id, the cases they are on (assigned clinician, participant, active emergency access,
  supervision) and, for a participant, their participant ids.
- `ReleaseGrant`: what a release lets its recipient see, with its legal basis. A grant without
  a basis covers nothing.

The rule (`can_see`):

- a psychotherapy note is seen by its author only, while they are on the case; a recipient
  sees it only under a grant that names psychotherapy notes (an authorization naming them,
  or a rule allowing it);
- a progress-note segment is seen by the case's clinicians and by a clinician under active
  emergency access (all labels); by a participant of the case when labelled "case", or when
  labelled "private" and they disclosed it; by a supervisor of the case when labelled "case"
  or "clinical" (never "private");
- other staff and related people see nothing; a release recipient sees exactly the segments
  their grant covers and nothing else;
- anything unknown (a label, a kind) is refused: the rule fails closed.

API for releases (the disclosures app):

    from confide.records.visibility import ReleaseGrant, ViewerFacts, visible_segments

    grant = ReleaseGrant(
        basis=(("45 CFR 164.508", "authorization on file"),),
        segment_ids=frozenset({12, 13}),          # specific segments, and/or
        note_ids=frozenset({4}), labels=frozenset({"case"}),  # categories within notes
        psychotherapy_notes=False,                # True only if the authorization names them
    )
    shown = visible_segments(note, ViewerFacts.recipient(), grant)
    texts = [s.ref.text for s in shown]           # `ref` is the Segment row (Django side)

A psychotherapy note's facts use its negated primary key as note and segment id, so ids from
progress notes never cover one. Build one grant per note from that note's facts.

`note` is a `NoteFacts` or any object with a `visibility_facts()` method returning one (the
`records.models.Note` and `PsychotherapyNote` models have it), so callers never assemble
note content any other way.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Protocol

PRIVATE = "private"
CASE = "case"
CLINICAL = "clinical"
LABELS = (PRIVATE, CASE, CLINICAL)

PROGRESS = "progress"
PSYCHOTHERAPY = "psychotherapy"
NOTE_KINDS = (PROGRESS, PSYCHOTHERAPY)


class ViewerKind(enum.StrEnum):
    CLINICIAN = "clinician"  # assigned to the case
    EMERGENCY = "emergency"  # a clinician outside the case under active emergency access
    STAFF = "staff"  # any other staff member
    PARTICIPANT = "participant"  # a client of the case, through the portal
    RELATED_PERSON = "related_person"  # a relative, guardian, personal representative
    SUPERVISOR = "supervisor"
    RECIPIENT = "recipient"  # someone receiving a release


@dataclass(frozen=True)
class SegmentFacts:
    segment_id: int
    note_id: int
    case_id: int
    note_kind: str
    author_id: int | None
    discloser_id: int | None  # a participant id; None means the clinician
    label: str
    # The object the facts describe (a Segment row); ignored by the rule, handy for callers.
    ref: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class NoteFacts:
    note_id: int
    case_id: int
    kind: str
    author_id: int | None
    segments: tuple[SegmentFacts, ...] = ()


@dataclass(frozen=True)
class ViewerFacts:
    kind: ViewerKind
    user_id: int | None = None
    case_ids: frozenset[int] = frozenset()
    participant_ids: frozenset[int] = frozenset()

    @classmethod
    def recipient(cls) -> ViewerFacts:
        """Whoever receives a release: sees only what the release's grant covers."""
        return cls(ViewerKind.RECIPIENT)

    @classmethod
    def nobody(cls) -> ViewerFacts:
        return cls(ViewerKind.STAFF)


@dataclass(frozen=True)
class ReleaseGrant:
    """What one release lets its recipient see, and the legal basis (rule, citation) for it."""

    basis: tuple[tuple[str, str], ...]
    segment_ids: frozenset[int] = frozenset()
    note_ids: frozenset[int] = frozenset()
    labels: frozenset[str] = frozenset()
    psychotherapy_notes: bool = False

    def covers(self, segment: SegmentFacts) -> bool:
        if not any(rule.strip() or cite.strip() for rule, cite in self.basis):
            return False
        if segment.note_kind not in NOTE_KINDS or segment.label not in LABELS:
            return False
        if segment.note_kind == PSYCHOTHERAPY and not self.psychotherapy_notes:
            return False
        if segment.segment_id in self.segment_ids:
            return True
        return segment.note_id in self.note_ids and segment.label in self.labels


class HasFacts(Protocol):
    def visibility_facts(self) -> NoteFacts: ...


def can_see(segment: SegmentFacts, viewer: ViewerFacts, grant: ReleaseGrant | None = None) -> bool:
    """Whether `viewer` may see `segment`. The one rule; see the module docstring."""
    if segment.label not in LABELS or segment.note_kind not in NOTE_KINDS:
        return False
    if viewer.kind == ViewerKind.RECIPIENT:
        return grant is not None and grant.covers(segment)
    if segment.note_kind == PSYCHOTHERAPY:
        return _author_sees(segment, viewer)
    if segment.case_id not in viewer.case_ids:
        return False
    if viewer.kind in (ViewerKind.CLINICIAN, ViewerKind.EMERGENCY):
        return True
    if viewer.kind == ViewerKind.PARTICIPANT:
        if segment.label == CASE:
            return True
        return segment.label == PRIVATE and segment.discloser_id in viewer.participant_ids
    if viewer.kind == ViewerKind.SUPERVISOR:
        return segment.label in (CASE, CLINICAL)
    return False


def _author_sees(segment: SegmentFacts, viewer: ViewerFacts) -> bool:
    return (
        viewer.kind == ViewerKind.CLINICIAN
        and viewer.user_id is not None
        and viewer.user_id == segment.author_id
        and segment.case_id in viewer.case_ids
    )


def visible_segments(
    note: NoteFacts | HasFacts, viewer: ViewerFacts, grant: ReleaseGrant | None = None
) -> list[SegmentFacts]:
    """The note's segments `viewer` may see, in note order."""
    facts = note if isinstance(note, NoteFacts) else note.visibility_facts()
    return [s for s in facts.segments if can_see(s, viewer, grant)]


def hidden_count(
    note: NoteFacts | HasFacts, viewer: ViewerFacts, grant: ReleaseGrant | None = None
) -> int:
    """How many segments are withheld (shown as a count, never as content)."""
    facts = note if isinstance(note, NoteFacts) else note.visibility_facts()
    return len(facts.segments) - len(visible_segments(facts, viewer, grant))
