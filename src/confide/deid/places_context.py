"""Places and employers clinicians name in passing, found by the words around them.

Hospital units ("4 west", "bayview 3 north", "unit 7B"), facilities by the kind of place their
last word names ("Fairview General", "Ramsey Behavioral Health", "Hennepin County District
Court", "Roosevelt HS"), facility initials after a care cue ("admitted to HCMC"), towns written
small after a place cue ("moved to kalamazoo"), neighbourhoods (data/neighborhoods.txt or "the
X neighborhood") and one-word employers after a work cue ("laid off from Boeing", "job at
target", data/employers.txt). Every rule asks for a cue or a name-shaped word, because the
words these places are made of ("general", "court", "target") are ordinary words too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from confide.deid.firstwords import WordStarts
from confide.deid.lexicon import (
    clinical_terms,
    common_words,
    countries,
    employers,
    english_words,
    first_names,
    neighborhoods,
    places,
    us_cities,
)
from confide.deid.names import plausible_name
from confide.deid.spans import PRIORITY_CONTEXT, PRIORITY_GUESS, Kind, Span
from confide.deid.textutil import Scanner, letter_counts
from confide.deid.tokens import Token

_CALENDAR = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "today", "tomorrow", "tonight", "noon", "midnight",
}  # fmt: skip
# Clinical initials and hospital areas: never a facility's name after "admitted to".
_CARE_ACRONYMS = {
    "icu", "ccu", "micu", "sicu", "nicu", "picu", "tsicu", "cvicu", "cticu", "nsicu", "csru",
    "pacu", "pcu", "ed", "er", "or", "iop", "php", "cpep", "csu", "bhu", "ect", "tms", "aa", "na",
    "dbt", "cbt", "emdr", "ir", "ep", "gi", "ct", "mri", "eeg", "ekg", "ecg", "pcp", "ot", "pt",
    "snf", "ltc", "ltac", "ltach", "alf", "osh", "doc", "dcfs", "cps", "acs", "dss", "dhs",
    "ssa", "ssi", "ssdi", "dmv", "hr", "it", "nami", "pflag", "usa", "us", "uk", "eu", "cath",
    "tele", "rehab", "detox", "asap", "fyi", "ama", "ems", "mva", "mvc", "etoh", "sud", "mat",
    "cpr", "er's", "icu's", "tbi", "peds", "ob", "gyn", "obgyn", "ent", "ptsd", "adhd",
    "ocd", "gad", "mdd", "bpd", "sa", "si", "hi", "avh", "prn", "bid", "tid", "qhs", "ssri",
}  # fmt: skip


@cache
def _stop() -> frozenset[str]:
    """Words that never name a place or an employer."""
    return frozenset(common_words() | clinical_terms() | _CALENDAR | _CARE_ACRONYMS)


def context_places(
    text: str, folded: str, tokens: list[Token], words: WordStarts
) -> Iterator[Span]:
    """Every place and employer the rules of this module find in one note."""
    mixed = _mixed(text)
    yield from units(folded, words)
    yield from named_facilities(tokens, mixed)
    yield from stays(text, words, mixed)
    if mixed:
        yield from care_acronyms(text, words)
        yield from campuses(text)
    yield from neighborhood_names(text, folded, tokens, mixed)
    yield from small_towns(text, folded, words)
    yield from jobs(text, folded, words, mixed)


def _mixed(text: str) -> bool:
    """Mixed-case prose, where a capital means something (not an ALL CAPS or lower note)."""
    upper, lower = letter_counts(text)
    return 0.02 * (upper + lower) <= upper <= 0.6 * (upper + lower)


# --- units and wards -------------------------------------------------------------------

# "4 west", "3 North", "4west": a floor and a wing; the word before joins when it is a name
# ("bayview 3 north"). Glued to no number or decimal before it ("i-94 west" is a road).
_WING = Scanner("0-9", r"(?<![\w.,/:\-])\d{1,2}[ \t]?(?:north|south|east|west)\b")
_NAME_BEFORE = re.compile(r"([a-z][a-z'\-]{2,})[ \t]+$")
# "on 5N", "to 6E": a floor and a wing letter, in capitals, after a place preposition.
_WING_CODE = Scanner(
    "otfabu",
    r"\b(?:on|to|from|at|back[ \t]+to|up[ \t]+to)[ \t]+(?:the[ \t]+)?(\d{1,2}[NEW])\b",
    re.IGNORECASE,
    word=True,
)
# "unit 7B", "ward 4", "pod C2": a unit named by its code.
_UNIT_CODE = Scanner(
    "uwp", r"\b(?:unit|ward|pod|wing)[ \t]+(\d{1,2}[a-z]|[a-z]\d{1,2})\b(?![.,]?\d)", word=True
)  # a number alone ("ward 3", "unit 3 of the workbook") names no particular place
# "the 3rd floor psych unit": a unit by its floor and its service.
_FLOOR_UNIT = Scanner(
    "0-9",
    r"(?<![\w.])\d{1,2}(?:st|nd|rd|th)[ \t]+floor(?:[ \t]+[a-z\-]+){0,2}?"
    r"[ \t]+(?:unit|ward|wing)\b",
)


def units(folded: str, words: WordStarts) -> Iterator[Span]:
    """Hospital units and wards: '4 west', 'bayview 3 north', 'on 5N', 'unit 7B'."""
    if any(w in folded for w in ("north", "south", "east", "west")):
        for match in _WING.finditer(folded):
            yield Span(_with_name(folded, match.start()), match.end(), "location", "unit")
    for match in _WING_CODE.finditer(folded, words):
        if match.group(1)[:-1] == "12":
            continue  # "at 12n": noon
        yield Span(match.start(1), match.end(1), "location", "unit")
    if "unit" in folded or "ward" in folded or "pod" in folded or "wing" in folded:
        for match in _UNIT_CODE.finditer(folded, words):
            yield Span(match.start(), match.end(), "location", "unit")
    if "floor" in folded:
        for match in _FLOOR_UNIT.finditer(folded):
            yield Span(match.start(), match.end(), "location", "unit")


def _with_name(folded: str, start: int) -> int:
    """Where a unit starts once the name before its floor joins ('bayview 3 north')."""
    before = _NAME_BEFORE.search(folded, max(0, start - 30), start)
    if before is None:
        return start
    word = before.group(1)
    if word in _stop() or word in english_words() or word in _UNIT_VERBS:
        return start
    return before.start(1) if plausible_name(word) or word in places() else start


_UNIT_VERBS = {"to", "on", "from", "at", "in", "back", "transferred", "admitted", "moved"}


# --- facilities by their last word -----------------------------------------------------

# The word a facility's name ends with, and what it is; a name must come before it.
_KIND_WORDS: dict[str, Kind] = {
    "general": "location", "behavioral": "location", "shelter": "location",
    "mission": "location", "detox": "location", "court": "location", "parish": "location",
    "congregation": "location", "manor": "location", "hs": "organization",
    "high": "organization", "prep": "organization", "montessori": "organization",
    "recovery": "location", "treatment": "location", "mental": "location",
    "ymca": "location",
}  # fmt: skip
# Two-word endings: the first word is in _KIND_WORDS, the second must follow it.
_KIND_PAIRS = {
    "behavioral": {"health", "hospital", "center", "services"},
    "mental": {"health"},
    "recovery": {"center", "house", "services", "community"},
    "treatment": {"center", "centre", "facility"},
}
# Capitalised words that name no particular place ("Supreme Court", "Surgeon General",
# "Family Court", "Junior High"): a name of these alone is not a facility.
_GENERIC = {
    "supreme", "family", "juvenile", "drug", "traffic", "district", "county", "circuit",
    "superior", "municipal", "federal", "appeals", "housing", "probate", "small", "claims",
    "attorney", "surgeon", "secretary", "inspector", "postmaster", "consul", "governor",
    "major", "lieutenant", "brigadier", "solicitor", "adjutant", "auditor", "comptroller",
    "junior", "senior", "high", "middle", "state", "city", "town", "community", "regional",
    "memorial", "general", "health", "mental", "behavioral", "the", "our", "his", "her", "their",
    "my", "your", "a", "an", "in", "at", "to", "from", "of", "and", "new", "old", "north",
    "south", "east", "west", "central", "homeless", "rescue", "youth", "women's", "men's",
    "womens", "mens", "city's", "christian", "catholic", "baptist", "methodist", "lutheran",
    "holy", "st", "saint", "food", "court", "all", "time", "sober", "halfway", "inpatient",
    "outpatient", "residential", "substance", "day", "night", "care", "full", "partial",
    "public", "private", "charter", "cross", "dual", "ongoing", "early", "long", "short",
}  # fmt: skip
_MAX_NAME = 4
_TITLED_KINDS = {"hs", "high", "prep"}
_NAMED_RANK = PRIORITY_CONTEXT + 2  # the whole name outranks a town guess inside it


def named_facilities(tokens: list[Token], mixed: bool) -> Iterator[Span]:
    """'Fairview General', 'Ramsey Behavioral Health', 'Union Gospel Mission', 'Hennepin
    County District Court', 'Roosevelt HS': a name, then a word saying what kind of place."""
    for k in [n for n, t in enumerate(tokens) if t.low in _KIND_WORDS]:
        tok = tokens[k]
        if tok.low in _TITLED_KINDS and not (mixed and tok.word in {"HS", "High", "Prep"}):
            continue  # "PAD's high", "DESAT TO THE HIGH": a school only as written
        end = _kind_end(tokens, k)
        if end is None:
            continue
        start = _name_start(tokens, k, mixed)
        if start is not None:
            kind = _KIND_WORDS[tok.low]
            yield Span(tokens[start].start, tokens[end].end, kind, "facility", _NAMED_RANK)


