"""Where word-led patterns can start, read off the words a note already has.

A pattern that opens a word ("lives in …", "pager …", "MRN …") can only match where a word
starts, and only a word that begins with one of a few letter sequences. `keys` works those
out from the regex itself (the first three letters its matches can open with, or fewer
letters and then a non-letter), and `WordStarts` files every word of a note under the same
three-letter key. A note then costs one dictionary lookup a word for all such patterns
together, instead of one regex pass over the whole text for each: the patterns are tried
only at the few words whose key they can open with.

The keys are a superset: anything the reader of a regex cannot follow (a backreference, a
class of too many letters) makes `keys` answer None, and the caller scans the text as before.
"""

from __future__ import annotations

import re
from bisect import insort
from re import _parser as sre  # type: ignore[attr-defined]  # stable since 3.11
from typing import Any

from confide.deid.folding import fold

SIZE = 3  # letters in a key
_LIMIT = 4000  # more possible keys than this: not worth indexing
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_NOT_LETTER = re.compile(r"[^a-z]")

State = tuple[str, bool]  # the letters so far; True once no more letters can follow


class _Unreadable(Exception):
    """The regex holds something the key reader does not follow."""


def keys(source: str, flags: int = 0) -> frozenset[str] | None:
    """Every key a match of `source` can open with, or None when that cannot be told (the
    caller must then try every position). Only a pattern that opens with a word boundary
    qualifies: its matches start exactly where a word does."""
    try:
        parsed = list(sre.parse(source, flags))
        if not _opens_with_boundary(parsed):
            return None
        states = _walk(parsed, {("", False)})
    except (_Unreadable, re.error, RecursionError):
        return None
    if any(not done and len(prefix) < SIZE for prefix, done in states):
        return None  # the pattern may end mid-word: any longer word could hold the match
    found = frozenset(prefix for prefix, _ in states)
    return None if "" in found else found


def _opens_with_boundary(items: list[Any]) -> bool:
    """`\\b…`, or a group or an alternation whose every branch opens so."""
    if not items:
        return False
    op, av = items[0]
    name = str(op)
    if name == "AT":
        return str(av) == "AT_BOUNDARY"
    if name == "SUBPATTERN":
        return _opens_with_boundary(list(av[-1]))
    if name == "BRANCH":
        return all(_opens_with_boundary(list(alt)) for alt in av[1])
    return False


def _walk(items: list[Any], states: set[State]) -> set[State]:
    for op, av in items:
        live = {s for s in states if not s[1]}
        if not live:
            break
        states = (states - live) | _step(op, av, live)
        if len(states) > _LIMIT:
            raise _Unreadable("too many keys")
    return states


def _step(op: Any, av: Any, states: set[State]) -> set[State]:
    """The states after one regex item; zero-width assertions constrain nothing (superset)."""
    name = str(op)
    if name == "LITERAL":
        return _advance(states, {chr(av).lower()})
    if name in ("IN", "NOT_LITERAL", "ANY"):
        return _advance(states, _class_chars(name, av))
    if name == "BRANCH":
        return set().union(*(_walk(list(alt), states) for alt in av[1]))
    if name == "SUBPATTERN":
        return _walk(list(av[-1]), states)
    if name == "ATOMIC_GROUP":
        return _walk(list(av), states)
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        return _repeat(av, states)
    if name == "AT":
        return _boundary(str(av), states)
    if name in ("ASSERT", "ASSERT_NOT"):
        return states
    raise _Unreadable(name)


def _advance(states: set[State], chars: set[str] | None) -> set[State]:
    """One character from `chars` (None: any character at all)."""
    letters = _LETTERS if chars is None else _LETTERS & chars
    other = chars is None or bool(chars - _LETTERS)
    out: set[State] = set()
    for prefix, _ in states:
        if other:
            if not prefix:
                raise _Unreadable("a match may open with a non-letter")
            out.add((prefix, True))
        for letter in letters:
            grown = prefix + letter
            out.add((grown, len(grown) >= SIZE))
    return out


def _class_chars(name: str, av: Any) -> set[str] | None:
    if name != "IN":
        return None  # any character, or all but one
    chars: set[str] = set()
    for op, value in av:
        kind = str(op)
        if kind == "LITERAL":
            chars.add(chr(value).lower())
        elif kind == "RANGE":
            low, high = value
            if high - low > 200:
                return None
            chars.update(chr(c).lower() for c in range(low, high + 1))
        elif kind == "CATEGORY" and str(value) in ("CATEGORY_DIGIT", "CATEGORY_SPACE"):
            chars.add("0")  # no letters: a non-letter stands for them all
        else:
            return None  # a negated class, \w, \S: any character
    return chars


def _repeat(av: Any, states: set[State]) -> set[State]:
    low, high, body = av
    out = set(states) if low == 0 else set()
    current = states
    for count in range(1, min(high, SIZE + 1) + 1):
        current = _walk(list(body), current)
        if count >= low:
            out |= current
    if high > SIZE + 1:
        out |= current  # every further round only adds letters beyond the key
    return out


def _boundary(where: str, states: set[State]) -> set[State]:
    """A word boundary or an end after some letters: the word stops there."""
    if where in ("AT_BOUNDARY", "AT_END", "AT_END_STRING", "AT_END_LINE"):
        return {(prefix, bool(prefix)) for prefix, _ in states}
    return states


class WordStarts:
    """Where each word of a note starts, filed under its key: the candidates for word-led
    patterns. `tokens.tokenize` fills it as it reads the words (`tokens.word_starts` builds
    one for a text: this module stays a leaf below the tokenizer), and only under the keys some
    pattern asked for (`WANTED`), so a word no pattern can open with costs one set lookup."""

    __slots__ = ("at",)

    def __init__(self) -> None:
        self.at: dict[str, list[int]] = {}

    def add(self, word: str, start: int) -> None:
        """File a word (lower-case, possibly with apostrophes inside) that starts at `start`,
        and the word boundaries after its apostrophes ("rock'n'roll", "O'Brien")."""
        at = self.at
        for piece in word.split("'"):
            if piece:
                key = _key(piece)
                if key in WANTED:
                    found = at.setdefault(key, [])
                    if not found or found[-1] < start:
                        found.append(start)
                    else:
                        insort(found, start)
            start += len(piece) + 1

    def of(self, wanted: frozenset[str]) -> list[int]:
        """Every start, in text order, of a word filed under one of the `wanted` keys."""
        at = self.at
        if len(at) < len(wanted):  # walk the smaller side: a note files few of the keys
            lists = [found for k, found in at.items() if k in wanted]
        else:
            lists = [at[k] for k in wanted if k in at]
        if not lists:
            return []
        if len(lists) == 1:
            return lists[0]
        return sorted({p for found in lists for p in found})


def _key(word: str) -> str:
    """A word's key: its first letters as folded text reads them, up to a non-letter."""
    key = word[:SIZE]
    if not key.isascii():
        key = _NOT_LETTER.split(fold(key), 1)[0]
    return key


# Every key some Scanner may open with; `Scanner` registers its own when it is made.
WANTED: set[str] = set()


def want(found: frozenset[str] | None) -> frozenset[str] | None:
    """Register `found` (a pattern's keys) so `tokenize` files the words under them."""
    if found is not None:
        WANTED.update(found)
    return found
