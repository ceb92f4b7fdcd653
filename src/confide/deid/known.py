"""The case's known identifiers and every surface form they may take in a note.

The records already name the client, their relatives, school and employer; a note that
mentions "Liz" or "MILLER'S" or "S.M." is about the same people. These are matched with one
Aho-Corasick automaton over the case-folded text, checked for word boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import cast

import ahocorasick

from confide.deid.lexicon import US_STATES, ambiguous, common_words, english_words
from confide.deid.nicknames import confide_pairs, table, variants_of
from confide.deid.spans import KINDS, PRIORITY_KNOWN, Kind, Span
from confide.deid.textutil import bounded, fold

# Words too short or too common to stand for a person on their own even when the records
# hold them as part of a name ("Van", "De", "Jr").
_NAME_PARTICLES = {
    "van",
    "von",
    "de",
    "del",
    "della",
    "da",
    "di",
    "la",
    "le",
    "du",
    "st",
    "jr",
    "sr",
}
_NAME_PARTICLES |= {"ii", "iii", "iv", "mc", "mac", "bin", "al", "el"}
_TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr")
# Generic endings an organisation's name is often shortened by ("Lincoln High" for
# "Lincoln High School").
_ORG_TAILS = re.compile(
    r"\s+(school|high school|middle school|elementary school|elementary|academy|college|"
    r"university|inc\.?|llc|corp\.?|corporation|company|co\.?|hospital|clinic)$",
    re.IGNORECASE,
)
_LAST_GENERIC = re.compile(
    r"\s+(school|academy|college|university|inc\.?|llc|corp\.?|hospital|clinic)$", re.IGNORECASE
)
CLINICIAN_ROLES = {"clinician", "therapist", "supervisor", "counselor", "psychiatrist", "doctor"}


@dataclass(frozen=True, slots=True)
class KnownIdentifier:
    """Something the case's records hold: `text` as written there, its `kind`, its `role`."""

    text: str
    kind: Kind = "person"
    role: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> KnownIdentifier:
        """Build from a JSON object; an unknown kind is an error, a missing role is fine."""
        text = data.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ValueError("a known identifier needs a non-empty 'text'")
        kind = data.get("kind", "person")
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} for known identifier {text!r}")
        role = data.get("role") or ""
        if not isinstance(role, str):
            raise ValueError("'role' must be a string")
        return cls(text.strip(), cast(Kind, kind), role.strip().lower())


@dataclass(frozen=True, slots=True)
class _Variant:
    form: str  # case-folded surface form
    index: int  # which known identifier
    strength: int  # 3 exact, 2 a part or a reordering, 1 a nickname, initials or misspelling
    shared: bool = False  # several known people answer to it (a family's surname)
    capital: bool = False  # an ordinary word too ("Kit", "Will"): needs a capital in prose
    upper: bool = False  # an acronym ("MHP"): only as capitals
    plain: bool = False  # an ordinary word too: not after "he", "some", "the" in lower case
    proper: bool = False  # a word misspelt into another ("Brain"): capitalised mid-sentence only


MIN_MISSPELT = 5  # names this long are also found misspelt by one letter
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
_VOWELS = frozenset("aeiouy")
_MONTH_CLIPS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}


def one_edit(word: str) -> set[str]:
    """Every spelling one deletion, substitution, insertion or swap of neighbours away."""
    low = word.lower()
    out: set[str] = set()
    for i in range(len(low) + 1):
        for c in _ALPHABET:
            out.add(low[:i] + c + low[i:])
        if i < len(low):
            out.add(low[:i] + low[i + 1 :])
            for c in _ALPHABET:
                out.add(low[:i] + c + low[i + 1 :])
        if i < len(low) - 1:
            out.add(low[:i] + low[i + 1] + low[i] + low[i + 2 :])
    out.discard(low)
    return out


def misspellings(word: str) -> Iterator[str]:
    """One-edit spellings of a name of five letters or more that are not ordinary words."""
    if len(word) < MIN_MISSPELT or not word.isalpha():
        return
    words, common = english_words(), common_words()
    for variant in sorted(one_edit(word)):
        if len(variant) >= MIN_MISSPELT - 1 and variant not in words and variant not in common:
            yield variant


def clipped(given: str) -> str | None:
    """A given name's first syllable, the way people shorten it (Kevin -> Kev, Katherine ->
    Kath, Christopher -> Chris, Dominic -> Dom); None when too short to stand alone."""
    low = given.lower()
    i = 0
    while i < len(low) and low[i] not in _VOWELS:
        i += 1
    while i < len(low) and low[i] in _VOWELS:
        i += 1
    while i < len(low) and low[i] not in _VOWELS and low[i].isalpha():
        i += 1
    clip = low[:i]
    if len(clip) < 3 or len(clip) >= len(low) - 1 or clip in _MONTH_CLIPS:
        return None
    return clip


def ordinary(form: str) -> bool:
    """A derived variant (a nickname from the data set, a clipped name, an employer's word)
    that is also an ordinary word: in mixed-case prose it counts only with a capital.
    confide's own nickname pairs match in any case, as they always have."""
    low = form.lower()
    return (low in english_words() or low in common_words()) and low not in confide_pairs()


