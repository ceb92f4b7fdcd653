"""Postal addresses beyond the US street line: international street forms, US military
addresses, street corners, and the lines of an address block (unit, town, region, postcode).

A street line found by shape ("12 Main St", "Koskikatu 25", "Rua do Arenque 1634") anchors a
block; the block then runs on over what postal formats put after a street: a unit ("Apt. 4"),
a town, a region code, a country and a postcode, on the same line or on the next few short
lines. Every line must read wholly as such parts, so a sentence or a "Phone:" label ends it.
Street-type words follow the Universal Postal Union's addressing guides and Wikipedia's
"Street suffix" lists; only the common ones of a few languages are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from confide.deid.firstwords import WordStarts
from confide.deid.lexicon import common_words
from confide.deid.spans import PRIORITY_CONTEXT, PRIORITY_PATTERN, Span
from confide.deid.textutil import Scanner, fold

# Street-type endings glued to the street's name ("Koskikatu", "Søndergade", "Hlíðarvegur"),
# and street-type words written apart after it ("Erzsébet tér 19.", "Trenerys gate 232").
GLUED_ENDINGS = (
    "strasse", "straße", "gasse", "vej", "gade", "gata", "gatan", "katu", "kuja", "vegur",
    "braut", "stræti", "straeti", "straat", "vegen", "veien", "allee", "platz", "steig",
)  # fmt: skip
APART_WORDS = ("u.", "út", "útja", "tér", "rkp.", "utca", "gate", "str.", "terrasse", "körút")
# As the folded text reads them: searched with the town list, in its one pass.
HINTS: list[str] = [fold(e) + " " for e in GLUED_ENDINGS] + [f" {fold(w)} " for w in APART_WORDS]
_APART = frozenset(w.rstrip(".") for w in APART_WORDS)
_NOT_STREETS = frozenset({"brigade", "renegade"})

_NUMBER = re.compile(r"\d{1,5}[A-Za-z]?\b\.?")
_PARTICLES = frozenset({
    "de", "del", "dei", "della", "do", "da", "das", "dos", "di", "du", "la", "le", "van", "von",
    "der", "den", "ter", "nad", "pod", "am", "an", "u", "k",
})  # fmt: skip

# A street named by a leading street-type word: "Rua do Arenque 1634", "ul. Słowicza 10", and
# after its number, "31 Rue Al Imam Al Bakri", "63 Avenue du Golf".
_TITLE_WORD = r"(?:[A-ZÀ-ÞĀ-ſ][a-zß-ÿĀ-ſ][\w'’\-]*\.?|d[aeiou]s?|de[il]?|della|la|le|du|van|von)"
_LEADING = Scanner(
    "RAVCPu",
    r"\b(?:(?:Rua|Rue|Avenida|Calle|C/|Via|Viale|Piazza|Praça|ul\.|ulica)[ \t]+"
    rf"(?:{_TITLE_WORD}[ \t]+){{1,4}}\d{{1,5}}[A-Za-z]?\b\.?"
    rf"|(?<=\d[ ])(?:Rua|Rue|Avenue|Avenida|Calle|Via|ul\.)(?:[ \t]+{_TITLE_WORD}){{1,4}})",
    word=True,
)
# US military post (USPS Publication 28): "PSC 0413, Box 8144", "APO AA 42323", "USNS Bergman".
_MILITARY = Scanner(
    "PCUAFD",
    r"\b(?:(?:PSC|CMR|Unit)[ \t]+\d{3,5},?[ \t]+Box[ \t]+\d{3,5}|[ADF]PO[ \t]+A[AEP][ \t]+\d{5}"
    r"|USN[SV]?[ \t]+[A-Z][a-z]+)\b",
    word=True,
)
# "the corner of 35 Pentelis Str. and Waechter Turnpike": two streets, up to the sentence's end.
_CORNER = Scanner(
    "c",
    r"\bcorner[ \t]+of[ \t]+([^\n?!,;:]{3,60}?[ \t]+and[ \t]+[^\n?!;:]{2,50}?)"
    r"(?=[.?!]?[ \t]*(?:[.?!,;:](?:\s|$)|\n|$)|[.?!](?:\s|$))",
    word=True,
)
_ANCHORS = {"street", "street-number-last", "po-box", "unit", "intl-street", "military"}


def streets(text: str, words: WordStarts, hints: list[int]) -> Iterator[Span]:
    """International street lines, US military addresses and street corners."""
    for pos in hints:
        span = _street_at_hint(text, pos)
        if span is not None:
            yield span
    for match in _LEADING.finditer(text, words):
        yield Span(match.start(), match.end(), "location", "intl-street", PRIORITY_CONTEXT)
    for match in _MILITARY.finditer(text, words):
        yield Span(match.start(), match.end(), "location", "military", PRIORITY_PATTERN)
    for match in _CORNER.finditer(text, words):
        value = match.group(1)
        sides = value.split(" and ", 1)
        if len(sides) == 2 and all(_street_side(side) for side in sides):
            end = match.end(1)
            yield Span(match.start(1), end, "location", "corner", PRIORITY_CONTEXT)


def _street_side(side: str) -> bool:
    """One street of a corner: a number or a capitalised word, not 'the bed'."""
    words = side.split()
    if not words or words[0].lower() in {"the", "my", "his", "her", "their", "our", "a", "an"}:
        return False
    return any(w[0].isdigit() or w[0].isupper() for w in words)


def _street_at_hint(text: str, end_hint: int) -> Span | None:
    """`end_hint`: where a street-type ending or word stops in the text (before its space).
    The number must follow; the name runs back to its word's start and up to two more
    capitalised words on the same line."""
    number = _NUMBER.match(text, end_hint + 1)
    if number is None or text[end_hint] not in " \t":
        return None
    start = end_hint
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] in "'’-."):
        start -= 1
    word = text[start:end_hint]
    if word.rstrip(".") in _APART:
        named = _words_back(text, start, 3)
        if named == start:
            return None  # "gate 3" alone: no street's name before it
        start = named
    else:
        if len(word) < 5 or not word[0].isalpha() or word.lower() in _NOT_STREETS:
            return None
        start = _words_back(text, start, 2)
    return Span(start, number.end(), "location", "intl-street", PRIORITY_CONTEXT)


def _words_back(text: str, start: int, most: int) -> int:
    """Take up to `most` capitalised words (or particles) before `start` on the same line."""
    for _ in range(most):
        pos = start
        while pos > 0 and text[pos - 1] in " \t":
            pos -= 1
        word_end = pos
        while pos > 0 and (text[pos - 1].isalpha() or text[pos - 1] in "'’-."):
            pos -= 1
        word = text[pos:word_end]
        if not word or pos == word_end or (pos > 0 and text[pos - 1].isalnum()):
            break
        if not (word[0].isupper() or word in _PARTICLES) or word.lower() in common_words():
            break
        start = pos
    return start


# One part of what follows a street: a unit, a postcode, a region code, a town's word.
_PIECE = re.compile(
    r"(?:Apt|APT|Apartment|Suite|SUITE|Ste|Unit|Box)\.?[ \t]*#?\d{1,5}[A-Za-z]?\b"
    r"|(\d{2}-\d{3}|\d{3}[ ]\d{2}|\d{3,6}(?:-\d{3,4})?)(?![\d:/.,]\d|[\d:/])"
    r"|\([^\W\d_][^\W\d_ ]*(?:[ ][^\W\d_]+)?\)"
    r"|[^\W\d_∆][\w'’∆\-]*\.?"
)
_SEP = re.compile(r"[ \t]*,?[ \t]*")
_LINE_BREAK = re.compile(r"[ \t,]*\n(?:[ \t>?]*\n)?[ \t>?]*,?[ \t]*")
_MAX_LINES = 5


def _pieces(text: str, pos: int) -> tuple[int, bool, bool]:
    """Read address parts from `pos` to the end of its line: (where they stop, whether a
    postcode was among them, whether an ordinary word was). Stops at the first thing that is
    not such a part; `pos` itself when nothing reads."""
    end = pos
    post = ordinary = False
    limit = text.find("\n", pos)
    limit = len(text) if limit < 0 else limit
    at = pos
    count = 0
    while at < limit and count < 7:
        match = _PIECE.match(text, at, limit)
        if match is None:
            break
        value = match.group()
        if value[0].isalpha() and not value.startswith(("Apt", "APT", "Apartment", "Suite")):
            word = value.rstrip(".")
            low = word.lower()
            if not (word[0].isupper() or low in _PARTICLES or low == "nan"):
                break
            if low in common_words():
                ordinary = True
        elif match.group(1):
            post = True
        end = match.end()
        count += 1
        at = _SEP.match(text, end, limit).end()  # type: ignore[union-attr]
    return end, post, ordinary


def blocks(text: str, found: list[Span]) -> Iterator[Span]:
    """Each street line found, grown into its whole address block."""
    last = -1
    for span in sorted((s for s in found if s.source in _ANCHORS), key=lambda s: s.start):
        if span.start < last:
            continue
        start = _number_before(text, span.start)
        end = _grow(text, span.end)
        last = end
        if start < span.start or end > span.end:
            yield Span(start, end, "location", "address-block", PRIORITY_PATTERN)


_NUMBER_BEFORE = re.compile(r"(?<![\w.,:/\-])(?:\d{1,6}[ \t]+){1,2}$")


def _number_before(text: str, start: int) -> int:
    """'233 Erzsébet tér 19.': a house or building number written before the street."""
    line_start = text.rfind("\n", 0, start) + 1
    match = _NUMBER_BEFORE.search(text, max(line_start, start - 14), start)
    return match.start() if match else start


def _grow(text: str, end: int) -> int:
    """The end of the block that a street line ending at `end` opens."""
    # the rest of the street's own line: ", Mora de Rubielos, Spain 16200"
    sep = _SEP.match(text, end)
    assert sep is not None
    stop, _, ordinary = _pieces(text, sep.end())
    if stop > sep.end() and not ordinary:
        end = stop
    for _ in range(_MAX_LINES):
        brk = _LINE_BREAK.match(text, end)
        if brk is None:
            break
        stop, post, ordinary = _pieces(text, brk.end())
        line_end = text.find("\n", brk.end())
        line_end = len(text) if line_end < 0 else line_end
        if stop == brk.end():
            break
        if text[stop:line_end].strip(" \t.,?!") != "":
            if post and not ordinary:  # "Cyprus 36903? I am in ...": the postcode closes it
                end = stop
            break  # the line holds more than address parts: a sentence, a label
        if ordinary and not post and not _next_has_postcode(text, line_end):
            break
        end = stop
    return end


def _next_has_postcode(text: str, line_end: int) -> bool:
    """'Grand Rapids' before 'United States 21959': ordinary words pass when the next line
    closes the block with a postcode."""
    brk = _LINE_BREAK.match(text, line_end)
    if brk is None:
        return False
    stop, post, _ = _pieces(text, brk.end())
    return post and stop > brk.end()


# A letterhead's name line: "Stephan M Urner" heading the lines that end in an address.
_NAME_LINE = re.compile(
    r"(?m)^[ \t>?]*((?:[A-ZÀ-ÞĀ-ſ][a-zß-ÿĀ-ſ'’\-]+|[A-Z]\.?)(?:[ \t]+(?:[A-ZÀ-ÞĀ-ſ][a-zß-ÿĀ-ſ'’\-]+"
    r"|[A-Z]\.?)){1,3})[ \t]*$"
)
_BLOCK_SOURCES = {"address-block", "military", "intl-street", "street", "street-number-last"}


def name_lines(text: str, found: list[Span]) -> Iterator[Span]:
    """The person's name on the first line of a contact block whose address follows within
    a few lines: the line opens the text or follows a blank line."""
    anchors = [s.start for s in found if s.source in _BLOCK_SOURCES]
    if not anchors:
        return
    first = min(anchors)
    window_start = 0
    for _ in range(5):  # the block's top: at most five lines above the address
        window_start = text.rfind("\n", 0, max(0, window_start - 1 if window_start else first))
        if window_start < 0:
            window_start = 0
            break
    head = text[window_start:first]
    for match in _NAME_LINE.finditer(head):
        before = head[: match.start()]
        opens = window_start == 0 and not before.strip(" \t\n>?")
        if not (opens or before.endswith("\n\n") or re.search(r"\n[ \t>?]*\n[ \t>?]*$", before)):
            continue
        words = [w for w in match.group(1).split() if len(w.rstrip(".")) > 1]
        if len(words) < 2 or any(w.lower() in common_words() for w in words):
            continue
        start = window_start + match.start(1)
        yield Span(start, window_start + match.end(1), "person", "name-line", PRIORITY_CONTEXT)
        return
