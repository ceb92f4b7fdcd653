"""Which gold spans mention one of the case's known identifiers (issue 15's "1.000 of the
known identifiers and their variants").

A corpus with `known` lists what the records hold; its gold spans do not say which record a
span stands for. This module decides that on its own, without the engine's variant generator,
from the issue's list of variants: a gold span is a known mention when one of its words is a
word of a known identifier of the same kind family, as written, in any case, with a possessive
or a surname plural, a clip of three letters or more ("Kev"), a nickname from the `nicknames`
package's table (both ways), within one edit of a known word of five letters or more, or the
initials of a known person; a place, school or employer also when it is a run of whole words
of the record ("Roosevelt High" of "Roosevelt High School", the city of an address); a phone
when its last seven digits agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from confide.deid.lexicon import read_data

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "officer", "det", "judge", "coach", "prof"}
_PARTICLES = {"van", "von", "de", "der", "del", "della", "da", "di", "la", "le", "du", "st"}
_GENERIC = {
    "the", "of", "and", "school", "high", "middle", "elementary", "academy", "college",
    "university", "inc", "llc", "corp", "company", "hospital", "clinic", "center", "group",
    "street", "st", "ave", "avenue", "road", "rd", "drive", "dr", "lane", "ln", "n", "s", "e",
    "w", "north", "south", "east", "west", "apt", "unit", "suite",
}  # fmt: skip
_PERSONISH = {"person"}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    out = []
    for word in _WORD.findall(_fold(text)):
        word = re.sub(r"['’]s$", "", word)
        out.append(word)
    return out


@cache
def _nicknames() -> dict[str, frozenset[str]]:
    """Name -> names it may stand for, both ways, from the `nicknames` package's table."""
    pairs: dict[str, set[str]] = {}
    for line in read_data("nicknames.tsv").splitlines():
        if not line or line.startswith("#"):
            continue
        formal, _, nicks = line.partition("\t")
        for nick in nicks.split():
            pairs.setdefault(formal, set()).add(nick)
            pairs.setdefault(nick, set()).add(formal)
    return {k: frozenset(v) for k, v in pairs.items()}


def _one_edit(a: str, b: str) -> bool:
    """Whether a and b are at most one deletion, insertion, substitution or swap apart."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i, j = [*diff, 0, 0][:2]
        return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _person_word_matches(word: str, known: str) -> bool:
    if len(word) < 2 or word in _TITLES or known in _PARTICLES:
        return False
    if word in (known, known + "s", known + "es"):
        return True
    if len(word) >= 3 and known.startswith(word):
        return True  # a clip: "kev", "kath", "chris"
    if known in _nicknames().get(word, ()) or word in _nicknames().get(known, ()):
        return True
    return len(known) >= 5 and _one_edit(word, known)


def _initials(text: str) -> str:
    return "".join(re.findall(r"[^\W\d_]", _fold(text)))


def is_known_mention(gold_text: str, kind: str, known: Iterable[dict[str, object]]) -> bool:
    """Whether the gold span `gold_text` of `kind` names one of `known` (JSON items)."""
    items = list(known)
    words = _words(gold_text)
    if kind in _PERSONISH:
        people = [str(k["text"]) for k in items if k.get("kind", "person") == "person"]
        letters = _initials(gold_text)
        for person in people:
            parts = [p for p in _words(person) if len(p) > 1]
            if any(_person_word_matches(w, p) for w in words for p in parts):
                return True
            compact = re.sub(r"[^\w]", "", _fold(gold_text))
            capitals = gold_text.strip().upper() == gold_text.strip()
            initials = {p[0] for p in parts}
            if 1 <= len(compact) <= 3 and capitals and letters and set(letters) <= initials:
                return True  # "K.B.", "C."
        return False
    digits = re.sub(r"\D", "", gold_text)
    for item in items:
        if item.get("kind", "person") == "person":
            continue
        text = str(item["text"])
        if len(digits) >= 7 and re.sub(r"\D", "", text)[-7:] == digits[-7:]:
            return True
        record = _words(text)
        distinct = [w for w in words if w not in _GENERIC]
        if distinct and all(any(_place_word_matches(w, r) for r in record) for w in distinct):
            return True  # every telling word of the span is a word of the record
    return False


def _place_word_matches(word: str, record: str) -> bool:
    return word == record or (len(record) >= 5 and _one_edit(word, record))
