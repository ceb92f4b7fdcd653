"""The bundled word lists, loaded once per process.

The lists are small and written for confide (see each file's header); they are a floor, not a
census: the context cues and the case's known identifiers carry most of the recall.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def read_data(name: str) -> str:
    """One bundled data file's text."""
    return resources.files("confide.deid").joinpath("data", name).read_text(encoding="utf-8")


def _read(name: str) -> list[str]:
    text = read_data(name)
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


@cache
def english_words() -> frozenset[str]:
    """Ordinary English words (Webster's 1934 `web2`, public domain; see build_lexicons.py)."""
    return frozenset(_read("english_words.txt"))


@cache
def census_surnames() -> tuple[str, ...]:
    """US Census 1990 family names, most frequent first (public domain)."""
    return tuple(_read("census_surnames.txt"))


@cache
def census_given() -> frozenset[str]:
    """US Census 1990 given names (public domain)."""
    return frozenset(_read("census_given.txt"))


@cache
def us_cities() -> frozenset[str]:
    """GeoNames US places of 5,000 people or more and US counties (CC BY 4.0)."""
    text = read_data("geo_us_cities.txt")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))
