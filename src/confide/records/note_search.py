"""Full-text search over note text, which is sealed at rest: the database cannot look inside,
so the caller (`records.access.search_notes`) decrypts only the segments the clinician may see
and this module matches them in Python.

Matching is by words, casefolded and accent-free ("Zoë" finds "zoe"); every word of the query
must appear somewhere in the note's visible text (prefixes count: "argu" finds "arguing").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from confide.blindindex import fold

MAX_TERMS = 8
MIN_TERM = 2
SNIPPET = 80
WORD = re.compile(r"\w+")


def terms(query: str) -> list[str]:
    """The query's words, folded, short ones dropped, at most MAX_TERMS."""
    found = [w for w in WORD.findall(fold(query)) if len(w) >= MIN_TERM]
    return list(dict.fromkeys(found))[:MAX_TERMS]


@dataclass
class Matcher:
    """Whether a note's visible text holds every term, and a snippet around the first hit."""

    words: list[str]

    def __post_init__(self) -> None:
        self._patterns = [re.compile(r"\b" + re.escape(w)) for w in self.words]

    def matches(self, folded: str) -> bool:
        return bool(self.words) and all(p.search(folded) for p in self._patterns)

    def snippet(self, text: str) -> str:
        """A short extract of the plain text around the first term (fold keeps positions
        close enough for an extract; it is never used to locate data)."""
        folded = fold(text)
        hit = self._patterns[0].search(folded) if self._patterns else None
        start = max(0, (hit.start() if hit else 0) - SNIPPET // 2)
        extract = text[start : start + SNIPPET].strip()
        prefix = "…" if start else ""
        suffix = "…" if start + SNIPPET < len(text) else ""
        return f"{prefix}{extract}{suffix}"
