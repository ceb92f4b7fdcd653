"""Word tokens with the gaps between them: the unit the name and place heuristics reason on."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from confide.deid.firstwords import WANTED, WordStarts
from confide.deid.textutil import letter_counts, trim_possessive

Case = Literal["mixed", "upper", "lower"]
_LINE_MODE_MIN = 24  # letters a line needs before its own capitalisation is trusted


@dataclass(slots=True)  # not frozen: a frozen dataclass is several times slower to build
class Token:
    """A word; `end` stops before a possessive ending, `gap` is the text since the last word."""

    start: int
    end: int
    word: str
    low: str
    gap: str
    case: Case
    possessive: bool = False  # written with "'s" or "'" after it
    initial: bool = False  # a single letter

    @property
    def capitalised(self) -> bool:
        """Capital first letter; in an ALL CAPS or lower-case note this says nothing, so True."""
        return self.case != "mixed" or self.word[:1].isupper()


def _case_of(text: str) -> Case:
    upper, lower = letter_counts(text)
    total = upper + lower
    if total and upper > 0.6 * total:
        return "upper"
    if total and lower > 0.93 * total:
        return "lower"
    return "mixed"


# A line long enough that its own capitalisation may be trusted (shorter lines stay "mixed").
_LONG_LINE = re.compile(rf"^[^\n]{{{_LINE_MODE_MIN},}}", re.MULTILINE)
# One word and the text before it, in a single findall (cheaper than a match object a word).
_GAP_WORD = re.compile(r"([^A-Za-z\u00c0-\u024f]*)([A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f']*)")


def tokenize(text: str, words: WordStarts | None = None) -> list[Token]:
    """Split into words, noting per line whether capitalisation can be trusted there, and
    filing each word's start in `words` for the word-led patterns (see `firstwords`)."""
    tokens: list[Token] = []
    append = tokens.append
    wanted = WANTED if words is not None else frozenset()
    filed = words.at if words is not None else {}
    # a word not filed under its key is filed whole only when its key is not ASCII: none is
    # in an ASCII note, so asking each word is skipped there
    foreign = words is not None and not text.isascii()
    last_end = 0
    for lo, hi, case in _regions(text):
        pos = lo
        for skipped, word in _GAP_WORD.findall(text, lo, hi):
            start = pos + len(skipped)
            # the gap is what the regex skipped, unless a region began or a word was dropped
            gap = skipped if last_end == pos else text[last_end:start]
            pos = start + len(word)
            if "'" in word:
                if words is not None:
                    words.add(word.lower(), start)
                trimmed = trim_possessive(word).rstrip("'")
                if not trimmed:
                    continue
                size = len(trimmed)
                append(
                    Token(
                        start, start + size, trimmed, trimmed.lower(), gap, case,
                        trimmed != word, size == 1,
                    )
                )  # fmt: skip
            else:
                low = word.lower()
                key = low[:3]
                if key in wanted:
                    found = filed.get(key)
                    if found is None:
                        filed[key] = [start]
                    else:
                        found.append(start)  # words come in text order
                elif foreign and not key.isascii() and words is not None:
                    words.add(low, start)
                append(Token(start, pos, word, low, gap, case, False, pos - start == 1))
            last_end = pos
    return tokens


def word_starts(text: str) -> WordStarts:
    """The note's word starts alone, for a detector called without them."""
    words = WordStarts()
    tokenize(text, words)
    return words


def _regions(text: str) -> list[tuple[int, int, Case]]:
    """The note cut where its trusted capitalisation changes: the whole note when it is ALL
    CAPS or lower case, else runs of "mixed" lines around each long ALL CAPS line (a header,
    a shouted sentence). Only a line of `_LINE_MODE_MIN` letters can be upper, so the short
    lines are never looked at one by one, and neighbouring mixed lines share one region
    (a word never crosses a line break, so the words found are the same)."""
    doc_case = _case_of(text)
    if doc_case != "mixed":
        return [(0, len(text), doc_case)]
    regions: list[tuple[int, int, Case]] = []
    lo = 0
    for line in _LONG_LINE.finditer(text):
        upper, lower = letter_counts(line.group())
        if upper + lower >= _LINE_MODE_MIN and upper > 0.6 * (upper + lower):
            start, end = line.span()
            if start > lo:
                regions.append((lo, start, "mixed"))
            regions.append((start, end, "upper"))
            lo = end
    if lo < len(text):
        regions.append((lo, len(text), "mixed"))
    return regions


def token_starting(tokens: list[Token], start: int) -> int | None:
    """The index of the token that starts at `start` (tokens are in text order), or None."""
    n = bisect.bisect_left(tokens, start, key=_start)
    return n if n < len(tokens) and tokens[n].start == start else None


def _start(tok: Token) -> int:
    return tok.start
