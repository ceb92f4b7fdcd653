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


_LINES = re.compile(r"[^\n]*\n?")
# One word and the text before it, in a single findall (cheaper than a match object a word).
_GAP_WORD = re.compile(r"([^A-Za-z\u00c0-\u024f]*)([A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f']*)")


def tokenize(text: str, words: WordStarts | None = None) -> list[Token]:
    """Split into words, noting per line whether capitalisation can be trusted there, and
    filing each word's start in `words` for the word-led patterns (see `firstwords`)."""
    doc_case = _case_of(text)
    tokens: list[Token] = []
    append = tokens.append
    wanted = WANTED if words is not None else frozenset()
    filed = words.at if words is not None else {}
    last_end = 0
    spans: list[tuple[int, int, Case]]
    if doc_case != "mixed":
        spans = [(0, len(text), doc_case)]
    else:
        spans = [_line_case(m.start(), m.end(), text) for m in _LINES.finditer(text) if m.group()]
    for lo, hi, case in spans:
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
                size = len(word)
                low = word.lower()
                key = low[:3]
                if key in wanted:
                    if key in filed:
                        filed[key].append(start)  # words come in text order
                    else:
                        filed[key] = [start]
                elif words is not None and not key.isascii():
                    words.add(low, start)
                append(Token(start, pos, word, low, gap, case, False, size == 1))
            last_end = pos
    return tokens


def word_starts(text: str) -> WordStarts:
    """The note's word starts alone, for a detector called without them."""
    words = WordStarts()
    tokenize(text, words)
    return words


def _line_case(start: int, end: int, text: str) -> tuple[int, int, Case]:
    """A long ALL CAPS line inside a mixed note (a header, a shouted sentence) is upper."""
    if end - start < _LINE_MODE_MIN:
        return start, end, "mixed"
    upper, lower = letter_counts(text[start:end])
    if upper + lower >= _LINE_MODE_MIN and upper > 0.6 * (upper + lower):
        return start, end, "upper"
    return start, end, "mixed"


def token_starting(tokens: list[Token], start: int) -> int | None:
    """The index of the token that starts at `start` (tokens are in text order), or None."""
    n = bisect.bisect_left(tokens, start, key=_start)
    return n if n < len(tokens) and tokens[n].start == start else None


def _start(tok: Token) -> int:
    return tok.start