def _kind_end(tokens: list[Token], k: int) -> int | None:
    """The last token of the kind words starting at k, or None when a pair is incomplete."""
    pair = _KIND_PAIRS.get(tokens[k].low)
    if pair is None:
        return k
    nxt = k + 1
    if nxt < len(tokens) and tokens[nxt].gap == " " and tokens[nxt].low in pair:
        return nxt
    return None


def _name_start(tokens: list[Token], k: int, mixed: bool) -> int | None:
    """The first token of the name before the kind word at k: up to four name words, at
    least one of them particular (not "County", "District", "Family")."""
    i = k
    while i > 0 and k - i < _MAX_NAME and tokens[i].gap in {" ", "-"}:
        if not _facility_word(tokens[i - 1], mixed):
            break
        i -= 1
    while i < k and tokens[i].low in _GENERIC:
        i += 1
    return i if i < k else None


def _facility_word(tok: Token, mixed: bool) -> bool:
    """A word of a facility's name: capitalised in mixed prose; in an ALL CAPS or lower-case
    note a listed place or a name-shaped word that is not an ordinary one."""
    low = tok.low
    if low in _stop() and low not in _GENERIC:
        return False
    if mixed:
        return tok.word[:1].isupper() and (not tok.word.isupper() or len(low) <= 4)
    if low in _GENERIC:
        return True
    if low in places() or low in us_cities() or low in neighborhoods():
        return True
    return low not in english_words() and plausible_name(low)


