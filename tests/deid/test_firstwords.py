"""Word-led patterns tried only at the words they can open with find what a full scan finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from confide.deid import patterns, places
from confide.deid.firstwords import keys
from confide.deid.textutil import Scanner, fold
from confide.deid.tokens import word_starts


def test_keys_of_a_word_list() -> None:
    assert keys(r"\b(?:lives|living|moved)\s+in") == {"liv", "mov"}


def test_short_words_keep_their_end() -> None:
    """'on' followed by a space: only the word 'on' itself, never 'one' or 'only'."""
    assert keys(r"\b(?:on|by)\s+\d") == {"on", "by"}


def test_case_is_folded() -> None:
    assert keys(r"\bSt\.?\s+[A-Z]") == {"st"}
    assert keys(r"\b(?i:mrn)\b") == {"mrn"}


def test_optional_letters_give_every_opening() -> None:
    assert keys(r"\bp\.?\s?o\.?\s*box") == {"p", "po", "pob"}


@pytest.mark.parametrize(
    "source",
    [
        r"(?<!\d)\d{3}",  # opens with a digit, not a word boundary
        r"\b\w+ing",  # any letter: every word is a candidate, nothing to index
        r"\b[A-Z]{1,4}(?:H|MC|HC)\b",  # too many openings to be worth filing
        r"\b(?:ab|cd)",  # may end before three letters: a longer word could hold it
        r"(a)\b\1",  # a backreference first
    ],
)
def test_unreadable_or_unselective_patterns_are_scanned(source: str) -> None:
    assert keys(source) is None


def test_words_are_filed_by_key_with_apostrophe_boundaries() -> None:
    """A word boundary after an apostrophe inside a word ('rock'n'roll', "O'Brien's") is a
    place a word-led pattern can start, so it is filed too."""
    scanner = Scanner("onrbs", r"\b(?:on|n|roll|brien|s)\b")
    text = "Lives on; rock'n'roll on O'Brien's lot."
    words = word_starts(text)
    assert words.of(frozenset({"on"})) == [6, 22]
    assert words.of(frozenset({"n", "rol"})) == [15, 17]
    assert words.of(frozenset({"bri", "s"})) == [text.index("Brien"), text.index("s lot")]
    assert [m.group() for m in scanner.finditer(text, words)] == [
        m.group() for m in scanner.regex.finditer(text)
    ]


_WORD_LED = [
    places._CUE_PLACE, places._MOTION, places._WARD, places._TOWN_WORD, places._TRAVEL,
    places._HOLY, places._CUE_ORG, places._LOWER_ACRONYM, places._SAINTS, places._UNIVERSITY,
    places._WARD_LINE, places._CUE_ORG_LOWER, patterns._MONTH_WORD,
]  # fmt: skip
_PIECES = [
    "lives in", "Lives In ", "moved to", "on", "one", "at", "to", "St. ", "ST ", "Saint ",
    "from", "Jan", "jan.", "December", "dec", "U of ", "works at", "employed by", "plan:",
    "on 12 West 4", "per Bayside 3", "Dr. O'Brien", "o'neil", "rock'n'roll", "José", "é",
    "_", "5", "x", " ", "\n", "\t", ".", ",", "'", "’", "(", "-", "in", "near", "Boston",
    "grew up in", "business", "holy", "good", "arrived", "flew to", "back to", "admitted",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25), st.sampled_from(_WORD_LED))
def test_indexed_scan_matches_a_full_scan(pieces: list[str], scanner: Scanner) -> None:
    text = "".join(pieces)
    assert scanner.keys is not None
    words = word_starts(text)
    for source in (text, fold(text)):
        want = [m.span() for m in scanner.regex.finditer(source)]
        assert [m.span() for m in scanner.finditer(source, words)] == want


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abonstéO'’_5 .\n", max_size=40))
def test_indexed_scan_matches_on_any_text(text: str) -> None:
    scanner = Scanner("abos", r"\b(?:on|at|so|bob|sto)\b")
    words = word_starts(text)
    for source in (text, fold(text)):
        want = [m.span() for m in re.finditer(scanner.regex, source)]
        assert [m.span() for m in scanner.finditer(source, words)] == want
