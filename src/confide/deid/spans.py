"""Spans: what a detector found, where, and how sure the engine should be of it.

Every detector returns `Span`s over the *input* text; the engine resolves overlaps once, so each
detector can stay simple and greedy.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

Kind = Literal[
    "person",
    "location",
    "organization",
    "date",
    "age",
    "phone",
    "email",
    "url",
    "ip",
    "id",
    "other",
]
KINDS: tuple[Kind, ...] = (
    "person", "location", "organization", "date", "age", "phone", "email", "url", "ip", "id",
    "other",
)  # fmt: skip

# Higher wins an overlap: the case's own records beat structured patterns, which beat guesses.
PRIORITY_KNOWN = 30
PRIORITY_PATTERN = 20
PRIORITY_CONTEXT = 12
PRIORITY_GUESS = 5


@dataclass(slots=True)  # built by the thousand: not frozen, which is much cheaper
class Span:
    """One identifier found in a text. `key` groups mentions of the same thing (a person)."""

    start: int
    end: int
    kind: Kind
    source: str = ""
    priority: int = PRIORITY_GUESS
    key: str = ""
    role: str = ""

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Replaced:
    """A span as reported to callers: offsets into the input, and what replaced it."""

    start: int
    end: int
    kind: Kind
    replacement: str

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "replacement": self.replacement,
        }


def resolve(spans: Iterable[Span], text: str) -> list[Span]:
    """Keep a non-overlapping subset: highest priority first, then the longest, then leftmost.

    A span that loses part of itself to a stronger one keeps the rest, when the rest holds a
    letter or a digit: a known street swallowing the start of a found address block must
    not expose the block's postcode, nor a known first name the surname a guess had joined
    to it.
    """
    ordered = sorted(spans, key=lambda s: (-s.priority, -s.length, s.start))
    starts: list[int] = []
    kept: list[Span] = []
    for span in ordered:
        if span.end <= span.start:
            continue
        i = bisect.bisect_right(starts, span.start)
        if (i > 0 and kept[i - 1].end > span.start) or (i < len(kept) and kept[i].start < span.end):
            for piece in _remainders(span, kept, i, text):
                j = bisect.bisect_right(starts, piece.start)
                starts.insert(j, piece.start)
                kept.insert(j, piece)
            continue
        starts.insert(i, span.start)
        kept.insert(i, span)
    return kept


def _remainders(span: Span, kept: list[Span], i: int, text: str) -> list[Span]:
    """The parts of `span` no kept span covers (`i`: where it would go), trimmed of spaces
    and punctuation at their edges; parts with no letter or digit are dropped."""
    lo = i - 1 if i > 0 and kept[i - 1].end > span.start else i
    gaps: list[tuple[int, int]] = []
    pos = span.start
    for other in kept[lo:]:
        if other.start >= span.end:
            break
        if other.start > pos:
            gaps.append((pos, other.start))
        pos = max(pos, other.end)
    if pos < span.end:
        gaps.append((pos, span.end))
    pieces = []
    for start, end in gaps:
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if end > start:
            pieces.append(replace(span, start=start, end=end))
    return pieces