# --- a stay somewhere, initials of a facility, campuses ----------------------------------

# "28 days at Hazelden", "inpatient at Regions", "detox at Lakeview": where a stay was.
_STAY = Scanner(
    "rdtshiwmaopl",
    r"\b(?i:rehab|detox|treatment|residential|shelter|program|programme|inpatient|days|"
    r"weeks|months|stay|stayed|staying|admitted|readmitted|hospitali[sz]ed|placed|placement|"
    r"living|php|iop|unit|floor|ward|clinic|hospital|er|ed)[ \t]+(?i:at|in)[ \t]+"
    r"(?:(?i:the)[ \t]+)?"
    r"([A-Z][A-Za-z'\-]+(?:[ \t]+[A-Z][A-Za-z'\-]+){0,2})",
    word=True,
)


def stays(text: str, words: WordStarts, mixed: bool) -> Iterator[Span]:
    """The place named after a stay ('did 28 days at Hazelden'): capitalised, in prose."""
    if not mixed:
        return
    for match in _STAY.finditer(text, words):
        end = _name_end(text, match.start(1), match.end(1))
        value = text[match.start(1) : end].lower()
        if end > match.start(1) and value not in countries() and not value.isupper():
            yield Span(match.start(1), end, "location", "stay", PRIORITY_GUESS)


