"""The bundled word lists, loaded once per process.

The lists are small and written for confide (see each file's header); they are a floor, not a
census: the context cues and the case's known identifiers carry most of the recall.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources


def read_data(name: str) -> str:
    """One bundled data file's text."""
    return resources.files("confide.deid").joinpath("data", name).read_text(encoding="utf-8")


def _body(name: str) -> str:
    """A data file without its header comment lines."""
    text = read_data(name)
    pos = 0
    while text.startswith("#", pos):
        pos = text.find("\n", pos) + 1 or len(text)
    return text[pos:]


def _read(name: str) -> list[str]:
    if name in _LARGE:
        return _body(name).split()  # one word a line, no comments past the header: C speed
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


_LARGE = {"english_words.txt", "census_surnames.txt", "census_given.txt"}
CENSUS_SURNAMES_USED = 10000  # the most frequent: together about 85% of the population
_INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "ers", "ly")
_CALENDAR = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
}  # fmt: skip


# The fifty states (Safe Harbor keeps them): never a Census name on their own ("Florida",
# "Indiana"); confide's own lists keep the given names among them (Georgia, Virginia).
US_STATES = (
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut",
    "delaware", "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas",
    "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota",
    "mississippi", "missouri", "montana", "nebraska", "nevada", "new hampshire", "new jersey",
    "new mexico", "new york", "north carolina", "north dakota", "ohio", "oklahoma", "oregon",
    "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee", "texas",
    "utah", "vermont", "virginia", "washington", "west virginia", "wisconsin", "wyoming",
)  # fmt: skip
_STATE_WORDS = frozenset(state for state in US_STATES if " " not in state)


@cache
def first_names() -> frozenset[str]:
    """confide's given names and the Census ones that are not ordinary or clinical words (an
    ordinary-word name such as Hope or Will stays a name only with a cue: ambiguous.txt)."""
    return frozenset(_read("first_names.txt")) | frozenset(_names_only(census_given()))


@cache
def surnames() -> frozenset[str]:
    """confide's family names and the Census's most frequent that are not ordinary words."""
    return frozenset(_read("surnames.txt")) | frozenset(
        _names_only(census_surnames()[:CENSUS_SURNAMES_USED])
    )


def _names_only(names: Iterable[str]) -> Iterator[str]:
    # an ordinary, clinical or calendar word, or a US place (a ward may be named for a town):
    # such a Census name is left to confide's own lists and the context cues
    stop = english_words() | common_words() | ambiguous() | clinical_terms() | _CALENDAR
    stop |= us_cities() | _STATE_WORDS
    for name in names:
        if len(name) < 3 or not name.isalpha() or name in stop:
            continue
        if any(name.endswith(e) and name[: -len(e)] in stop for e in _INFLECTIONS):
            continue  # "weeks", "held", "lines": an ordinary word inflected
        yield name


@cache
def clinical_terms() -> frozenset[str]:
    """The explicit allow-list of clinical words that look like names (clinical_terms.txt):
    every term, eponyms included."""
    return frozenset(w.rstrip("*") for w in _read("clinical_terms.txt"))


@cache
def eponyms() -> frozenset[str]:
    """The allow-list's terms that are also names or places: allowed only as an eponym."""
    return frozenset(w.rstrip("*") for w in _read("clinical_terms.txt") if w.endswith("*"))


@cache
def ambiguous() -> frozenset[str]:
    """Names that are ordinary words too: names only with a context cue."""
    return frozenset(_read("ambiguous.txt"))


@cache
def name_syllables() -> frozenset[str]:
    """Syllables of romanized Korean, Chinese and Vietnamese given names (name_syllables.txt)."""
    return frozenset(_read("name_syllables.txt"))


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
def facility_names() -> dict[str, bool]:
    """Well-known hospital and health-system names -> whether only its capitals count (an
    abbreviation: "UCSF"); facilities.txt."""
    out: dict[str, bool] = {}
    for line in read_data("facilities.txt").splitlines():
        if line and not line.startswith("#"):
            out[line.strip().rstrip("^")] = line.strip().endswith("^")
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
    return frozenset(line for line in _body("geo_us_cities.txt").splitlines() if line)


def _marked(name: str) -> dict[str, bool]:
    """A one-entry-a-line list -> whether the entry is an ordinary word too ("!")."""
    out: dict[str, bool] = {}
    for line in read_data(name).splitlines():
        entry = line.strip()
        if entry and not entry.startswith("#"):
            out[entry.rstrip("!")] = entry.endswith("!")
    return out


@cache
def neighborhoods() -> dict[str, bool]:
    """Named neighbourhoods of US cities -> whether the name is an ordinary word too
    (neighborhoods.txt, written for confide)."""
    return _marked("neighborhoods.txt")


@cache
def countries() -> frozenset[str]:
    """Country names (ISO 3166-1 short names and common forms): never an identifier alone."""
    return frozenset(_marked("countries.txt"))


@cache
def employers() -> dict[str, bool]:
    """Large US employers -> whether the name is an ordinary word too (employers.txt)."""
    return _marked("employers.txt")


@cache
def _allow_lists() -> tuple[str, ...]:
    """Every term of the name detectors' sourced allow-lists (drugs.txt, clinical_allow.txt)."""
    return tuple(_read("drugs.txt") + _read("clinical_allow.txt"))


@cache
def allowed_terms() -> frozenset[str]:
    """Clinical vocabulary no name or place guess may consist of: clinical_terms.txt with the
    drug names (drugs.txt) and the eponyms, programmes, scales and chart words of
    clinical_allow.txt."""
    return clinical_terms() | frozenset(w.rstrip("*") for w in _allow_lists())


@cache
def allowed_eponyms() -> frozenset[str]:
    """The allowed terms that are names or places too: dropped only as an eponym."""
    return eponyms() | frozenset(w.rstrip("*") for w in _allow_lists() if w.endswith("*"))


@cache
def abbreviations() -> frozenset[str]:
    """Short clinical abbreviations written in capitals that are never initials
    (abbreviations.txt: "SI", "PT", "MSE")."""
    return frozenset(_read("abbreviations.txt"))