SHARED_ROLE = "family"


# Generational endings a record may write after the surname: never the surname itself.
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v", "esq"}
_SUFFIXES |= {"md", "do", "phd", "psyd", "lcsw", "licsw", "lpc", "lpcc", "lmft", "msw", "rn", "np"}


def _name_parts(text: str) -> list[str]:
    """The words of a name as the records hold it, in the order notes use: "Halvorsen, Robert"
    (a chart's order) becomes "Robert Halvorsen"; a trailing "Jr.", "III" or "LCSW" and a
    leading "Dr." are dropped, so the given name and the surname are what they are."""
    clean = text.strip()
    if clean.count(",") == 1:
        last, _, first = clean.partition(",")
        tail = first.strip().lower().strip(".")
        if len(last.split()) == 1 and first.strip() and tail not in _SUFFIXES:
            clean = f"{first.strip()} {last.strip()}"
    parts = [p for p in re.split(r"[\s,]+", clean) if p]
    while len(parts) > 2 and parts[-1].lower().strip(".") in _SUFFIXES:
        parts.pop()
    while len(parts) > 2 and parts[0].lower().strip(".") in _TITLES:
        parts.pop(0)  # "Dr. Steven Szymanski": the title is no given name
    return parts


def short_forms(given: str) -> set[str]:
    """Nicknames of a given name (the nicknames data set, both ways, and through the formal
    name when the record holds a nickname: Bob -> Robert -> Bobby), its clipped form and its
    other beginnings of three letters or more ("Kat", "Alex", "Chris", "Jen"); never a
    clinical abbreviation ("DOB" is no Bob)."""
    out = variants_of(given) | sibling_nicknames(given)
    clip = clipped(given)
    if clip:
        out.add(clip)
    out.update(prefixes(given))
    return {form for form in out if form not in _SHORTHAND}


_HUB = 4  # nicknames a formal name has of its own


def sibling_nicknames(given: str) -> set[str]:
    """When a record holds a nickname ("Bob", "Patty"), the other nicknames of the formal
    name it stands for ("Rob", "Bobby"; "Trish"): the same person to anyone who knows them.
    Only through a longer formal name, and only when the nickname names one or two of them,
    so "Al" (Albert, Alan, Alfred ...) does not spread to every one of their nicknames. The
    formal name is the one with many nicknames of its own (Robert, not Bobby or Bert)."""
    low = given.lower()
    formals = [
        f for f in variants_of(low)
        if len(f) > len(low) and low in table().get(f, ()) and len(table()[f]) >= _HUB
    ]  # fmt: skip
    if not 1 <= len(formals) <= 2:
        return set()
    out: set[str] = set()
    for formal in formals:
        out.add(formal)
        out.update(n for n in table().get(formal, ()) if len(n) >= MIN_PREFIX)
    out.discard(low)
    return out


MIN_PREFIX = 3


def prefixes(given: str) -> Iterator[str]:
    """A given name's beginnings people shorten it to, three letters up to all but its last
    letter, when no ordinary word, shorthand or month reads the same ("Kat", "Kath", "Alex";
    never "Will" of Willa, "Mar" of Marcus, "The" of Theresa)."""
    low = given.lower()
    if not low.isalpha():
        return
    words, common = english_words(), common_words()
    for end in range(MIN_PREFIX, len(low) - 1):
        head = low[:end]
        if head in words or head in common or head in _MONTH_CLIPS or head in _SHORTHAND:
            continue
        yield head


def person_variants(text: str) -> Iterator[tuple[str, int]]:
    """Surface forms of a person's name: full, parts, nicknames, clipped and misspelt forms,
    'Last, First', initials, surname plurals (possessives are matched at the boundary)."""
    parts = [p.strip(".") for p in _name_parts(text)]
    if not parts:
        return
    yield " ".join(parts), 3
    words = [p for p in parts if len(p) > 1]
    for part in words:
        if part.lower() not in _NAME_PARTICLES:
            yield part, 2
            for wrong in misspellings(part):
                yield wrong, 1
        for piece in part.split("-"):
            if len(piece) > 1 and piece != part:
                yield piece, 2
                for wrong in misspellings(piece):
                    yield wrong, 1
    yield from apostrophe_forms(words)
    if "-" in " ".join(words):
        yield " ".join(words).replace("-", " "), 2  # "Anh Thu" / "Anh-Thu"
        for part in words:
            if "-" in part and len(part) >= 6:
                yield part.replace("-", ""), 2  # "Minjun" / "Min-jun"
    if len(words) >= 2:
        first, last = words[0], words[-1]
        if len(words) > 2 and words[1].lower() not in _NAME_PARTICLES:
            yield f"{first} {words[1]}", 2  # a two-part given name: "Anh Thu"
            yield f"{first}-{words[1]}", 2
        yield f"{last}, {first}", 2
        yield f"{last} {first}", 2  # "BRANDT KATHERINE": a chart header's order
        yield f"{first} {last}", 2
        for letter in _ALPHABET:  # "Katherine J. Brandt": a middle initial the records lack
            yield f"{first} {letter}. {last}", 2
            yield f"{first} {letter} {last}", 2
        yield from surname_plurals(words[1:])
        for given in words[:-1]:
            for nick in short_forms(given):
                yield nick, 1
                yield f"{nick} {last}", 2
            yield from bare_possessives(given)
        for given in (first, *short_forms(first)):
            yield f"{given} {last[0]}.", 2  # "Mateo G.": a note's usual shorthand
        yield f"{first[0]}. {last}", 2  # "k. lindqvist": a sign-off
        yield f"{first[0]}.{last}", 2
        initials = [w[0] for w in (first, last)]
        yield "{}.{}.".format(*initials), 1
        yield "{}. {}.".format(*initials), 1
        yield "{1}.{0}.".format(*initials), 1  # surname first, as a chart lists people
        yield "{}.{}".format(*initials), 1  # "K.B" without its last full stop
        for head in prefixes(last):  # "Whit" for Whitfield, "Fitz" for Fitzgerald
            if len(head) >= MIN_PREFIX + 1:
                yield head, 1
        for title in _TITLES:  # "per dr. s.", "Ms. K.": a title and an initial of either name
            for letter in {last[0], first[0]}:
                yield f"{title}. {letter}.", 1
                yield f"{title} {letter}.", 1
    elif words:
        for nick in short_forms(words[0]):
            yield nick, 1
        yield from bare_possessives(words[0])


