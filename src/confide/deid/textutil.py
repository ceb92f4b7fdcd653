"""Small text helpers shared by the detectors: offset-preserving folding and word boundaries."""

from __future__ import annotations

import re
from collections.abc import Iterator

from confide.deid import firstwords
from confide.deid.firstwords import WordStarts
from confide.deid.folding import fold as fold  # re-exported: the detectors' one import


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def bounded(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is not glued to letters or digits on either side."""
    if start > 0 and is_word_char(text[start - 1]):
        return False
    return not (end < len(text) and is_word_char(text[end]))


def trim_possessive(word: str) -> str:
    """'Sarah's' -> 'Sarah', "Jones'" -> 'Jones'."""
    for suffix in ("'s", "’s", "'", "’"):
        if word.lower().endswith(suffix):
            return word[: -len(suffix)]
    return word


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = _UPPER.lower()
_UPPER_BYTES = _UPPER.encode()
_LOWER_BYTES = _LOWER.encode()


def letter_counts(text: str) -> tuple[int, int]:
    """(upper-case, lower-case) ASCII letters in the first 4000 characters."""
    last = _LAST_COUNTS
    if last[0] is text:
        return last[1]
    # only ASCII letters count, so the other characters are dropped first; bytes.translate
    # then deletes in one C loop, no per-letter calls (52 str.count passes cost 5x more)
    raw = text[:4000].encode("ascii", "ignore")
    size = len(raw)
    counts = (
        size - len(raw.translate(None, _UPPER_BYTES)),
        size - len(raw.translate(None, _LOWER_BYTES)),
    )
    globals()["_LAST_COUNTS"] = (text, counts)  # one tuple, swapped whole: safe across threads
    return counts


_LAST_COUNTS: tuple[str | None, tuple[int, int]] = (None, (0, 0))


def mostly_upper(text: str) -> bool:
    """An ALL CAPS note: capitalisation says nothing about names there."""
    upper, lower = letter_counts(text)
    return upper + lower > 0 and upper > 0.6 * (upper + lower)


class Scanner:
    """A regex whose matches can only start with one of the characters `first`, searched
    fast: the trigger opens with that character class, so the regex engine skips in C to the
    candidates, and the whole pattern is tried only there (a lookahead inside a one-character
    lookbehind). `finditer` gives the same leftmost, non-overlapping matches as the plain
    regex's own `finditer`, at a fraction of the cost on long texts.

    `word`: every match starts a word (the source opens with `\\b` and a letter), so the
    candidates are the characters after a space, found by the engine's fast literal search,
    or after another non-word character (rarer still): far fewer tries than every letter.

    `fresh`: no match starts right after a digit (each member opens with a lookbehind that
    refuses one), so the trigger fires once per run of digits instead of at every digit: the
    lookbehind costs one comparison, the full lookahead it saves costs a try of every member.

    Given the note's `WordStarts`, a pattern that opens with a word boundary is tried only at
    the words its `keys` say it can open with (see `firstwords`): no pass over the text."""

    __slots__ = ("first", "keys", "loose", "others", "regex", "spaces", "trigger")

    def __init__(
        self, first: str, source: str, flags: int = 0, word: bool = False, fresh: bool = False
    ) -> None:
        self.first = first
        self.regex = re.compile(source, flags)
        self.keys = firstwords.want(firstwords.keys(source, flags))
        # a backreference cannot sit in a lookbehind: any character stands in for it there
        self.loose = re.sub(r"\\\d", ".", source)
        if flags & re.MULTILINE:
            self.loose = f"(?m:{self.loose})"
        guard = "(?<![0-9].)" if fresh else ""
        self.trigger = re.compile(f"[{first}]{guard}(?<=(?={self.loose}).)", flags)
        self.spaces: re.Pattern[str] | None = None
        self.others: re.Pattern[str] | None = None
        if word:
            self.spaces = re.compile(f" (?=[{first}])(?={self.loose})", flags)
            self.others = re.compile(f"[^ A-Za-z0-9_](?=[{first}])(?={self.loose})", flags)

    def candidates(self, text: str, starts: WordStarts | None = None) -> list[int]:
        """Every position where a match may start (a superset of the match starts), in
        order (a list: a generator's frame costs more than the list on these hot paths)."""
        if starts is not None and self.keys is not None:
            return starts.of(self.keys)
        if self.spaces is None or self.others is None:
            return [hit.start() for hit in self.trigger.finditer(text)]
        found = [h.end() for h in self.spaces.finditer(text)]
        found += [h.end() for h in self.others.finditer(text)]
        found.sort()
        return [0, *found]

    def finditer(self, text: str, starts: WordStarts | None = None) -> Iterator[re.Match[str]]:
        match = self.regex.match
        last = 0
        for pos in self.candidates(text, starts):
            if pos < last:
                continue
            found = match(text, pos)
            if found is not None:
                last = max(found.end(), pos + 1)
                yield found

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        for start in self.candidates(text):
            if start >= pos:
                found = self.regex.match(text, start)
                if found is not None:
                    return found
        return None


class WordScanners:
    """Word-start `Scanner`s searched together: one pass over the spaces and one over the
    other non-word characters for all of them, then each member tried where some member may
    start. `run` gives each member's matches as its own `finditer` would (or none when told
    to skip it)."""

    __slots__ = ("others", "scanners", "spaces")

    def __init__(self, scanners: list[Scanner]) -> None:
        self.scanners = scanners
        first = "".join(sorted({s.first for s in scanners}))
        alternatives = "|".join(f"(?=[{s.first}])(?:{s.loose})" for s in scanners)
        self.spaces = re.compile(f" (?=[{first}])(?={alternatives})")
        self.others = re.compile(f"[^ A-Za-z0-9_](?=[{first}])(?={alternatives})")

    def run(
        self, text: str, wanted: list[bool], words: WordStarts | None = None
    ) -> list[list[re.Match[str]]]:
        out: list[list[re.Match[str]]] = [[] for _ in self.scanners]
        if not any(wanted):
            return out
        if words is not None and all(s.keys is not None for s in self.scanners):
            return [
                list(s.finditer(text, words)) if w else []
                for s, w in zip(self.scanners, wanted, strict=True)
            ]
        starts = [h.end() for h in self.spaces.finditer(text)]
        starts += [h.end() for h in self.others.finditer(text)]
        starts.sort()
        matchers = [
            s.regex.match if w else None for s, w in zip(self.scanners, wanted, strict=True)
        ]
        last = [0] * len(matchers)
        for pos in [0, *starts]:
            for k, match in enumerate(matchers):
                if match is None or pos < last[k]:
                    continue
                found = match(text, pos)
                if found is not None:
                    last[k] = max(found.end(), pos + 1)
                    out[k].append(found)
        return out
