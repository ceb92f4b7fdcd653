"""A packet's texts de-identified together, with the clinician's own additions and the spans
they chose to keep.

This module is the floor under every packet: whatever the clinician adds ("also remove") can
only widen what is replaced, and a span the engine found stays replaced unless the clinician
restored exactly that span (with a recorded reason, which `actions` enforces). No Django here,
so the rule can be checked over generated texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from confide.deid import Deidentifier, KnownIdentifier, Options
from confide.deid.surrogates import DateMode

ENGINE = "engine"
CLINICIAN = "clinician"
REMOVED = "[removed]"
MAX_TERMS = 200

# (text index in the packet, start, end): how a restored span is named.
SpanKey = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Mark:
    """One replaced stretch of an original text: where, what kind, and what replaces it.

    `source` says who found it (the engine, or the clinician's "also remove" list);
    `restored` marks an engine span the clinician chose to keep as written."""

    start: int
    end: int
    kind: str
    replacement: str
    source: str = ENGINE
    restored: bool = False


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of text for display: plain (mark is None) or a marked span."""

    original: str
    mark: Mark | None = None

    @property
    def shown(self) -> str:
        """What the de-identified text says here."""
        if self.mark is None or self.mark.restored:
            return self.original
        return self.mark.replacement


@dataclass(frozen=True, slots=True)
class Piece:
    """One text of the packet, before and after."""

    original: str
    marks: tuple[Mark, ...] = ()

    def chunks(self) -> list[Chunk]:
        out: list[Chunk] = []
        pos = 0
        for mark in self.marks:
            if mark.start > pos:
                out.append(Chunk(self.original[pos : mark.start]))
            out.append(Chunk(self.original[mark.start : mark.end], mark))
            pos = mark.end
        if pos < len(self.original):
            out.append(Chunk(self.original[pos:]))
        return out

    @property
    def text(self) -> str:
        """The de-identified text: every mark replaced, except the restored ones."""
        return "".join(chunk.shown for chunk in self.chunks())


@dataclass(frozen=True)
class PacketSettings:
    """What the clinician chose for a packet."""

    keep_clinicians: bool = False
    dates: DateMode = "safe_harbor"
    seed: int | None = None
    also_remove: tuple[str, ...] = ()
    restored: frozenset[SpanKey] = field(default_factory=frozenset)


def parse_terms(raw: str) -> tuple[str, ...]:
    """The "also remove" list as typed: one term a line, blank lines and repeats dropped."""
    seen: dict[str, str] = {}
    for line in raw.splitlines():
        term = " ".join(line.split())
        if len(term) >= 2 and term.casefold() not in seen:
            seen[term.casefold()] = term
    return tuple(seen.values())[:MAX_TERMS]


def term_marks(text: str, terms: Iterable[str]) -> list[Mark]:
    """Every whole-word mention of each term, in any case, with any spacing between words."""
    marks: list[Mark] = []
    for term in terms:
        words = term.split()
        if not words:
            continue
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
        for match in re.finditer(pattern, text, flags=re.IGNORECASE):
            marks.append(Mark(match.start(), match.end(), "other", REMOVED, CLINICIAN))
    return marks


def merge(engine: Sequence[Mark], extra: Sequence[Mark]) -> list[Mark]:
    """One non-overlapping list covering everything in both.

    An extra term inside an engine span adds nothing; where extras overlap engine spans or each
    other, the whole stretch becomes one "[removed]" span, so coverage only ever grows."""
    extra = [e for e in extra if not any(_inside(e, m) and not m.restored for m in engine)]
    ordered = sorted([*engine, *extra], key=lambda m: (m.start, -m.end))
    groups: list[list[Mark]] = []
    for mark in ordered:
        if groups and mark.start < max(m.end for m in groups[-1]):
            groups[-1].append(mark)
        else:
            groups.append([mark])
    return [group[0] if len(group) == 1 else _union(group) for group in groups]


def _inside(inner: Mark, outer: Mark) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _union(group: list[Mark]) -> Mark:
    start = min(m.start for m in group)
    end = max(m.end for m in group)
    return Mark(start, end, "other", REMOVED, CLINICIAN)


def deidentify_packet(
    texts: Sequence[str], known: Iterable[KnownIdentifier], settings: PacketSettings
) -> list[Piece]:
    """De-identify `texts` as one packet: the same person gets the same surrogate in each,
    and dates move by the packet's one offset."""
    options = Options(
        dates=settings.dates, seed=settings.seed, clinicians=not settings.keep_clinicians
    )
    packet = Deidentifier(known, options).packet()
    pieces = []
    for index, text in enumerate(texts):
        result = packet.run(text)
        found = [
            Mark(
                s.start,
                s.end,
                s.kind,
                s.replacement,
                ENGINE,
                (index, s.start, s.end) in settings.restored,
            )
            for s in result.spans
        ]
        extra = term_marks(text, settings.also_remove)
        pieces.append(Piece(text, tuple(merge(found, extra))))
    return pieces