def bare_possessives(given: str) -> Iterator[tuple[str, int]]:
    """A given name or its short form with a possessive typed without its apostrophe, as
    hurried notes do ("maggies school", "Kevs car"); never when the name is an ordinary
    word too ("pays bills", "his wills")."""
    for name in sorted({given.lower(), *short_forms(given)}):
        usable = len(name) >= MIN_PREFIX and name.isalpha() and not ordinary(name)
        if usable and not _everyday(name + "s"):
            yield f"{name}s", 1


def surname_plurals(surnames: list[str]) -> Iterator[tuple[str, int]]:
    """A family named by its surname: "the Millers", "the Joneses", and for a double surname
    each half too ("the Asante-Mensahs", "the Mensahs")."""
    for name in surnames:
        if name.lower() in _NAME_PARTICLES:
            continue
        pieces = [name, *(p for p in name.split("-") if len(p) > 2 and p != name)]
        for piece in pieces:
            yield f"{piece}s", 1
            yield f"{piece}es", 1


def apostrophe_forms(words: list[str]) -> Iterator[tuple[str, int]]:
    """A name with an apostrophe as hurried notes type it: "OConnor", "O Connor" for
    O'Connor, and its one-edit misspellings ("OConor")."""
    for word in words:
        for mark in ("'", "’"):
            if mark in word:
                joined = word.replace(mark, "")
                yield joined, 2
                yield word.replace(mark, " "), 2
                for wrong in misspellings(joined):
                    yield wrong, 1


# Capitals that are clinical or ordinary shorthand in notes: never a person's initials alone.
_SHORTHAND = {
    "si", "hi", "pt", "ot", "er", "ed", "md", "do", "rn", "np", "pa", "gp", "or", "iv", "im",
    "po", "bp", "hr", "rr", "gi", "ua", "ct", "mr", "dx", "tx", "rx", "hx", "sx", "fx", "bm",
    "am", "pm", "ok", "tv", "us", "uk", "aa", "na", "cm", "dv", "sa", "mh", "sw", "cd", "ms",
    "ma", "ny", "la", "dc", "id", "pc", "ap", "hs", "es", "cps", "aps", "iop", "php", "ptsd",
    "adhd", "ocd", "gad", "mdd", "cbt", "dbt", "emdr", "phq", "ssn", "dob", "mrn", "lcsw",
    "lpc", "lmft", "psyd", "phd", "icu", "uti", "ekg", "ecg", "mri", "abc", "nos",
}  # fmt: skip


def person_acronyms(text: str) -> set[str]:
    """A person's initials as notes write them in capitals, without full stops: "MJ" for
    Min-jun (a hyphenated given name), "RH" for Robert Halvorsen, "MJP" for Min-jun Park.
    Matched only in capitals, and never when the letters are shorthand ("SI", "PT", "OR")."""
    words = [p.strip(".") for p in _name_parts(text)]
    words = [w for w in words if len(w) > 1 and w.lower() not in _NAME_PARTICLES]
    if not words:
        return set()
    given = [piece for piece in words[0].split("-") if piece]
    out = set()
    if len(given) >= 2:
        out.add("".join(p[0] for p in given))
    if len(words) >= 2:
        out.add(words[0][0] + words[-1][0])
        out.add("".join(p[0] for p in given) + words[-1][0])
        if len(words) == 3:
            out.add("".join(w[0] for w in words))
    return {
        fold(a) for a in out
        if len(a) >= 2 and a.isalpha() and fold(a) not in _SHORTHAND
        and fold(a) not in english_words() and fold(a) not in common_words()
    }  # fmt: skip


