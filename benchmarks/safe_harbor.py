"""Which gold spans HIPAA Safe Harbor lets a de-identified text keep.

The corpora mark more than Safe Harbor requires: a year alone (PhysioNet's DateYear, the
synthetic set's "founded in 1977"), every age (the synthetic set's AGE), countries and states
(its GPE). 45 CFR 164.514(b)(2) keeps all three: years, ages under 90, and places no smaller
than a state. The benchmark reports recall on the rest beside the corpus's own figures, so a
detector is not credited or blamed for what the law allows either way.
"""

from __future__ import annotations

import re
from functools import cache

_YEAR = re.compile(r"(?:in\s+)?(?:'\d\d|\d{4})s?")
_AGE = re.compile(r"\d{1,3}")
# First-level subdivisions that stand where a US state does (ISO 3166-2 types).
_STATE_TYPES = {"State", "Province", "Territory", "Region", "Country", "Nation", "Canton"}


def allowed(text: str, kind: str, label: str) -> bool:
    """True when Safe Harbor lets the span stay: a year alone, an age under 90, a country or
    a state (or a foreign country's state-level division)."""
    value = text.strip()
    if label == "DateYear" or (kind == "date" and _YEAR.fullmatch(value)):
        return True
    if kind == "age":
        return bool(_AGE.fullmatch(value)) and int(value) < 90
    if kind == "location":
        return _normal(value) in _states_and_countries()
    return False


_FALLBACK = {
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut",
    "delaware", "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa",
    "kansas", "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan",
    "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada", "new hampshire",
    "new jersey", "new mexico", "new york", "north carolina", "north dakota", "ohio",
    "oklahoma", "oregon", "pennsylvania", "rhode island", "south carolina", "south dakota",
    "tennessee", "texas", "utah", "vermont", "virginia", "washington", "west virginia",
    "wisconsin", "wyoming", "district of columbia", "puerto rico", "usa", "us", "u.s.",
    "u.s.a.", "united states", "uk", "united kingdom", "england", "scotland", "wales",
    "ireland", "canada", "mexico", "france", "germany", "italy", "spain", "china", "india",
    "japan", "australia", "brazil",
}  # fmt: skip


def _normal(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" .,").casefold()


@cache
def _states_and_countries() -> frozenset[str]:
    """Country and state-level names and codes, from ISO 3166 as pycountry ships it (the
    bench extra); without it, the US states and a few countries only, so the benchmark still
    runs in a venv without the extra (its "Safe Harbor requires" figure is then a floor)."""
    names: set[str] = set(_FALLBACK)
    try:
        import pycountry
    except ImportError:
        return frozenset(names)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name", "alpha_2", "alpha_3"):
            if value := getattr(country, attr, None):
                names.add(_normal(value))
    for division in pycountry.subdivisions:
        if division.parent_code is None and division.type in _STATE_TYPES:
            names.add(_normal(division.name))
            names.add(_normal(division.code.split("-", 1)[1]))
    names.update({"usa", "us", "u.s.", "u.s.a.", "uk", "england", "scotland", "wales"})
    return frozenset(names)
