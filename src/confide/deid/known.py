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

from confide.deid.lexicon import common_words
from confide.deid.nicknames import variants_of
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
    strength: int  # 3 exact, 2 a part or a reordering, 1 a nickname or initials
    shared: bool = False  # several known people answer to it (a family's surname)


SHARED_ROLE = "family"


def _name_parts(text: str) -> list[str]:
    return [p for p in re.split(r"[\s,]+", text.strip()) if p]


def person_variants(text: str) -> Iterator[tuple[str, int]]:
    """Surface forms of a person's name: full, parts, nicknames, 'Last, First', initials."""
    parts = [p.strip(".") for p in _name_parts(text)]
    if not parts:
        return
    yield " ".join(parts), 3
    words = [p for p in parts if len(p) > 1]
    for part in words:
        if part.lower() not in _NAME_PARTICLES:
            yield part, 2
        for piece in part.split("-"):
            if len(piece) > 1 and piece != part:
                yield piece, 2
    if len(words) >= 2:
        first, last = words[0], words[-1]
        yield f"{last}, {first}", 2
        yield f"{first} {last}", 2
        yield f"{last}s", 1  # "the Millers"
        for given in words[:-1]:
            for nick in variants_of(given):
                yield nick, 1
                yield f"{nick} {last}", 2
        for given in (first, *variants_of(first)):
            yield f"{given} {last[0]}.", 2  # "Mateo G.": a note's usual shorthand
        initials = [w[0] for w in (first, last)]
        yield "{}.{}.".format(*initials), 1
        yield "{}. {}.".format(*initials), 1
        for title in _TITLES:
            yield f"{title}. {last[0]}.", 1
            yield f"{title} {last[0]}.", 1
    elif words:
        for nick in variants_of(words[0]):
            yield nick, 1


def other_variants(text: str, kind: Kind) -> Iterator[tuple[str, int]]:
    """Surface forms of a place, organisation, phone or address: as written and shortened."""
    clean = " ".join(text.split())
    yield clean, 3
    if kind == "organization":
        for short in (_ORG_TAILS.sub("", clean), _LAST_GENERIC.sub("", clean)):
            if short != clean and len(short) > 3:
                yield short, 2
        words = re.findall(r"[^\W\d_][\w'\-]*", clean)
        if len(words) > 1:  # "Cascadia" for "Cascadia Biologics": the name without its trade
            for word in words:
                if _distinctive(word):
                    yield word, 1
    if kind == "location" and "," in clean:
        head = clean.split(",")[0].strip()
        if len(head) > 5 and any(c.isdigit() for c in head):
            yield head, 2  # the street line of a full address


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
    four letters or more, neither an ordinary word nor an organisation's generic word."""
    low = word.lower()
    return (
        len(word) >= 4 and word[0].isupper() and low not in _ORG_WORDS
        and low not in common_words()
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
            forms = (
                person_variants(item.text)
                if item.kind == "person"
                else other_variants(item.text, item.kind)
            )
            for form, strength in forms:
                key = fold(form)
                if len(key) < 2:
                    continue
                seen = best.get(key)
                if seen is None or strength > seen.strength:
                    best[key] = _Variant(key, index, strength)
                elif strength == seen.strength and seen.index != index:
                    best[key] = _Variant(
                        key, seen.index, strength, shared=_both_people(self.known[seen.index], item)
                    )
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
        return spans

    def _iter_words(self, text: str, low: str) -> Iterator[Span]:
        for end_index, variant in self._automaton.iter(low):
            end = end_index + 1
            start = end - len(variant.form)
            if not bounded(low, start, end) and not _initials_ok(low, start, end, variant.form):
                continue
            item = self.known[variant.index]
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
