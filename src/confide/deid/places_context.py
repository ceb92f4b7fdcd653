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
from confide.deid.textutil import Scanner
from confide.deid.tokens import Token, token_starting

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
    mixed = _mixed(tokens)
    upper = not mixed and bool(tokens) and tokens[0].case == "upper"
    yield from units(folded, words)
    yield from named_facilities(folded, tokens, words, mixed)
    yield from stays(text, words, not upper)
    yield from small_saints(text, folded, words)
    if mixed:
        yield from care_acronyms(text, words)
        yield from campuses(text, folded, words)
    if mixed:
        yield from neighborhood_names(text, folded, words)
    yield from jobs(text, folded, words, mixed)


def _matches(scanner: Scanner, text: str, words: WordStarts) -> list[re.Match[str]]:
    """The scanner's matches; none, at the cost of one set test, when the note has no word
    the scanner's matches can open with (most notes, for most of these cues)."""
    keys = scanner.keys
    if keys is not None and keys.isdisjoint(words.at):
        return []
    return list(scanner.finditer(text, words))


def _mixed(tokens: list[Token]) -> bool:
    """Mixed-case prose, where a capital means something: the tokenizer marks every word of
    an ALL CAPS or lower-case note so, and the lines of a mixed one "mixed" (or "upper")."""
    if not tokens:
        return False
    size = len(tokens)
    return "mixed" in {tokens[n * (size - 1) // 4].case for n in range(5)}


# --- units and wards -------------------------------------------------------------------

# "4 west", "3 North", "4west": a floor and a wing; the word before joins when it is a name
# ("bayview 3 north"). Glued to no number or decimal before it ("i-94 west" is a road).
_WING = Scanner("nsew", r"\b(?:north|south|east|west)\b", word=True)
_FLOOR_BEFORE = re.compile(r"\d{1,2}[ \t]?$")
# The wing letter of "5N" is a one-letter word to the tokenizer: filed under its key, so the
# note's word index says where to look (this scanner only asks for those keys to be filed).
_WING_LETTER = Scanner("new", r"\b[new]\b", word=True)
_WING_LETTERS = ("n", "e", "w")
_NAME_BEFORE = re.compile(r"([a-z][a-z'\-]{2,})[ \t]+$")
# "on 5N", "to 6E": a floor and a wing letter, in capitals, after a place preposition.
_WING_CUE = re.compile(r"\b(?:on|to|from|at|back[ \t]+to|up[ \t]+to)[ \t]+(?:the[ \t]+)?$")
# "unit 7B", "ward 4", "pod C2": a unit named by its code.
_UNIT_CODE = Scanner(
    "uwp", r"\b(?:unit|ward|pod|wing)[ \t]+(\d{1,2}[a-z]|[a-z]\d{1,2})\b(?![.,]?\d)", word=True
)  # a number alone ("ward 3", "unit 3 of the workbook") names no particular place
# "the 3rd floor psych unit": a unit by its floor and its service.
_FLOOR_UNIT = re.compile(
    r"\d{1,2}(?:st|nd|rd|th)[ \t]+floor(?:[ \t]+[a-z\-]+){0,2}?"
    r"[ \t]+(?:unit|ward|wing)\b",
)


def units(folded: str, words: WordStarts) -> Iterator[Span]:
    """Hospital units and wards: '4 west', 'bayview 3 north', 'on 5N', 'unit 7B'."""
    for match in _matches(_WING, folded, words):
        floor = _FLOOR_BEFORE.search(folded, max(0, match.start() - 3), match.start())
        if floor is not None and _number_starts(folded, floor.start(), ".,/:-"):
            yield Span(_with_name(folded, floor.start()), match.end(), "location", "unit")
    for letter in _WING_LETTERS:
        for pos in words.at.get(letter, ()):
            yield from _glued_wing(folded, pos)
    if "unit " in folded or "ward " in folded or "pod " in folded or "wing " in folded:
        for match in _matches(_UNIT_CODE, folded, words):
            yield Span(match.start(), match.end(), "location", "unit")
    if "floor " in folded:
        for match in _FLOOR_UNIT.finditer(folded):
            if _number_starts(folded, match.start(), "."):
                yield Span(match.start(), match.end(), "location", "unit")


def _glued_wing(folded: str, pos: int) -> Iterator[Span]:
    """'on 5N': the wing letter at `pos` glued to a floor number after a place cue."""
    if pos == 0 or not folded[pos - 1].isdigit() or folded[pos + 1 : pos + 2].isalnum():
        return
    start = pos - 1 - (pos > 1 and folded[pos - 2].isdigit())
    if (
        folded[start:pos] != "12"  # "at 12n": noon
        and _number_starts(folded, start, ".")
        and _WING_CUE.search(folded, max(0, start - 12), start)
    ):
        yield Span(start, pos + 1, "location", "unit")


def _number_starts(folded: str, start: int, glue: str) -> bool:
    """Whether a number starts at `start`: no word character or `glue` right before it."""
    if start == 0:
        return True
    before = folded[start - 1]
    return not (before.isalnum() or before == "_" or before in glue)


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
    "ymca": "location", "chapel": "location", "church": "location", "temple": "location",
    "mosque": "location", "synagogue": "location", "tabernacle": "location",
    "cathedral": "location", "ministries": "location", "fellowship": "location",
    "baptist": "location", "masjid": "location", "cemetery": "location",
    "children": "location", "counseling": "organization", "services": "organization",
}  # fmt: skip
_KIND_SCAN = Scanner("a-z", r"\b(?:" + "|".join(_KIND_WORDS) + r")\b", word=True)
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
    "memorial", "general", "health", "mental", "behavioral", "new", "old", "north",
    "south", "east", "west", "central", "homeless", "rescue", "youth", "women's", "men's",
    "womens", "mens", "city's", "christian", "catholic", "baptist", "methodist", "lutheran",
    "holy", "st", "saint", "food", "court", "all", "time", "sober", "halfway", "inpatient",
    "outpatient", "residential", "substance", "day", "night", "care", "full", "partial",
    "southern", "american", "independent", "missionary", "reformed", "primitive", "black",
    "national", "protective", "child", "social", "human", "legal", "emergency", "medical",
    "support", "marriage", "couples", "grief", "career", "credit", "financial", "my",
    "public", "private", "charter", "cross", "dual", "ongoing", "early", "long", "short",
}  # fmt: skip
_MAX_NAME = 4
# Words that end a facility's name going back, whatever their case.
_FUNCTION = {"the", "our", "his", "her", "their", "my", "your", "a", "an", "in", "at", "to",
             "from", "of", "and", "for", "with", "on", "by"}  # fmt: skip
