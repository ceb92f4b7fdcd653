"""Spans: what a detector found, where, and how sure the engine should be of it.

Every detector returns `Span`s over the *input* text; the engine resolves overlaps once, so each
detector can stay simple and greedy.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
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


def resolve(spans: Iterable[Span]) -> list[Span]:
    """Keep a non-overlapping subset: highest priority first, then the longest, then leftmost.

    Spans that lose to a stronger overlapping span are dropped, not trimmed: a half-replaced
    name leaks more than it hides.
    """
    ordered = sorted(spans, key=lambda s: (-s.priority, -s.length, s.start))
    starts: list[int] = []
    kept: list[Span] = []
    for span in ordered:
        if span.end <= span.start:
            continue
        i = bisect.bisect_right(starts, span.start)
        if i > 0 and kept[i - 1].end > span.start:
            continue
        if i < len(kept) and kept[i].start < span.end:
            continue
        starts.insert(i, span.start)
        kept.insert(i, span)
    return kept
