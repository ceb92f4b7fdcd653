"""Normalising names and dates for the keyed blind index (pure: no Django, no keys).

Identity fields are encrypted with a fresh nonce each time, so the database cannot compare
them. What it can compare is a keyed digest (HMAC-SHA256, see `KeyRing.blind`) of each
normalised token: "Sarah Miller", "miller", "MILLER" and "Miller," all give the same tokens,
so the same digests. Whole tokens only: a substring such as "mil" is not searchable, because
indexing every prefix would let anyone with the database count name lengths and shared
prefixes. Without the index key the digests say nothing about the names.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_APOSTROPHES = str.maketrans("", "", "'\u2019\u02bc`")
_NOT_WORD = re.compile(r"[\W_]+")  # any script's letters and digits stay
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%m-%d-%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d %Y",
    "%B %d %Y",
)
_DATE_LIKE = re.compile(
    r"\b(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/-]\d{1,2}[/-]\d{4}|\d{1,2} [A-Za-z]{3,9},? \d{4}"
    r"|[A-Za-z]{3,9} \d{1,2},? \d{4})\b"
)


def fold(text: str) -> str:
    """Casefolded, accents stripped (NFKD then combining marks dropped)."""
    # Decompose before and after casefolding: a compatibility character (U+210C) may
    # decompose to a capital, and casefolding may yield characters that decompose.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_tokens(text: str) -> list[str]:
    """Distinct normalised tokens of a name, in order: "O'Brien-Núñez" -> ["obrien", "nunez"].

    Apostrophes join (O'Brien is one name), any other punctuation separates."""
    words = _NOT_WORD.sub(" ", fold(text).translate(_APOSTROPHES)).split()
    return list(dict.fromkeys(words))


def parse_date(text: str) -> dt.date | None:
    """A date of birth as a user types it: 1990-04-02, 4/2/1990, 2 Apr 1990, Apr 2, 1990."""
    cleaned = " ".join(text.replace(",", " ").split())
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def split_query(query: str) -> tuple[list[str], dt.date | None]:
    """A search box's text as (name tokens, date of birth): "Miller 4/2/1990" gives both.

    A date-like part that is not a real date stays as name tokens, so it matches nothing
    rather than being dropped silently."""
    born = None
    match = _DATE_LIKE.search(query)
    if match:
        born = parse_date(match.group(0))
        if born is not None:
            query = query[: match.start()] + " " + query[match.end() :]
    return name_tokens(query), born


def date_token(born: dt.date) -> str:
    return born.isoformat()