_TITLED_KINDS = {"hs", "high", "prep"}
_NAMED_RANK = PRIORITY_CONTEXT + 2  # the whole name outranks a town guess inside it


def named_facilities(
    folded: str, tokens: list[Token], words: WordStarts, mixed: bool
) -> Iterator[Span]:
    """'Fairview General', 'Ramsey Behavioral Health', 'Union Gospel Mission', 'Hennepin
    County District Court', 'Roosevelt HS': a name, then a word saying what kind of place."""
    for match in _matches(_KIND_SCAN, folded, words):
        k = token_starting(tokens, match.start())
        if k is None:
            continue
        tok = tokens[k]
        if tok.low in {"services", "counseling"} and not tok.word[0].isupper():
            continue  # "HHA services", "marriage counseling": a kind of care, not a name
        if tok.low == "children" and not (tok.possessive and tok.word[0].isupper()):
            continue  # "Texas Children's"; not "her children"
        titled = tok.case != "upper" and tok.word in {"HS", "High", "Prep"}
        if tok.low in _TITLED_KINDS and not titled:
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
    while i < k and (tokens[i].low in _GENERIC or (tokens[i].word.islower() and mixed)):
        i += 1
    return i if i < k else None


def _facility_word(tok: Token, mixed: bool) -> bool:
    """A word of a facility's name: capitalised in mixed prose; in an ALL CAPS or lower-case
    note a listed place or a name-shaped word that is not an ordinary one."""
    low = tok.low
    if low in _FUNCTION or (low in _stop() and low not in _GENERIC):
        return False
    if mixed or (tok.case == "lower" and tok.word[:1].isupper()):
        if low in _GENERIC and tok.word.islower():
            return True  # trimmed again unless a capitalised name stands before it
        return tok.word[:1].isupper() and (not tok.word.isupper() or len(low) <= 4)
    if low in _GENERIC:
        return True
    if low in places() or low in us_cities() or low in neighborhoods():
        return True
    return low not in english_words() and len(low) >= 4 and low.isalpha()