_STREET_TYPES = {
    "st": "street", "street": "st", "ave": "avenue", "avenue": "ave", "av": "avenue",
    "blvd": "boulevard", "boulevard": "blvd", "rd": "road", "road": "rd", "dr": "drive",
    "drive": "dr", "ln": "lane", "lane": "ln", "ct": "court", "court": "ct", "pl": "place",
    "place": "pl", "ter": "terrace", "terrace": "ter", "pkwy": "parkway", "parkway": "pkwy",
    "hwy": "highway", "highway": "hwy", "way": "way", "cir": "circle", "circle": "cir",
}  # fmt: skip
_DIRECTIONS = {"n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"}
_UNIT = re.compile(r"\s+(?:apt|apartment|unit|suite|ste|#)\.?\s*\w+$", re.IGNORECASE)
_ZIP = re.compile(r"\b\d{5}(?:-\d{4})?\b|\b[A-Z]\d[A-Z] ?\d[A-Z]\d\b")
_STATE = re.compile(r"^[A-Z]{2}$")
# What a school's or employer's generic ending is shortened to in notes.
_SCHOOL_SHORT = {
    "high school": ("high", "hs"), "middle school": ("middle", "ms"),
    "elementary school": ("elementary", "elem", "es"), "elementary": ("elem",),
    "primary school": ("primary",), "junior high school": ("junior high", "jhs"),
    "university": ("u",), "college": (), "academy": (),
}  # fmt: skip


def address_variants(clean: str) -> Iterator[tuple[str, int]]:
    """A full address's parts: the street line with and without number, unit and street-type
    spelling, the city and the ZIP code (the state is left alone: Safe Harbor allows it)."""
    pieces = [p.strip() for p in clean.split(",") if p.strip()]
    if not pieces:
        return
    street = _UNIT.sub("", pieces[0])
    yield from unit_forms(pieces[0])
    words = street.split()
    if len(words) >= 2 and any(c.isdigit() for c in words[0]):
        yield street, 2
        rest = words[1:]
        if len(rest) >= 2 and rest[0].lower().strip(".") in _DIRECTIONS:
            yield " ".join(rest), 2
            rest = rest[1:]
        if len(rest) >= 2 and rest[-1].lower().strip(".") in _DIRECTIONS:
            rest = rest[:-1]  # "Fremont Ave N"
        if len(rest) >= 2:
            yield " ".join(rest), 2
            yield " ".join([words[0], *rest[:-1]]), 2  # "4410 Emerson": without its type
            for word in rest[:-1]:  # "Emerson": the street's own name, when no ordinary word
                if _distinctive(word) and word.lower() not in english_words():
                    yield word, 1
                    for wrong in misspellings(word):
                        yield wrong, 1  # "Emersen"
            kind = rest[-1].lower().strip(".")
            other = _STREET_TYPES.get(kind)
            if other:
                yield " ".join([*rest[:-1], other]), 2
                yield " ".join([*words[:-1], other]), 2
    for piece in pieces[1:]:
        zip_code = _ZIP.search(piece)
        if zip_code:
            yield zip_code.group(), 2
        name = _ZIP.sub("", piece).strip()
        if name and not _STATE.match(name) and not any(c.isdigit() for c in name):
            yield from city_forms(name)


_UNIT_PARTS = re.compile(r"(?:apt|apartment|unit|suite|ste|#)\.?\s*(\w+)$", re.IGNORECASE)


def unit_forms(street_line: str) -> Iterator[tuple[str, int]]:
    """An apartment or suite as notes write it apart from the street: "Apt 3F", "apt. 3F",
    "unit 3F", "#3F" (a bare number alone would be any number, so it is not one)."""
    match = _UNIT_PARTS.search(street_line)
    if match is None:
        return
    unit = match.group(1)
    for word in ("apt", "apt.", "apartment", "unit", "suite", "ste", "#"):
        yield f"{word}{'' if word == '#' else ' '}{unit}", 2
    yield f"# {unit}", 2


def city_forms(name: str) -> Iterator[tuple[str, int]]:
    """A town as written, misspelt by one letter, and a telling word of a longer name alone
    ("Denham" of "Denham Springs"; never "Springs", "Island" or "City")."""
    yield name, 2
    yield from place_misspellings(name)
    words = name.split()
    if len(words) > 1:
        for word in words:
            if _distinctive(word) and not _everyday(word):
                yield word, 1
                for wrong in misspellings(word):
                    yield wrong, 1  # "Pembreton" of "Pemberton Falls"


def _everyday(word: str) -> bool:
    """An ordinary English word, or one's plural ("Springs", "Falls", "Heights")."""
    low = word.lower()
    words = english_words()
    return low in words or (low.endswith("s") and low[:-1] in words)


def place_misspellings(name: str) -> Iterator[tuple[str, int]]:
    """A place's name misspelt by one letter in one of its words of five letters or more
    ("Portlnad", "Denhm Springs", "Batelle"), the other words as written."""
    words = name.split()
    for i, word in enumerate(words):
        for wrong in misspellings(word):
            yield " ".join([*words[:i], wrong, *words[i + 1 :]]), 1


