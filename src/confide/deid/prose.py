"""Places and people named after a plain-prose cue, in any script.

"We moved here from Kenosha", "I'm in Flateyri for work", "she flew to ΛΕΥΚΩΣΙΑ": a
capitalised word right after a verb of moving or staying is a place. "says Joly.",
"Directed by: Lukas Ostermann", "What's your last name? Magnusson", "Hi Manlio,": the
capitalised words after a cue of naming are a person. Only in mixed-case text, where a
capital means something; ordinary words and ward words are never taken.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from confide.deid.firstwords import WordStarts
from confide.deid.lexicon import common_words
from confide.deid.spans import PRIORITY_CONTEXT, PRIORITY_GUESS, Kind, Span
from confide.deid.textutil import Scanner, mostly_upper

# Up to three capitalised words (any script; the capitals are checked in Python).
_WORDS = r"([^\W\d_][\w'’\-]*(?:[ \t]+[^\W\d_][\w'’\-]*){0,2})"
_PLACE_CUE = Scanner(
    "mcrIiWwofl",
    r"\b(?:(?:moved|moving|came|relocated)[ \t]+(?:here[ \t]+|over[ \t]+)?from|"
    r"(?:I[ \t]+am|I'm|I’m|we[ \t]+are|we're|we’re)[ \t]+(?:now[ \t]+)?in|"
    r"originally[ \t]+from|(?:flew|flying)[ \t]+(?:back[ \t]+)?to|years?[ \t]+in)[ \t]+" + _WORDS,
    word=True,
)
# Cue words are chosen to be rare in notes: each occurrence of a cue's first word costs a try.
_PERSON_CUE = Scanner(
    "sdnHhD",
    r"\b(?:(?:says|said)[ \t]+(?=[^\W\d_][\w'’\-]*(?:[ \t]+[^\W\d_][\w'’\-]*)?[ \t]*[.!,]"
    r"(?:\s|$))|"
    r"directed[ \t]+by:?[ \t]*|"
    r"(?:(?<=last )|(?<=first )|(?<=full )|(?<=given ))name\??[ \t]*(?:is[ \t]+|:[ \t]*)?|"
    r"name[ \t]+on[ \t]+the[ \t]+account\??[ \t]*(?:User:[ \t]*)?|"
    r"(?:Hi|Hello|Dear|Hey)[ \t]+(?=[^\W\d_][\w'’\-]*[ \t]*[,!]))" + _WORDS,
    re.IGNORECASE,
    word=True,
)
# Words a cue may catch that name no place or person: wards, the clinic's own places.
_NOT_NAMES = frozenset({
    "icu", "ccu", "er", "ed", "or", "rehab", "hospital", "therapy", "treatment", "session",
    "school", "college", "class", "group", "court", "jail", "prison", "town", "the", "my",
    "our", "his", "her", "their", "a", "an", "this", "that", "pain", "bed", "tears", "love",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "user", "bot", "hello", "hi", "thanks", "yes", "no",
    "okay", "ok", "sorry", "goodbye", "bye", "nothing", "everyone", "everybody", "god",
})  # fmt: skip


def cued(text: str, words: WordStarts) -> Iterator[Span]:
    """Places and people after prose cues, in a mixed-case text."""
    if mostly_upper(text):
        return
    for match in _PLACE_CUE.finditer(text, words):
        yield from _capitalised(text, match, "location", "prose-place")
    for match in _PERSON_CUE.finditer(text, words):
        yield from _capitalised(text, match, "person", "prose-name")


def _capitalised(text: str, match: re.Match[str], kind: Kind, source: str) -> Iterator[Span]:
    """The run of capitalised, non-ordinary words at the start of the captured group."""
    start = match.start(1)
    end = start
    for word in re.finditer(r"\S+", match.group(1)):
        value = word.group().rstrip(".,;:!?'’")
        if not value or not value[0].isupper():
            break
        low = value.lower()
        if low in _NOT_NAMES or low in common_words():
            break
        if value.isupper() and len(value) <= 3 and value.isascii():
            break  # an acronym: a ward, a service
        end = start + word.start() + len(value)
    if end > start:
        priority = PRIORITY_CONTEXT if kind == "person" else PRIORITY_GUESS
        yield Span(start, end, kind, source, priority)