def _name_end(text: str, start: int, end: int) -> int:
    """Where a run of capitalised words stops: at an ordinary, clinical or calendar word."""
    pos = start
    for word in re.finditer(r"\S+", text[start:end]):
        low = word.group().lower().rstrip(".,;:")
        if low in _stop() or word.group().isupper() or (low.endswith("'s") and low[:-2] in _stop()):
            break
        pos = start + word.end()
    return pos


# "admitted to HCMC", "transferred to UCSF", "a psychiatrist at OHSU": a hospital's initials
# after a care word (written in capitals, in prose).
_CARE_AT = Scanner(
    "artshdeifcpnwjsb",
    r"\b(?i:admitted|readmitted|transferred|transfered|hospitali[sz]ed|inpatient|discharged|"
    r"seen|treated|followed|evaluated|sent|taken|brought|psychiatrist|therapist|doctor|"
    r"clinic|appointment|appt|nurse|works?|worked|job|student|studies|attends|attended|"
    r"enrolled|stayed|birth|delivered|surgery|residency)"
    r"(?:[ \t]+(?i:back|up|over|overnight|briefly|once|twice|there|here))?"
    r"[ \t]+(?i:to|at|from|by|@)[ \t]+(?:(?i:the)[ \t]+)?([A-Z]{3,6})\b(?![\-/]\w)",
    word=True,
)


def care_acronyms(text: str, words: WordStarts) -> Iterator[Span]:
    """A hospital's initials after a care cue, unless they are clinical initials."""
    for match in _CARE_AT.finditer(text, words):
        low = match.group(1).lower()
        if low in _stop() or low.endswith(("icu", "ccu", "cu")) or low in english_words():
            continue
        yield Span(match.start(1), match.end(1), "location", "acronym", PRIORITY_CONTEXT)


# "UT Austin", "UC Davis", "UW Madison", "SUNY Albany": a university system and its campus.
_CAMPUS = re.compile(
    r"\b(?:UT|UC|UW|UNC|UMass|UConn|SUNY|CUNY|CSU|Cal[ \t]+State|Penn[ \t]+State|Texas[ \t]+A&M)"
    r"(?:(?:[ \t]+|-)[A-Z][a-z]+){0,2}"
)
_CAMPUS_HEADS = ("UT", "UC", "UW", "UN", "UM", "SU", "CU", "CS", "Cal", "Pen", "A&M")
_CAMPUS_ALONE = {"umass", "uconn", "suny", "cuny", "penn state", "texas a&m", "cal state"}


def campuses(text: str) -> Iterator[Span]:
    """A university's campus: a system's initials and a capitalised place name."""
    if not any(
        c in text for c in ("UT", "UC", "UW", "UN", "UM", "SU", "CU", "CS", "Cal", "Pen", "A&M")
    ):
        return
    for match in _CAMPUS.finditer(text):
        value = match.group()
        head = value.split()[0].split("-")[0]
        rest = value[len(head) :].strip(" \t-")
        if not rest and " ".join(value.lower().split()) not in _CAMPUS_ALONE:
            continue
        if rest and rest.split()[0].lower() in _stop():
            continue
        yield Span(match.start(), match.end(), "organization", "campus", PRIORITY_CONTEXT)


# --- neighbourhoods and towns written small -----------------------------------------------

_PLACE_CUE = re.compile(
    r"\b(?:in|from|to|near|around|over[ \t]+in|out[ \t]+in|lives[ \t]+in|moved[ \t]+to)[ \t]+"
    r"(?:the[ \t]+)?$"
)
_SPLIT = re.compile(r"[ \-]")
# "the Fishtown neighborhood", "the Clintonville area", "over in Bucktown".
_AREA = re.compile(
    r"\bthe[ \t]+((?:[A-Z][a-z'\-]+[ \t]+){1,3})(?:neighbou?rhood|area|section|district|"
    r"part[ \t]+of[ \t]+town|side[ \t]+of[ \t]+town)\b"
)
_OVER_IN = re.compile(r"\bover[ \t]+in[ \t]+((?:[A-Z][a-z'\-]+)(?:[ \t]+[A-Z][a-z'\-]+){0,2})")


