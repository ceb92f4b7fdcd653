"""Names the way hurried notes write them: lower-case sign-offs ("- k. lindqvist LCSW",
"signed d. ross") and people named after "per", "w/", "reported to", "spoke with", "cc".

A class, not a list: an initial and a surname in lower case, or a word after one of these cues
that is neither an ordinary English word nor clinical vocabulary, is a person. Organisms
("e. coli"), Latin abbreviations ("e.g.") and ordinary words are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from confide.deid import namecues
from confide.deid.lexicon import (
    CENSUS_SURNAMES_USED,
    ambiguous,
    census_given,
    census_surnames,
    clinical_terms,
    common_words,
    english_words,
    first_names,
    surnames,
)
from confide.deid.names import CREDENTIALS
from confide.deid.spans import PRIORITY_CONTEXT, Span
from confide.deid.textutil import letter_counts

_ORGANISMS = {
    "coli", "diff", "difficile", "pylori", "aureus", "aeruginosa", "pneumoniae", "faecalis",
    "faecium", "albicans", "epidermidis", "pyogenes", "influenzae", "marcescens", "cloacae",
}  # fmt: skip
_WORD = r"[^\W\d_][^\W\d_'’\-]{1,}(?:[-'’][^\W\d_]{2,})?"
# "k. lindqvist", "d.ross", "p. nakamura", optionally a second surname word
# The full stop comes first so the regex engine skips to each "." at C speed.
_INITIAL_SURNAME = re.compile(rf"\.(?<=(?<![\w./'’])[a-z]\.)[ \t]?({_WORD})(?![\w.])")
# "sam w.", "leslie k." after a cue or at a line's start
_NAME_INITIAL = re.compile(rf"(?<![\w.])({_WORD})[ \t]([a-z])\.(?=\s|$|[,;)])")
# Cue words, found with str.find on the lower-cased text (far cheaper than one regex pass).
_CUES = ("per ", "w/", "reported to ", "spoke to ", "spoke with ", "cc ", "cc: ", "signed ",
         "signed: ", "co-leader ", "coleader ", "co-facilitator ", "cofacilitator ",
         "supervised by ", "supervisor: ", "referred by ", "consulted with ",
         "discussed with ", "reviewed with ", "covering for ", "cosigned ", "co-signed ",
         "attn ", "attn: ", "writer: ", "clinician: ", "therapist: ")  # fmt: skip
# "leslie k", "sam t": a given name and an initial without its full stop, after a cue
_NAME_LETTER = re.compile(rf"(?<![\w.])({_WORD})[ \t]([b-hj-z])(?=[ \t]*(?:$|[\n,;:)]|[ \t]\w))")
# "will h. 3/3", "Sam W.": a line that opens with a given name and an initial
_LINE_NAME = re.compile(rf"[ \t]*({_WORD})[ \t]([A-Za-z])\.(?=\s|$|[,;)])")
_DASHES = ("--", "—", "–")
_CUED_INITIAL = re.compile(rf"[A-Za-z]\.[ \t]?({_WORD})(?![\w.])")
_TITLE_WORDS = {"dr", "mr", "mrs", "ms", "mx", "miss", "nurse", "rn", "np"}


def _credential(word: str) -> bool:
    return word.lower() in CREDENTIALS


def _ordinary(word: str) -> bool:
    low = word.lower()
    return (
        low in english_words() or low in common_words() or low in clinical_terms()
        or low in _ORGANISMS or low in ambiguous()
    )  # fmt: skip


def _common(word: str) -> bool:
    return word.lower() in common_words()


@cache
def _census_names() -> frozenset[str]:
    return census_given() | frozenset(census_surnames()[:CENSUS_SURNAMES_USED])


def _name_like(word: str) -> bool:
    """A given name or surname the Census lists (not a clinical or everyday function word),
    or a capitalised word that is no ordinary word ("Oluwaseun"). ALL CAPS is an abbreviation."""
    low = word.lower()
    if word.isupper() or low in common_words() or low in clinical_terms():
        return False
    if _ordinary(word):
        return word[0].isupper() and not word.isupper() and low in _census_names()  # "per Dale"
    return low in _census_names() or word[0].isupper()


# "tomasz wroblewski (43)", "declan fitzgerald-moura, 38, court-referred": an age after a name
# It opens with "(" or ",", so the regex engine skips to those at C speed.
_AGE = re.compile(r"\(\d{1,2}\)|,[ \t]*\d{1,2}[ \t]*(?:,|;|\.|y/?o\b|yrs?\b|years?\b)")
_LINE_INITIALS = re.compile(r"[ \t]*-[ \t]*([a-z]{2,3}|[A-Z]{2,3})[ \t]*(?:\n|$)")
_CALENDAR = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "wed", "thu", "fri", "sat", "sun", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}  # fmt: skip
_NOT_INITIALS = {"ok", "na", "tbd", "nka", "prn", "etc", "yes", "no", "end"}


def _name_word(word: str) -> bool:
    """A word of a name: a listed name, or no dictionary word and shaped like a name."""
    low = word.lower().strip("'’")
    if len(low) < 2 or low in namecues._not_names() or low in _CALENDAR:
        return False
    if low in first_names() or low in surnames():
        return True
    pieces = low.split("-")
    return all(p.isalpha() and p not in english_words() for p in pieces) and (
        sum(c in "aeiouy" for c in low) >= 2 or "-" in low
    )


def aged(text: str) -> Iterator[Span]:
    """'intake, reginald castellano ("Reggie"), 52', 'tomasz wroblewski (43) and anaya
    begay-wróblewski (41)': up to four name words right before an age."""
    for match in _AGE.finditer(text):
        end = match.start()
        while end > 0 and text[end - 1] in " \t":
            end -= 1  # "wroblewski (43)"
        if end > 0 and text[end - 1] == ")":
            opened = text.rfind("(", max(0, end - 30), end)
            if opened < 0:
                continue
            end = opened  # a nickname in brackets: the name before it
            while end > 0 and text[end - 1] in " \t":
                end -= 1
        if end == 0 or not text[end - 1].isalpha():
            continue  # "bp 120/80, 12,": no word right before the age
        words = re.findall(r"[^\W\d_][\w'’\-]*", text[max(0, end - 80) : end])
        before = text[max(0, end - 80) : end].rstrip(" \t")
        if not words or not before.endswith(words[-1]):
            continue
        taken = _name_run(words[-4:])
        if taken == 0 or (taken == 1 and words[-1].lower() in first_names() | surnames()):
            continue  # one listed word before an age: the lists' work, not this cue's
        start = before.rfind(" ".join(words[-taken:])) if taken == 1 else -1
        if start < 0:
            start = _start_of(before, words[-taken:])
        if start >= 0:
            offset = max(0, end - 80)
            yield Span(offset + start, offset + len(before), "person", "aged", PRIORITY_CONTEXT)