# A saint's, mount's or fort's name, written any of the ways notes write it.
_HOLY = {"st": ("st.", "saint"), "saint": ("st.", "st"), "mt": ("mt.", "mount"),
         "mount": ("mt.", "mt"), "ft": ("ft.", "fort"), "fort": ("ft.", "ft")}  # fmt: skip


def spelled_out(form: str) -> Iterator[str]:
    """A saint's or mount's name spelled the other ways: "St. Ann" as "St Ann" and "Saint
    Ann", "Mt. Sinai" as "Mount Sinai"."""
    words = form.split()
    for i, word in enumerate(words):
        for other in _HOLY.get(word.lower().rstrip("."), ()):
            yield " ".join([*words[:i], other, *words[i + 1 :]])


def word_runs(clean: str) -> Iterator[tuple[str, int]]:
    """Every run of two or more of an organisation's words that holds one telling word
    ("Gulf Coast Marine", "Coast Marine Fabrication" of "Gulf Coast Marine Fabrication"),
    and its first word when it is no generic word, asked a capital if it is an ordinary one
    ("Delta" of "Delta Air Lines")."""
    words = clean.split()
    for size in range(2, len(words)):
        for i in range(len(words) - size + 1):
            run = words[i : i + size]
            if any(_distinctive(w.strip(",.&")) for w in run) and run[-1] not in ("&", "of"):
                yield " ".join(run), 2
    first = words[0].strip(",.") if len(words) > 1 else ""
    generic = first.lower() in _ORG_WORDS or first.lower() in US_STATES
    if len(first) >= 4 and first[0].isupper() and not generic:
        yield first, 1


def organization_variants(clean: str) -> Iterator[tuple[str, int, bool]]:
    """A school's or employer's usual short forms: the generic ending dropped or shortened
    ("Roosevelt High", "Lincoln MS"), the first words, and the initials as capitals ("MHP")."""
    low = clean.lower()
    for tail, shorts in _SCHOOL_SHORT.items():
        if low.endswith(" " + tail):
            head = clean[: -len(tail) - 1]
            for short in shorts:
                yield f"{head} {short.upper() if len(short) <= 3 else short}", 2, False
            if len(head) > 3:
                yield head, 2, False
    words = re.findall(r"[^\W\d_][\w'\-]*", clean)
    if len(words) >= 3:
        yield " ".join(words[:2]), 2, False  # "Cascade Tile" for "Cascade Tile & Stone"
        letters = "".join(w[0] for w in words if w[0].isupper())
        if len(letters) >= 3:
            yield letters, 1, True


def other_variants(text: str, kind: Kind, role: str = "") -> Iterator[tuple[str, int]]:
    """Surface forms of a place, organisation, phone or address: as written and shortened,
    with "St."/"Saint" spelled either way."""
    for form, strength in _other_forms(text, kind, role):
        yield form, strength
        if kind in ("location", "organization"):
            for other in spelled_out(form):
                yield other, strength


def _other_forms(text: str, kind: Kind, role: str) -> Iterator[tuple[str, int]]:
    clean = " ".join(text.split())
    yield clean, 3
    organisation = kind == "organization" or role in ("school", "facility")
    if role == "city" and "," not in clean:
        yield from city_forms(clean)
    elif organisation and "," not in clean and "@" not in clean:
        yield from place_misspellings(clean)  # "Batelle", "Roosvelt High"
    if organisation:
        yield from word_runs(clean)
    if kind == "location" and (role in ("address", "") and "," in clean):
        yield from address_variants(clean)
    if kind == "organization" or (kind == "location" and role in ("school", "facility")):
        for form, strength, _upper in organization_variants(clean):
            yield form, strength
    if kind == "organization" or (kind == "location" and role in ("school", "facility")):
        for short in (_ORG_TAILS.sub("", clean), _LAST_GENERIC.sub("", clean)):
            if short != clean and len(short) > 3:
                yield short, 2
        words = re.findall(r"[^\W\d_][\w'\-]*", clean)
        if len(words) > 1:  # "Cascadia" for "Cascadia Biologics": the name without its trade
            for word in words:
                if _distinctive(word):
                    yield word, 1
                    for wrong in misspellings(word):
                        yield wrong, 1  # "Northgat", "Cascdia"
    if kind == "location" and "," in clean:
        head = clean.split(",")[0].strip()
        if len(head) > 5 and any(c.isdigit() for c in head):
            yield head, 2  # the street line of a full address


# Letters no accent-stripping turns into plain ones: notes typed on a US keyboard write them so.
_ASCII = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h",
     "æ": "ae", "Æ": "Ae", "œ": "oe", "ß": "ss", "þ": "th"}
)  # fmt: skip


def with_ascii_spellings(forms: Iterable[tuple[str, int]]) -> Iterator[tuple[str, int]]:
    """Every form, and beside it the form as typed without its special letters ("Stanislaw"
    for Stanisław, "Bjorn" for Bjørn, "Strasse" for Straße), at the same strength."""
    for form, strength in forms:
        yield form, strength
        plain = form.translate(_ASCII)
        if plain != form:
            yield plain, strength


