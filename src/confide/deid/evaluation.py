"""Scoring as the spec defines it, shared by the benchmark and the tests.

Strict recall: a gold span is caught only when every letter and digit in it is covered by some
predicted span (punctuation and spaces may be left). Precision: the share of predicted spans
that overlap any gold span. Both per gold kind (recall) or predicted kind (precision).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar


@dataclass(frozen=True, slots=True)
class Gold:
    start: int
    end: int
    kind: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Predicted:
    start: int
    end: int
    kind: str


@dataclass
class Tally:
    """Counts for one system over a corpus; `misses` and `false` keep examples to show."""

    gold: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    caught: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    predicted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    overlapping: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[tuple[str, Gold]] = field(default_factory=list)
    false: list[tuple[str, Predicted]] = field(default_factory=list)

    def recall(self, kinds: Iterable[str] | None = None) -> float:
        keys = list(self.gold) if kinds is None else list(kinds)
        total = sum(self.gold[k] for k in keys)
        return sum(self.caught[k] for k in keys) / total if total else 1.0

    def precision(self, kinds: Iterable[str] | None = None) -> float:
        keys = list(self.predicted) if kinds is None else list(kinds)
        total = sum(self.predicted[k] for k in keys)
        return sum(self.overlapping[k] for k in keys) / total if total else 1.0


def covered(text: str, gold: Gold, predicted: Sequence[Predicted]) -> bool:
    """Whether every letter and digit of the gold span lies inside some predicted span."""
    mask = [False] * (gold.end - gold.start)
    for p in predicted:
        lo, hi = max(p.start, gold.start), min(p.end, gold.end)
        for i in range(lo, hi):
            mask[i - gold.start] = True
    return all(mask[i - gold.start] or not text[i].isalnum() for i in range(gold.start, gold.end))


def score(
    tally: Tally,
    doc_id: str,
    text: str,
    gold: Sequence[Gold],
    predicted: Sequence[Predicted],
    gold_key: str = "label",
) -> None:
    """Add one document's counts to `tally`; recall is keyed by gold label or gold kind."""
    ordered = sorted(predicted, key=lambda p: p.start)
    starts = [p.start for p in ordered]
    for g in gold:
        key = g.label if gold_key == "label" and g.label else g.kind
        tally.gold[key] += 1
        near = _near(ordered, starts, g.start, g.end)
        if covered(text, g, near):
            tally.caught[key] += 1
        else:
            tally.misses.append((doc_id, g))
    gold_sorted = sorted(gold, key=lambda g: g.start)
    gold_starts = [g.start for g in gold_sorted]
    for p in predicted:
        tally.predicted[p.kind] += 1
        if _near(gold_sorted, gold_starts, p.start, p.end):
            tally.overlapping[p.kind] += 1
        else:
            tally.false.append((doc_id, p))


T = TypeVar("T", Gold, Predicted)


def _near(items: Sequence[T], starts: list[int], lo: int, hi: int) -> list[T]:
    """Items (sorted by start) that overlap [lo, hi)."""
    out: list[T] = []
    i = bisect.bisect_left(starts, hi)
    for item in items[:i]:
        if item.end > lo and item.start < hi:
            out.append(item)
    return out