_NOT_AGED = {
    "client", "patient", "pt", "clt", "male", "female", "man", "woman", "boy", "girl", "adult",
    "child", "teen", "intake", "age", "aged", "dob", "score", "total", "room", "unit", "grade",
    "session", "sessions", "week", "weeks", "day", "days", "years", "yrs", "mg", "dose",
}  # fmt: skip


def _name_run(words: list[str]) -> int:
    """How many of the last `words` make a name: name words, or everyday words the lists do
    not hold inside a run that opens with a name word ("reginald castellano")."""
    opener = 0
    for n, word in enumerate(reversed(words)):
        low = word.lower()
        if low in _NOT_AGED or low in common_words() or low in namecues._not_names():
            break
        if _name_word(word):
            opener = n + 1
        elif not (low.replace("-", "").isalpha() and word.islower() == words[-1].islower()):
            break
    return opener


def _start_of(before: str, words: list[str]) -> int:
    """Where the run of `words` ending `before` starts (words may be joined by spaces)."""
    pos = len(before)
    for word in reversed(words):
        at = before.rfind(word, 0, pos)
        if at < 0:
            return -1
        pos = at
    return pos


def sign_initials(text: str) -> Iterator[Span]:
    """'- ra', '- jfl', '- MHE' alone on a line: a clinician's initials as a sign-off."""
    at = text.find("-")
    while at >= 0:
        line_start = text.rfind("\n", 0, at) + 1
        if not text[line_start:at].strip():
            match = _LINE_INITIALS.match(text, at - 0)
            if match is None and at > line_start:
                match = None
            if match is not None and match.group(1).lower() not in _NOT_INITIALS:
                word = match.group(1).lower()
                if word not in common_words():
                    yield Span(match.start(1), match.end(1), "person", "signoff", PRIORITY_CONTEXT)
        at = text.find("-", at + 1)