def word_misspellings(word: str) -> Iterator[str]:
    """The one-edit spellings of a name of five letters or more that `misspellings` leaves
    out because they are English words too ("Brain" for Brian, "Mania" for Maria):
    found only capitalised inside a sentence, where the word itself would not be."""
    if len(word) < MIN_MISSPELT or not word.isalpha():
        return
    words, common = english_words(), common_words()
    for variant in sorted(one_edit(word)):
        if len(variant) >= MIN_MISSPELT - 1 and variant in words and variant not in common:
            yield variant


def word_prefixes(given: str) -> Iterator[str]:
    """A given name's beginnings that `prefixes` leaves out because they are English words
    too ("Jess" of Jessamyn, "Christ" of Christopher), found on the same terms."""
    low = given.lower()
    if not low.isalpha():
        return
    words, common = english_words(), common_words()
    for end in range(MIN_PREFIX + 1, len(low) - 1):
        head = low[:end]
        if head in words and head not in common and head not in _MONTH_CLIPS:
            yield head


def word_forms(known: list[KnownIdentifier]) -> Iterator[tuple[str, int]]:
    """Every known person's and one-word organisation's forms that are English words too."""
    for index, item in enumerate(known):
        names = [p.strip(".") for p in _name_parts(item.text)]
        if item.kind == "person":
            for name in names:
                for piece in sorted({name, *name.split("-")}):
                    for form in word_misspellings(piece):
                        yield fold(form), index
            if len(names) >= 2:
                for form in word_prefixes(names[0]):
                    yield fold(form), index
        elif len(names) == 1 and item.kind in ("organization", "location"):
            for form in word_misspellings(names[0]):
                yield fold(form), index


# Where a sentence begins: its first word is capitalised whatever it is.
_SENTENCE_END = frozenset('.!?:;\n"“([-–—•*>')


