"""The bundled word lists, loaded once per process.

The lists are small and written for confide (see each file's header); they are a floor, not a
census: the context cues and the case's known identifiers carry most of the recall.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def _read(name: str) -> list[str]:
    text = resources.files("confide.deid").joinpath("data", name).read_text(encoding="utf-8")
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        if name == "us_places.txt":
            out.append(line.strip())  # one multi-word place a line
        else:
            out.extend(line.split())
    return [w for w in out if w]


@cache
def first_names() -> frozenset[str]:
    return frozenset(_read("first_names.txt"))


@cache
def surnames() -> frozenset[str]:
    return frozenset(_read("surnames.txt"))


@cache
def ambiguous() -> frozenset[str]:
    """Names that are ordinary words too: names only with a context cue."""
    return frozenset(_read("ambiguous.txt"))


@cache
def common_words() -> frozenset[str]:
    return frozenset(_read("common_words.txt"))


@cache
def places() -> dict[str, bool]:
    """Place name -> whether it must be capitalised to count (it is an ordinary word too)."""
    out: dict[str, bool] = {}
    for entry in _read("us_places.txt"):
        out[entry.rstrip("!")] = entry.endswith("!")
    return out