def find(text: str) -> Iterator[Span]:
    """Lower-case initial-and-surname names, and names after a cue word."""
    yield from aged(text)
    if "-" in text:
        yield from sign_initials(text)
    for match in _INITIAL_SURNAME.finditer(text):
        surname = match.group(1)
        # "tomasz w. lpc": the credential is no surname
        if surname.islower() and not _ordinary(surname) and len(surname) >= 3:
            if _credential(surname):
                continue
            yield Span(match.start() - 1, match.end(), "person", "signoff", PRIORITY_CONTEXT)
    low = text.lower()
    for at in _cue_ends(low):
        yield from _after_cue(text, at)
    upper, lower = letter_counts(text)
    if lower > 0.9 * (upper + lower):  # hurried lower-case notes open lines with a name
        yield from _line_names(text)


def _line_names(text: str) -> Iterator[Span]:
    """'will h. 3/3 sess 4', 'Sam W.' alone on a line: a note or sign-off opening with a given
    name and an initial (a given name that is a word too counts here: the initial marks it)."""
    at = 0
    while at >= 0:
        match = _LINE_NAME.match(text, at)
        if match is not None:
            word = match.group(1).lower()
            if word in ambiguous() or (word in census_given() and word not in common_words()):
                yield Span(match.start(1), match.end(), "person", "signoff", PRIORITY_CONTEXT)
        at = text.find("\n", at)
        if at >= 0:
            at += 1


def _cue_ends(low: str) -> Iterator[int]:
    """Where the text after each cue word starts."""
    for cue in _CUES:
        at = low.find(cue)
        while at >= 0:
            if at == 0 or not low[at - 1].isalnum():
                end = at + len(cue)
                while end < len(low) and low[end] in " \t":
                    end += 1
                yield end
            at = low.find(cue, at + 1)
    for dash in _DASHES:
        at = low.find(dash)
        while at >= 0:
            line_start = low.rfind("\n", 0, at) + 1
            end = at + len(dash)
            if not low[line_start:at].strip() and end < len(low) and low[end] in " \t":
                yield end + 1
            at = low.find(dash, end)


def _after_cue(text: str, at: int) -> Iterator[Span]:
    """A name right after a cue: "per dale", "w/ j. okafor", "reported to terry", "sam w."."""
    rest = text[at : at + 60]
    dotted = _CUED_INITIAL.match(rest)
    if dotted is not None:  # "per d. ross", "w/ j. okafor": a surname the Census lists too
        surname = dotted.group(1).lower()
        if surname in _census_names() and surname not in common_words() | clinical_terms():
            yield Span(at, at + dotted.end(), "person", "signoff", PRIORITY_CONTEXT)
            return
    words = re.match(rf"(?:(?:dr|mr|mrs|ms|mx)\.?[ \t]+)?({_WORD})", rest, re.IGNORECASE)
    if words is None:
        return
    word = words.group(1)
    start = at + words.start(1)
    if word.lower() in _TITLE_WORDS or len(word) < 3 or word.lower() in _CALENDAR:
        return
    initial = _NAME_INITIAL.match(text, start)
    if initial is not None and initial.group(1) == word and word.lower() not in common_words():
        yield Span(start, initial.end(), "person", "signoff", PRIORITY_CONTEXT)  # "sam w."
        return
    letter = _NAME_LETTER.match(text, start)
    if letter is not None and letter.group(1).lower() in census_given() and not _common(word):
        yield Span(start, letter.end(), "person", "signoff", PRIORITY_CONTEXT)  # "leslie k"
        return
    if not _name_like(word):
        return
    end = start + len(word)
    if (nxt := re.match(rf"[ \t]+({_WORD})", text[end : end + 30])) and not _ordinary(nxt.group(1)):
        end += nxt.end()
    yield Span(start, end, "person", "signoff", PRIORITY_CONTEXT)