def _sentence_start(text: str, start: int) -> bool:
    """Whether `start` begins a sentence, a line or a bracket (spaces before it skipped)."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _acronyms(item: KnownIdentifier) -> set[str]:
    if item.kind == "organization" or item.role in ("school", "facility"):
        clean = " ".join(item.text.split())
        return {fold(f) for f, _s, upper in organization_variants(clean) if upper}
    return set()


_GENERIC_TAIL = re.compile(
    r"(?:[ \t]+(?:high|middle|elementary|junior|senior|primary|school|academy|college|"
    r"university|hs|ms|es|inc\.?|llc|co\.?|corp\.?|hospital|clinic|center|centre)\b)+"
)
# Words an organisation's name shares with ordinary prose or with every other organisation:
# never a mention of the organisation on their own.
_ORG_WORDS = {
    "school", "high", "middle", "elementary", "primary", "academy", "college", "university",
    "institute", "inc", "llc", "ltd", "corp", "corporation", "company", "hospital", "clinic",
    "center", "centre", "services", "service", "group", "partners", "associates",
    "foundation", "bank", "health", "medical", "family", "practice", "church", "department",
    "county", "city", "state", "national", "international", "american", "united", "community",
    "logistics", "solutions", "systems", "technologies", "technology", "industries",
    "enterprises", "holdings", "consulting", "construction", "manufacturing", "insurance",
    "financial", "market", "store", "stores", "restaurant", "cafe", "studio", "agency",
    "office", "north", "south", "east", "west", "new", "saint", "memorial", "regional",
}  # fmt: skip


def _distinctive(word: str) -> bool:
    """A word of an organisation's name that points at it alone: capitalised in the record,
    four letters or more, neither an ordinary word, an organisation's generic word nor a state
    (Safe Harbor keeps "Ohio" of "Ohio City" and "Michigan" of "Michigan Medicine")."""
    low = word.lower()
    return (
        len(word) >= 4 and word[0].isupper() and low not in _ORG_WORDS
        and low not in common_words() and low not in US_STATES
    )  # fmt: skip


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


class KnownMatcher:
    """Finds every mention of a case's known identifiers; build once per case."""

    def __init__(self, known: Iterable[KnownIdentifier]) -> None:
        self.known = list(known)
        self._automaton = ahocorasick.Automaton()
        self._phones: dict[str, int] = {}
        best: dict[str, _Variant] = {}
        for index, item in enumerate(self.known):
            if item.kind == "phone" and len(_digits(item.text)) >= 7:
                self._phones[_digits(item.text)[-10:]] = index
                self._phones.setdefault(_digits(item.text)[-7:], index)  # without its area code
            acronyms = _acronyms(item)
            if item.kind == "person":
                forms: Iterable[tuple[str, int]] = person_variants(item.text)
                acronyms |= person_acronyms(item.text)
                forms = [*forms, *((a, 1) for a in sorted(person_acronyms(item.text)))]
            else:
                forms = other_variants(item.text, item.kind, item.role)
            for form, strength in with_ascii_spellings(forms):
                key = fold(form)
                if len(key) < 2:
                    continue
                upper = key in acronyms
                # a word ("Will", "Kit") names the person in prose only with its capital: a
                # nickname that is an ordinary word, or a part of the name on file that is an
                # everyday word (Hope, Grace, Rose: ambiguous.txt), not a rarer one ("miller")
                single = not upper and " " not in key
                capital = single and (
                    (strength < 2 and ordinary(key)) or (strength == 2 and key in ambiguous())
                )
                plain = single and (key in ambiguous() or (strength < 2 and ordinary(key)))
                seen = best.get(key)
                if seen is None or strength > seen.strength:
                    best[key] = _Variant(
                        key, index, strength, capital=capital, upper=upper, plain=plain
                    )
                elif strength == seen.strength and seen.index != index:
                    best[key] = _Variant(
                        key,
                        seen.index,
                        strength,
                        shared=_both_people(self.known[seen.index], item),
                        capital=seen.capital,
                        upper=seen.upper,
                        plain=seen.plain,
                    )
        for form, index in word_forms(self.known):
            best.setdefault(form, _Variant(form, index, 1, proper=True))
        self._initials = _initial_letters(self.known)
        for key, variant in best.items():
            self._automaton.add_word(key, variant)
        self._empty = not best
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str, folded: str | None = None) -> list[Span]:
        """All bounded mentions, longest first where they overlap; possessives included."""
        low = fold(text) if folded is None else folded
        spans = [] if self._empty else list(self._iter_words(text, low))
        if self._phones:
            spans.extend(self._find_phones(text))
        if self._initials:
            spans.extend(self._find_initials(text))
        return spans

    def _find_initials(self, text: str) -> Iterator[Span]:
        """A known person's lone initial ("spoke with K.", "K. said", "(C.)"): only with a cue
        around it that reads it as a person, since "plan B." and "vitamin D." are not."""
        for match in _LONE_INITIAL.finditer(text):
            letter = match.group(1).lower()
            index = self._initials.get(letter)
            if index is None:
                continue
            if match.group(2) is None:  # "K said": no full stop, so a verb must follow
                if letter in "ai":
                    continue
                if not _INITIAL_VERB_AFTER.match(text, match.end()) and not _signed(
                    text, match.start(), match.end()
                ):
                    continue
                if _NOT_INITIAL_BEFORE.search(text, max(0, match.start() - 14), match.start()):
                    continue
            elif not _initial_cued(text, match.start(), match.end()):
                continue
            item = self.known[index] if index >= 0 else None
            yield Span(
                match.start(),
                match.end(),
                "person",
                "known",
                PRIORITY_KNOWN + 1,
                f"known:{index}" if item else f"known:shared:{letter}.",
                item.role if item else SHARED_ROLE,
            )

    def _iter_words(self, text: str, low: str) -> Iterator[Span]:
        lower_note: bool | None = None  # a note typed in lower case: no capitals to ask for
        for end_index, variant in self._automaton.iter(low):
            end = end_index + 1
            start = end - len(variant.form)
            if not bounded(low, start, end) and not _initials_ok(low, start, end, variant.form):
                continue
            if variant.upper and not text[start:end].isupper():
                continue
            if variant.proper and (not text[start].isupper() or _sentence_start(text, start)):
                continue
            if (variant.capital or variant.plain) and not text[start].isupper():
                if lower_note is None:
                    lower_note = _lower_note(text)
                if (variant.capital and not lower_note) or (lower_note and _as_word(low, start)):
                    continue
            item = self.known[variant.index]
            if item.kind == "organization" or item.role in ("school", "facility"):
                tail = _GENERIC_TAIL.match(low, end)  # "Roosvelt High": a misspelt name's ending
                end = tail.end() if tail else end
            key = f"known:shared:{variant.form}" if variant.shared else f"known:{variant.index}"
            yield Span(
                start,
                end,
                item.kind,
                source="known",
                priority=PRIORITY_KNOWN + variant.strength,
                key=key,
                role=SHARED_ROLE if variant.shared else item.role,
            )

    def _find_phones(self, text: str) -> Iterator[Span]:
        for match in re.finditer(r"\+?\(?\d[\d\s().\-/]{5,}\d", text):
            digits = _digits(match.group())
            index = self._phones.get(digits[-10:])
            if index is None and len(digits) == 7:
                index = self._phones.get(digits)
            if index is None:
                continue
            item = self.known[index]
            yield Span(
                match.start(),
                match.end(),
                "phone",
                "known",
                PRIORITY_KNOWN + 3,
                f"known:{index}",
                item.role,
            )


