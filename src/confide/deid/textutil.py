"""Small text helpers shared by the detectors: offset-preserving folding and word boundaries."""

from __future__ import annotations

import re
import unicodedata

_SPACES = str.maketrans({"\n": " ", "\t": " ", "\r": " ", "\u00a0": " ", "’": "'"})
WORD_RE = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f']*")


def fold(text: str) -> str:
    """Lower-case `text` without changing its length, so offsets stay valid in the original.

    Whitespace becomes a plain space, curly apostrophes straight ones and accented letters
    plain ones, so dictionary entries match across line breaks, typographic quotes and
    "Jose" written for "José".
    """
    low = text.translate(_SPACES).lower()
    if low.isascii():
        return low
    return "".join(_fold_char(c) for c in text.translate(_SPACES))


def _fold_char(c: str) -> str:
    """One character, lower-cased and without its accent ("É" -> "e"), never longer."""
    low = c.lower()
    if len(low) != 1:
        low = c
    if low.isascii():
        return low
    base = unicodedata.normalize("NFD", low)[0]
    return base if base.isalpha() else low


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def bounded(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is not glued to letters or digits on either side."""
    if start > 0 and is_word_char(text[start - 1]):
        return False
    return not (end < len(text) and is_word_char(text[end]))


def possessive_end(text: str, end: int) -> int:
    """Where a possessive ending ("'s", "s'", "'") after text[:end] stops; `end` when none."""
    if text.startswith("'s", end) or text.startswith("’s", end):
        after = end + 2
        if after >= len(text) or not is_word_char(text[after]):
            return after
    return end


def trim_possessive(word: str) -> str:
    """'Sarah's' -> 'Sarah', "Jones'" -> 'Jones'."""
    for suffix in ("'s", "’s", "'", "’"):
        if word.lower().endswith(suffix):
            return word[: -len(suffix)]
    return word


_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")


def letter_counts(text: str) -> tuple[int, int]:
    """(upper-case, lower-case) ASCII letters in the first 4000 characters."""
    head = text[:4000]
    return len(_UPPER.findall(head)), len(_LOWER.findall(head))


def mostly_upper(text: str) -> bool:
    """An ALL CAPS note: capitalisation says nothing about names there."""
    upper, lower = letter_counts(text)
    return upper + lower > 0 and upper > 0.6 * (upper + lower)


def mostly_lower(text: str) -> bool:
    """A lower-case note: again, capitalisation cannot be trusted."""
    upper, lower = letter_counts(text)
    return upper + lower > 0 and lower > 0.93 * (upper + lower)
