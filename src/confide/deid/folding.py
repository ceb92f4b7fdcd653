"""Offset-preserving folding: the one view of a note every dictionary and cue reads."""

from __future__ import annotations

import unicodedata

_SPACES = str.maketrans({"\n": " ", "\t": " ", "\r": " ", "\u00a0": " ", "’": "'"})
# The same folding for an ASCII note, one byte a byte: bytes.translate is a plain table
# lookup, about twice as fast as str.translate followed by str.lower.
_ASCII = bytes(32 if b in (9, 10, 13) else ord(chr(b).lower()) for b in range(128)) + bytes(
    range(128, 256)
)


def fold(text: str) -> str:
    """Lower-case `text` without changing its length, so offsets stay valid in the original.

    Whitespace becomes a plain space, curly apostrophes straight ones and accented letters
    plain ones, so dictionary entries match across line breaks, typographic quotes and
    "Jose" written for "José".
    """
    if text.isascii():
        return text.encode().translate(_ASCII).decode()
    low = text.translate(_SPACES).lower()
    if low.isascii():
        return low
    return text.translate(_TABLE)


class _Table(dict[int, str]):
    """Every character's folded form, worked out the first time it is met: `str.translate`
    then folds a whole note in C instead of one Python call a character."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code).translate(_SPACES))
        self[code] = folded
        return folded


_TABLE = _Table()


def _fold_char(c: str) -> str:
    """One character, lower-cased and without its accent ("É" -> "e"), never longer."""
    low = c.lower()
    if len(low) != 1:
        low = c
    if low.isascii():
        return low
    base = unicodedata.normalize("NFD", low)[0]
    return base if base.isalpha() else low
