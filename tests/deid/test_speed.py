"""The fast scanning paths give exactly what the plain regular expressions give."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from confide.deid import patterns
from confide.deid.folding import fold
from confide.deid.textutil import Scanner, WordScanners, letter_counts
from confide.deid.tokens import token_starting, tokenize, word_starts

_ALPHABET = "ab1234567890/-. :\nABxX'(@"


def _texts(seed: int, n: int = 200) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(0, 60))) for _ in range(n)]


@pytest.mark.parametrize(
    "first, source",
    [
        (r"\d", r"(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])"),
        (r"\d", r"(?<!\d)\d([/\-.])\d\1\d\d"),  # a backreference
        ("ab", r"\b(?:ab|ba)\w*"),
        ("A-Z", r"\b[A-Z]{1,4}(?:H|B)\b"),
        (r"\d", r"\d+"),
    ],
)
def test_scanner_matches_like_finditer(first: str, source: str) -> None:
    plain = re.compile(source)
    scanner = Scanner(first, source)
    for text in _texts(hash(source) % 1000):
        want = [(m.span(), m.groups()) for m in plain.finditer(text)]
        assert [(m.span(), m.groups()) for m in scanner.finditer(text)] == want
        first_hit = plain.search(text)
        got = scanner.search(text)
        assert (got and got.span()) == (first_hit and first_hit.span())


@pytest.mark.parametrize(
    "first, source",
    [
        ("ab", r"\b(?:ab|ba)\w*"),
        ("AB", r"\b[AB][a-z]+ \d"),
        ("a", r"\ba(?:b|1)?"),
    ],
)
def test_word_scanner_matches_like_finditer(first: str, source: str) -> None:
    """A scanner told that its matches start words tries only the places after a non-word
    character (and the very start) and still finds every match."""
    plain = re.compile(source)
    scanner = Scanner(first, source, word=True)
    for text in _texts(len(source)):
        assert [m.span() for m in scanner.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]


def test_grouped_patterns_match_each_pattern_alone() -> None:
    """One pass per group of patterns finds what each pattern's own finditer finds."""
    rnd = random.Random(7)
    pieces = [
        "3/4/2024", " 410-555-1212", " 12/5", " ", "Apt 4", "MRN 123456", "2024-03-04", "a",
        "\n", "555.1212", "x1234", "192.168.0.1", " 1 Main Street", "Dec 4", "PSV 10/5",
    ]  # fmt: skip
    for _ in range(300):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12)))
        low = text.lower()
        want = set()
        for p in patterns.ALL_PATTERNS:
            if p.needs and not any(n in low for n in p.needs):
                continue
            read = low if p.folded else text
            if p.gate and not patterns._GATES[p.gate](read, word_starts(text)):
                continue
            for m in p.regex.finditer(low if p.folded else text):
                start, end = m.span(p.group)
                value = text[start:end]
                if p.check is not None and not p.check(value):
                    continue
                if p.context is not None and not p.context(text, start, end):
                    continue
                if p.name == "street" and patterns._UNITS.match(value):
                    continue
                want.add((start, end, p.name))
        got = {(s.start, s.end, s.source) for s in patterns.find_patterns(text)}
        assert got == want, text


def test_letter_counts() -> None:
    assert letter_counts("Hello WORLD 123 é") == (6, 4)
    assert letter_counts("") == (0, 0)


def test_word_scanners_together_match_each_alone() -> None:
    sources = [("ab", r"\b(?:ab|ba)\w*"), ("a", r"\ba(?:b|1)?"), ("b", r"\bb[a1]+")]
    scanners = [Scanner(first, source, word=True) for first, source in sources]
    together = WordScanners(scanners)
    for text in _texts(11):
        got = together.run(text, [True, False, True])
        assert [m.span() for m in got[0]] == [m.span() for m in scanners[0].finditer(text)]
        assert got[1] == []
        assert [m.span() for m in got[2]] == [m.span() for m in scanners[2].finditer(text)]


def test_token_starting() -> None:
    tokens = tokenize("Seen by Dr. Hulse today.")
    assert token_starting(tokens, 12) == 3
    assert token_starting(tokens, 13) is None
    assert token_starting(tokens, 999) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_folding_through_the_table_matches_folding_each_character(text: str) -> None:
    from confide.deid.folding import _SPACES, _fold_char

    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "".join(_fold_char(c) for c in text.translate(_SPACES))


def _tokens_line_by_line(text: str) -> list[tuple[int, int, str, str, str]]:
    """The reference the fast tokenizer must equal: every line on its own, its case decided
    by its own letters when it is long, the document's case otherwise."""
    upper, lower = letter_counts(text)
    total = upper + lower
    doc = "upper" if total and upper > 0.6 * total else "mixed"
    if total and lower > 0.93 * total:
        doc = "lower"
    out = []
    pos = 0
    for line in text.splitlines(keepends=True) if "\r" not in text else [text]:
        case = doc
        if doc == "mixed":
            up, low = letter_counts(line)
            long_upper = up + low >= 24 and up > 0.6 * (up + low)
            case = "upper" if long_upper else "mixed"
        for match in re.finditer(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f']*", line):
            word = match.group().rstrip("'")
            if word.lower().endswith("'s"):
                word = word[:-2].rstrip("'")
            if word:
                out.append((pos + match.start(), pos + match.start() + len(word), word, case))
        pos += len(line)
    return [(s, e, w, w.lower(), c) for s, e, w, c in out]


_NOTE_PIECES = [
    "seen today", "PLAN:", "FOLLOW UP WITH PATIENT IN CLINIC NEXT WEEK", "\n", "\n\n", " ",
    "Sarah's mum", "O'Brien", "called 555-1212", "José", "MRN 12345", ".", "DR SMITH",
    "pt reports low mood", "ASSESSMENT AND PLAN REVIEWED WITH SUPERVISOR TODAY\n",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NOTE_PIECES), max_size=30))
def test_tokenize_by_regions_matches_line_by_line(pieces: list[str]) -> None:
    """Lines of one case are tokenized together, long ALL CAPS lines alone: the words, their
    offsets and each word's trusted case are what tokenizing line by line gives."""
    text = "".join(pieces)
    got = [(t.start, t.end, t.word, t.low, t.case) for t in tokenize(text)]
    assert got == _tokens_line_by_line(text)
    for n, tok in enumerate(tokenize(text)):  # the text since the word before, across lines
        assert text[tok.start - len(tok.gap) : tok.start] == tok.gap
        assert n or len(tok.gap) == tok.start


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_folding_an_ascii_note_through_bytes_matches_folding_as_text(text: str) -> None:
    """An ASCII note folds byte by byte: lower case, each line break or tab a space."""
    want = text.lower().replace("\n", " ").replace("\t", " ").replace("\r", " ")
    assert fold(text) == want
    assert fold(text + "’") == want + "'"  # the text path, for a note that is not ASCII


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ’é É\nx-Ω", max_size=50))
def test_letter_counts_count_only_ascii_letters(text: str) -> None:
    """Accented letters, curly quotes and other scripts never count as upper or lower case."""
    note = text * 100  # past the 4000 characters read
    head = note[:4000]
    want = (
        sum(c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for c in head),
        sum(c in "abcdefghijklmnopqrstuvwxyz" for c in head),
    )
    assert letter_counts(note) == want