def neighborhood_names(text: str, folded: str, tokens: list[Token], mixed: bool) -> Iterator[Span]:
    """Listed neighbourhoods (ordinary-word ones only capitalised after a place cue) and
    capitalised names before 'neighborhood' or 'area' or after 'over in'."""
    names, longest, heads = neighborhoods(), _longest_neighborhood(), _neighborhood_heads()
    for n, tok in enumerate(tokens):
        if tok.low not in heads:
            continue
        found = _listed_run(folded, tokens, n, names, longest)
        if found is None:
            continue
        end, ordinary = found
        ordinary = ordinary or any(
            w in english_words() for w in re.split(r"[ \-]", folded[tok.start : end])
        )
        if ordinary and not (
            mixed
            and tok.word[0].isupper()
            and _PLACE_CUE.search(folded, max(0, tok.start - 20), tok.start)
        ):
            continue
        yield Span(tok.start, end, "location", "neighborhood", PRIORITY_GUESS)
    if not mixed:
        return
    for regex in (_AREA, _OVER_IN):
        for match in regex.finditer(text):
            start, end = match.start(1), _name_end(text, match.start(1), match.end(1))
            value = text[start:end].strip().lower()
            if end > start and value not in countries() and value.split()[0] not in _stop():
                yield Span(start, start + len(text[start:end].rstrip()), "location", "neighborhood")


def _listed_run(
    folded: str, tokens: list[Token], n: int, names: dict[str, bool], longest: int
) -> tuple[int, bool] | None:
    """The longest listed neighbourhood starting at token n: its end and whether it is an
    ordinary word too."""
    best = None
    for k in range(n, min(n + longest, len(tokens))):
        if k > n and tokens[k].gap not in {" ", "-"}:
            break
        value = folded[tokens[n].start : tokens[k].end]
        if value in names:
            best = (tokens[k].end, names[value])
    return best


@cache
def _longest_neighborhood() -> int:
    return max(len(re.split(r"[ \-]", name)) for name in neighborhoods())


@cache
def _neighborhood_heads() -> frozenset[str]:
    return frozenset(re.split(r"[ \-]", name)[0] for name in neighborhoods())


# "moved to kalamazoo", "drove to fresno": a town written small after a place cue.
_SMALL_TOWN = Scanner(
    "lmgrbfitndvo",
    r"\b(?:lives[ \t]+in|living[ \t]+in|lived[ \t]+in|moved[ \t]+(?:back[ \t]+)?(?:to|from)|"
    r"moving[ \t]+(?:back[ \t]+)?to|grew[ \t]+up[ \t]+in|raised[ \t]+in|born[ \t]+in|from|in|"
    r"to|near|drove[ \t]+(?:back[ \t]+)?(?:to|from)|driving[ \t]+to|visiting|outside[ \t]+of)"
    r"[ \t]+([a-z][a-z'\-]+(?:[ \t]+[a-z][a-z'\-]+)?)",
    word=True,
)
_RESIDENCE = ("lives", "living", "lived", "moved", "moving", "grew", "raised", "born", "drove")


def small_towns(text: str, folded: str, words: WordStarts) -> Iterator[Span]:
    """A GeoNames town written in lower case after a place cue, when it is no ordinary word;
    a given name too ("from tyler") only after a residence cue ("lives in", "moved to")."""
    cities = us_cities()
    for match in _SMALL_TOWN.finditer(text, words):
        value = match.group(1)
        two = value.lower()
        one = two.split()[0]
        name = two if two in cities else one if one in cities else None
        if name is None or name in _stop() or name in countries():
            continue
        if any(w in english_words() for w in name.split()) or len(name) < 4:
            continue
        if name in first_names() and not match.group().lower().startswith(_RESIDENCE):
            continue
        start = match.start(1)
        yield Span(start, start + len(name), "location", "small-town", PRIORITY_GUESS)


# --- employers -----------------------------------------------------------------------------