# "at st joseph", "to st. marys": a saint's hospital or church written small.
_SMALL_SAINT = Scanner("s", r"\bst\.?[ \t]+[a-z]{3,}(?:'s)?\b", word=True)
_SAINT_CUE = re.compile(r"\b(?:at|to|from|in)[ \t]+(?:the[ \t]+)?$")


def small_saints(text: str, folded: str, words: WordStarts) -> Iterator[Span]:
    """A saint's place written in lower case after a place preposition, when the saint's
    name is a given name ('at st joseph', 'to st marys')."""
    for match in _matches(_SMALL_SAINT, folded, words):
        start, end = match.start(), match.end()
        if not text[start:end].islower():
            continue  # capitalised saints are places.cued's
        if not _SAINT_CUE.search(folded, max(0, start - 12), start):
            continue
        name = match.group().split()[-1].removesuffix("'s")
        if name in first_names() or (name.endswith("s") and name[:-1] in first_names()):
            yield Span(start, end, "location", "saint", PRIORITY_CONTEXT)


# --- a stay somewhere, initials of a facility, campuses ----------------------------------

# "28 days at Hazelden", "inpatient at Regions", "detox at Lakeview": where a stay was.
_STAY = Scanner(
    "rdtshiwmaopl",
    r"\b(?i:rehab|detox|treatment|residential|shelter|inpatient|days|weeks|stay|stayed|"
    r"staying|readmitted|hospitali[sz]ed|php|iop|unit)[ \t]+(?i:at|in)[ \t]+"
    r"(?:(?i:the)[ \t]+)?"
    r"([A-Z][A-Za-z'\-]+(?:[ \t]+[A-Z][A-Za-z'\-]+){0,2})",
    word=True,
)


def stays(text: str, words: WordStarts, capitals: bool) -> Iterator[Span]:
    """The place named after a stay ('did 28 days at Hazelden'): capitalised, in a note
    that is not ALL CAPS."""
    if not capitals:
        return
    for match in _matches(_STAY, text, words):
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
    r"\b(?i:admitted|readmitted|transferred|transfered|hospitali[sz]ed|inpatient|"
    r"psychiatrist|therapist|appointment|appt|works|worked|student|studies|attends|"
    r"attended|enrolled|stayed|delivered|residency)"
    r"(?:[ \t]+(?i:back|up|over|overnight|briefly|once|twice|there|here))?"
    r"[ \t]+(?i:to|at|from|by|@)[ \t]+(?:(?i:the)[ \t]+)?([A-Z]{3,6})\b(?![\-/]\w)",
    word=True,
)


def care_acronyms(text: str, words: WordStarts) -> Iterator[Span]:
    """A hospital's initials after a care cue, unless they are clinical initials."""
    for match in _matches(_CARE_AT, text, words):
        low = match.group(1).lower()
        if low in _stop() or low.endswith(("icu", "ccu", "cu")) or low in english_words():
            continue
        yield Span(match.start(1), match.end(1), "location", "acronym", PRIORITY_CONTEXT)