_LONE_INITIAL = re.compile(r"(?<![\w.’'])([A-Z])(?:(\.)(?![\w.])|(?![\w.’']))")
_INITIAL_BEFORE = re.compile(
    r"(?:^|[^\w/])(?:with|w/|per|to|and|or|told|asked|from|by|for|saw|met|called|texted|"
    r"phoned|mom|dad|mother|father|client|pt|re|about|between|when|that|said|says)"
    r"[ \t]*[(\[\"“]?[ \t]*$|(?:^|\n)[ \t]*$|[(\[][ \t]*$",
    re.IGNORECASE,
)
_INITIAL_AFTER = re.compile(
    r"(?:['’]s\b|\)|[\"”]|:|\s+(?:and|or|said|says|say|reports?|reported|was|is|has|had|"
    r"called|came|arrived|stated|states|feels?|felt|wants?|wanted|thinks?|thought|agreed|asked|"
    r"cried|shared|described|denied|endorsed|will|would|did|does|spoke|left|got|went|"
    r"texted|told|admitted|noted|seemed|became|began|started)\b)",
    re.IGNORECASE,
)
_INITIAL_VERB_AFTER = re.compile(
    r"[ \t]+(?:said|says|reports?|reported|stated|states|feels|felt|wants|wanted|thinks|"
    r"thought|agreed|cried|shared|described|denied|endorsed|admitted|arrived|called|texted|"
    r"spoke|left)\b"
)
_NOT_INITIAL_BEFORE = re.compile(
    r"\b(?:vitamin|hepatitis|hep|type|grade|stage|plan|part|section|appendix|class|level|"
    r"group|option|exhibit|schedule|cluster|axis|unit|ward|wing|building|room|block|step|"
    r"column|row|form|item|question|list|category|phase|tier|track|team)\s*$"
    r"|\b[A-Za-z](?:\s+(?:and|or|&)|,)\s*$",
    re.IGNORECASE,
)


_SIGNED_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:[-–—~][ \t]*)?$|[.!?][ \t]+$")


def _signed(text: str, start: int, end: int) -> bool:
    """A capital that signs a message: alone at the end of its line, after a sentence's end
    or on a line of its own ("... says hi. R", "- K")."""
    newline = text.find("\n", end)
    if text[end : len(text) if newline < 0 else newline].strip():
        return False
    return _SIGNED_BEFORE.search(text, max(0, start - 40), start) is not None


def _initial_cued(text: str, start: int, end: int) -> bool:
    """A cue word or a bracket before the initial, or a verb, a possessive or a colon after."""
    before = text[max(0, start - 14) : start]
    if _NOT_INITIAL_BEFORE.search(before):
        return False
    return bool(_INITIAL_BEFORE.search(before) or _INITIAL_AFTER.match(text, end, end + 16))


def _initial_letters(known: list[KnownIdentifier]) -> dict[str, int]:
    """First letters of known people's given names and surnames -> the person (-1: several)."""
    out: dict[str, int] = {}
    for index, item in enumerate(known):
        if item.kind != "person":
            continue
        words = [p.strip(".") for p in _name_parts(item.text)]
        for word in words:
            if len(word) > 1 and word.lower() not in _NAME_PARTICLES and word[0].isalpha():
                letter = fold(word[0])
                seen = out.get(letter)
                if seen is None:
                    out[letter] = index
                elif seen != index and known[seen].text.lower() != item.text.lower():
                    out[letter] = -1
    return out


# Words after which an ordinary-word name is the word: "i will", "lost hope", "a rose bush".
_WORD_BEFORE = re.compile(
    r"(?:^|\W)(?:i|he|she|we|they|you|it|pt|who|that|which|some|any|no|much|more|real|lost|"
    r"the|a|an|my|his|her|their|our|your|without)\s+$"
)


def _as_word(low: str, start: int) -> bool:
    """In a lower-case note, an ordinary-word name right after a pronoun, an article or a
    quantifier is the ordinary word ("he will", "some hope")."""
    return _WORD_BEFORE.search(low, max(0, start - 12), start) is not None


def _lower_note(text: str) -> bool:
    """Whether a note is typed (almost) without capitals, as hurried notes are."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) < 0.02 * len(letters)


def _both_people(a: KnownIdentifier, b: KnownIdentifier) -> bool:
    """Two different people share a surname or initials: neither pseudonym fits alone."""
    return a.kind == b.kind == "person" and a.text.lower() != b.text.lower()


def _initials_ok(low: str, start: int, end: int, form: str) -> bool:
    """Forms ending in a full stop ("S.M.") may touch the next word's space or punctuation."""
    if not form.endswith("."):
        return False
    return start == 0 or not low[start - 1].isalnum()


# 'Oluwaseun ("Seun") Adeyemi', 'Guadalupe Hernández (Lupe)', 'Elizabeth, known as Bea': a
# note that gives a nickname says so right after the name.
_NICK = r"([^\W\d_][\w'\-]{1,20})"
_DECLARED = re.compile(
    rf"[ \t]*(?:\([ \t]*[\"“'‘]?{_NICK}[\"”'’]?[ \t]*\)|[\"“]{_NICK}[\"”]"
    rf"|,?[ \t]+(?:known[ \t]+as|goes[ \t]+by|a\.?k\.?a\.?)[ \t]+[\"“'‘]?{_NICK}\b)"
)


def declared_nicknames(text: str, spans: Iterable[Span]) -> dict[str, str]:
    """Nicknames the text gives right after a known person's name: lower-case word -> the
    person's key, so every later mention (in this text and the packet's next) is theirs."""
    found: dict[str, str] = {}
    for span in spans:
        if span.source != "known" or span.kind != "person":
            continue
        match = _DECLARED.match(text, span.end)
        if match is None:
            continue
        nick = next(group for group in match.groups() if group)
        if nick[0].isupper() and not nick.isupper() and nick.lower() not in common_words():
            found.setdefault(nick.lower(), span.key)
    return found