# "works at battelle", "job at target", "laid off from Boeing", "shift at the amazon warehouse",
# "started at costco": a work cue, then the employer.
_WORK = Scanner(
    "wjslfqhirsmd",
    r"\b(?i:works?|worked|working|job|jobs|shift|shifts|employed|hired|rehired|"
    r"laid[ \t]+off|let[ \t]+go|fired|quit|started|starts|starting|interview(?:ed|ing)?|"
    r"retired|manager|cashier|driver|stocker)"
    r"(?:[ \t]+(?i:nights|days|weekends|part-time|full-time|again|back|there|overnights))?"
    r"[ \t]+(?P<prep>(?i:at|for|from|by|with))[ \t]+(?:(?i:the)[ \t]+)?"
    r"(?P<name>[A-Za-z0-9][A-Za-z0-9&'\-]*(?:[ \t]+[A-Za-z0-9&'\-]+){0,3})",
    word=True,
)
# Small businesses named in lower case ("working at northgate auto body"): the run of words
# up to a business word is the employer.
_BUSINESS_WORDS = {
    "auto", "body", "market", "bakery", "cafe", "diner", "restaurant", "grill", "salon",
    "construction", "plumbing", "roofing", "landscaping", "logistics", "trucking", "motors",
    "tire", "hardware", "foods", "farms", "dairy", "steel", "insurance", "realty", "hotel",
    "inn", "casino", "brewery", "daycare", "dental", "electric", "manufacturing", "supply",
    "services", "solutions", "systems", "group", "warehouse", "distribution", "lumber",
}  # fmt: skip
_LISTED_WORK = (
    "work",
    "job",
    "shift",
    "employ",
    "hired",
    "rehired",
    "laid",
    "let",
    "fired",
    "start",
    "quit",
)


def jobs(text: str, folded: str, words: WordStarts, mixed: bool) -> Iterator[Span]:
    """An employer after a work cue: a listed one in any case, a capitalised word in prose,
    or a small business named in lower case."""
    listed, longest = employers(), 3
    for match in _WORK.finditer(text, words):
        start = match.start("name")
        parts = match.group("name").split()
        span = _listed_employer(folded, start, parts, listed, longest, match.group().lower())
        if span is None and match.group("prep").lower() != "with":  # "work with Helen"
            span = _named_employer(text, start, parts, mixed) or _small_business(start, parts)
        if span is not None:
            yield span


def _listed_employer(
    folded: str, start: int, parts: list[str], listed: dict[str, bool], longest: int, cue: str
) -> Span | None:
    for size in range(min(longest, len(parts)), 0, -1):
        value = " ".join(p.lower() for p in parts[:size]).rstrip(".,;:")
        if value in listed:
            if listed[value] and not cue.startswith(_LISTED_WORK):
                return None
            end = start + len(" ".join(parts[:size]).rstrip(".,;:"))
            if folded[start:end] != value:
                return None  # spacing other than one space: not this entry
            return Span(start, end, "organization", "employer", PRIORITY_CONTEXT)
    return None


def _named_employer(text: str, start: int, parts: list[str], mixed: bool) -> Span | None:
    """One capitalised word in prose that is not an ordinary, calendar or clinical word."""
    word = parts[0].rstrip(".,;:")
    if word.endswith("'s"):
        word = word[:-2]
    low = word.lower()
    if not mixed or not word[:1].isupper() or (word.isupper() and len(word) < 3):
        return None
    if low in _stop() or low in countries() or not word.replace("-", "").replace("&", "").isalpha():
        return None
    if low in english_words() and not word[0].isupper():
        return None
    return Span(start, start + len(word), "organization", "employer", PRIORITY_GUESS)


def _small_business(start: int, parts: list[str]) -> Span | None:
    """'northgate auto body': a lower-case name ended by a business word."""
    if not parts or parts[0].lower() in _stop() or len(parts) < 2:
        return None
    for size in range(2, len(parts) + 1):
        last = parts[size - 1].lower().rstrip(".,;:")
        if last in _BUSINESS_WORDS:
            while size < len(parts) and parts[size].lower().rstrip(".,;:") in _BUSINESS_WORDS:
                size += 1  # "auto body"
            value = " ".join(parts[:size]).rstrip(".,;:")
            return Span(start, start + len(value), "organization", "employer", PRIORITY_GUESS)
        if last in _stop():
            return None
    return None


def country_alone(value: str) -> bool:
    """A country by itself ('family still in Guatemala'): Safe Harbor keeps it."""
    return " ".join(value.lower().strip(" .,;:!?").split()) in countries()