# "UT Austin", "UC Davis", "UW Madison", "SUNY Albany": a university system and its campus.
_CAMPUS = Scanner(
    "usc",
    r"\b(?:ut|uc|uw|unc|umass|uconn|suny|cuny|csu)\b(?!&)",
    word=True,
)
_CAMPUS_WORD = re.compile(r"(?:[ \t]+|-)([A-Z][a-z]+)")
_CAMPUS_ALONE = {"umass", "uconn", "suny", "cuny"}


def campuses(text: str, folded: str, words: WordStarts) -> Iterator[Span]:
    """A university's campus: a system's initials and a capitalised place name after them
    ('UT Austin', 'UC Davis'); a few systems count alone ('SUNY', 'UMass')."""
    for match in _matches(_CAMPUS, folded, words):
        head = text[match.start() : match.end()]
        if not head[0].isupper() or (len(head) <= 3 and not head.isupper()):
            continue
        end = match.end()
        for _ in range(2):
            word = _CAMPUS_WORD.match(text, end)
            if word is None or word.group(1).lower() in _stop():
                break
            end = word.end()
        if end > match.end() or " ".join(match.group().split()) in _CAMPUS_ALONE:
            yield Span(match.start(), end, "organization", "campus", PRIORITY_CONTEXT)


# --- neighbourhoods and towns written small -----------------------------------------------

_SPLIT = re.compile(r"[ \-]")
# "the Fishtown neighborhood", "the Clintonville area", "over in Bucktown".
_AREA = Scanner(
    "nasdp",
    r"\b(?:neighbou?rhood|area|section|district|part[ \t]+of[ \t]+town|side[ \t]+of[ \t]+town)\b",
    word=True,
)
_NAMES_BEFORE = re.compile(r"\bthe[ \t]+((?:[A-Z][a-z'\-]+[ \t]+){1,3})$")
_OVER_IN = re.compile(r"\bover[ \t]+in[ \t]+((?:[A-Z][a-z'\-]+)(?:[ \t]+[A-Z][a-z'\-]+){0,2})")


def neighborhood_names(text: str, low: str, words: WordStarts) -> Iterator[Span]:
    """Capitalised names before 'neighborhood' or 'area' ('the Fishtown neighborhood') or
    after 'over in' (the listed neighbourhoods ride on the town automaton: `places.towns`)."""
    found = []
    for match in _matches(_AREA, low, words):
        before = _NAMES_BEFORE.search(text, max(0, match.start() - 60), match.start())
        if before is not None:
            found.append((before.start(1), before.end(1)))
    if "over in" in low:
        found += [(m.start(1), m.end(1)) for m in _OVER_IN.finditer(text)]
    for lo, hi in found:
        end = _name_end(text, lo, hi)
        value = text[lo:end].strip().lower()
        if end > lo and value not in countries() and value.split()[0] not in _stop():
            yield Span(lo, lo + len(text[lo:end].rstrip()), "location", "neighborhood")


# --- employers -----------------------------------------------------------------------------

# "works at battelle", "job at target", "laid off from Boeing", "shift at the amazon warehouse",
# "started at costco": a work cue, then the employer.
_WORK = Scanner(
    "wjslfqhirsmd",
    r"\b(?i:works?|worked|working|job|jobs|shift|shifts|employed|hired|rehired|"
    r"laid[ \t]+off|let[ \t]+go|fired|quit|started|starts|starting|interview(?:ed|ing)?|"
    r"retired|manager|cashier|driver|stocker|applied|applying)"
    r"(?:[ \t]+(?i:nights|days|weekends|part[ \t-]time|full[ \t-]time|again|back|there|"
    r"overnights))?"
    r"[ \t]+(?P<prep>(?i:at|for|from|by|with|to))[ \t]+(?:(?i:the)[ \t]+)?"
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
    for match in _matches(_WORK, text, words):
        start = match.start("name")
        parts = match.group("name").split()
        if (match.group("prep").lower() == "to") != match.group().lower().startswith("appl"):
            continue  # "applied to PPG"; not "works to pay", "applied for"
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
