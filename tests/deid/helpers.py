"""Shared helpers for the deid tests: what the engine found, as (text, kind) pairs."""

from __future__ import annotations

from confide.deid import Deidentifier, KnownIdentifier, Options, Span


def found(text: str, known: list[KnownIdentifier] | None = None) -> list[tuple[str, str]]:
    """Every detected span as (surface text, kind), in text order."""
    spans = Deidentifier(known or [], Options(seed=1)).detect(text)
    return [(text[s.start : s.end], s.kind) for s in spans]


def covered(text: str, needle: str, kind: str | None = None, start: int = 0) -> bool:
    """Whether every letter and digit of the first `needle` at or after `start` is covered."""
    at = text.index(needle, start)
    spans = Deidentifier([], Options(seed=1)).detect(text)
    return _covers(text, spans, at, at + len(needle), kind)


def _covers(text: str, spans: list[Span], lo: int, hi: int, kind: str | None) -> bool:
    for i in range(lo, hi):
        if not text[i].isalnum():
            continue
        if not any(s.start <= i < s.end and (kind is None or s.kind == kind) for s in spans):
            return False
    return True
