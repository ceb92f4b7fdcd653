"""The engine: detect identifiers, resolve overlaps, replace them consistently.

`Deidentifier` compiles what a case needs once (its known identifiers' automaton); the
bundled lists and regexes are compiled once per process. `Packet` carries the surrogates
across several texts, so the web app's consultation packets and the CLI read the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from confide.deid import addresses, names, patterns, places, prose, signoffs, subjects
from confide.deid.firstwords import WordStarts
from confide.deid.known import CLINICIAN_ROLES, KnownIdentifier, KnownMatcher, declared_nicknames
from confide.deid.lexicon import US_STATES, allowed_eponyms, allowed_terms
from confide.deid.places_context import context_places, country_alone
from confide.deid.spans import Kind, Replaced, Span, resolve
from confide.deid.surrogates import SAFE_HARBOR_MODES, DateMode, Replacer
from confide.deid.textutil import fold
from confide.deid.tokens import tokenize


@dataclass(frozen=True, slots=True)
class Options:
    """`dates`: "safe_harbor" (default: keep only the year), "redact" or "shift" (not Safe
    Harbor: day and month stay, moved); `seed`: the packet's date offset; `clinicians`: names of
    clinicians (Dr. X, X RN, known with a clinician role) count as identifiers."""

    dates: DateMode = "safe_harbor"
    seed: int | None = None
    clinicians: bool = True


@dataclass(frozen=True, slots=True)
class Result:
    """The de-identified text and what was replaced, with offsets into the input."""

    text: str
    spans: list[Replaced] = field(default_factory=list)


class Deidentifier:
    """Finds identifiers for one case: its known identifiers plus every general detector."""

    def __init__(
        self, known: Iterable[KnownIdentifier] = (), options: Options | None = None
    ) -> None:
        self.options = options or Options()
        items = list(known)
        if not self.options.clinicians:
            items = [k for k in items if k.role not in CLINICIAN_ROLES]
        self.known = items
        self._matcher = KnownMatcher(items)
        self._name_options = names.NameOptions(clinicians=self.options.clinicians)

    def detect(
        self,
        text: str,
        remembered: dict[str, str] | None = None,
        places_seen: dict[str, Kind] | None = None,
    ) -> list[Span]:
        """Every identifier in `text`, non-overlapping, in text order. `remembered` and
        `places_seen`: name and place words learned from earlier texts of the same packet
        (updated in place)."""
        folded = fold(text)
        words = WordStarts()
        tokens = tokenize(text, words)
        found: list[Span] = self._matcher.find(text, folded)
        if found:
            declared = declared_nicknames(text, found)
            if declared:
                remembered = {} if remembered is None else remembered
                remembered.update(declared)
        found.extend(patterns.find_patterns(text, folded, words))
        phones = [s for s in found if s.kind == "phone"]
        if phones:
            found.extend(names.names_before_phones(tokens, text, phones))
        caps = names.capitals(tokens)
        found.extend(names.find_names(tokens, self._name_options, remembered, subjects.find, caps))
        found.extend(signoffs.find(text))
        found.extend(names.hyphenated_given(text))
        found.extend(names.article_names(text))
        if '"' in text or "“" in text:
            memory = {} if remembered is None else remembered
            found.extend(names.declared_initials(text, found, memory))
        found.extend(places.facilities(tokens))
        found.extend(places.prefixed(text))
        hints: list[int] = []
        found.extend(places.towns(text, folded, hints))
        found.extend(places.geo_towns(text, folded, tokens, caps))
        found.extend(places.jobs_and_streets(text, tokens, caps))
        found.extend(addresses.streets(text, words, hints))
        found.extend(addresses.blocks(text, found))
        found.extend(addresses.name_lines(text, found))
        found.extend(places.cued(text, folded, words))
        found.extend(context_places(text, folded, tokens, words))
        found.extend(prose.cued(text, words))
        found.extend(places.after_spans(text, found))
        found.extend(places.place_repeats(tokens, found, places_seen))
        return resolve(allowed_dropped(found, text), text)

    def packet(self, seed: int | None = None) -> Packet:
        """A fresh packet: surrogates shared by every text run through it."""
        return Packet(self, seed=self.options.seed if seed is None else seed)

    @property
    def safe_harbor(self) -> bool:
        """Whether the output meets HIPAA Safe Harbor's date rule (shifting does not)."""
        return self.options.dates in SAFE_HARBOR_MODES

    def run(self, text: str) -> Result:
        """De-identify one text on its own (a packet of one)."""
        return self.packet().run(text)


class Packet:
    """Several texts of one case, de-identified with the same surrogates and date offset."""

    def __init__(self, deidentifier: Deidentifier, seed: int | None = None) -> None:
        self.deidentifier = deidentifier
        self.replacer = Replacer(dates=deidentifier.options.dates, seed=seed)
        self.names: dict[str, str] = {}
        self.places: dict[str, Kind] = {}

    def run(self, text: str) -> Result:
        spans = self.deidentifier.detect(text, self.names, self.places)
        return apply(text, spans, self.replacer)

    def run_all(self, texts: Sequence[str]) -> list[Result]:
        return [self.run(t) for t in texts]


_ALLOW_KINDS = {"person", "location", "organization"}
_WORD = re.compile(r"[^\W\d_]+")


def allowed_dropped(spans: list[Span], text: str) -> list[Span]:
    """Without the general detectors' name and place guesses made only of clinical words on
    the allow-list ("Framingham", "SATS", "Huntington's", "African American"). A case's known
    identifiers always stay."""
    terms, named = allowed_terms(), allowed_eponyms()
    kept = []
    for span in spans:
        if span.kind in _ALLOW_KINDS and span.source != "known":
            place = span.kind == "location" and text[span.start : span.end]
            if place and (_state_alone(place) or country_alone(place)):
                continue
            words = _WORD.findall(text[span.start : span.end].lower().replace("'s", ""))
            if (
                words
                and all(w in terms for w in words)
                and (not any(w in named for w in words) or _EPONYM_USE.match(text, span.end))
            ):
                continue
        kept.append(span)
    return kept


_CITY_STATES = {"new york", "washington"}  # a city too


def _state_alone(value: str) -> bool:
    """A US state by itself ("moving from Florida."): Safe Harbor keeps it."""
    low = " ".join(value.lower().strip(" .,;:!?").split())
    return low in US_STATES and low not in _CITY_STATES


# What follows an eponym used clinically: a possessive or a clinical noun.
_EPONYM_USE = re.compile(
    r"(?:['’]s\b|\s+(?:disease|syndrome|chorea|dementia|palsy|scale|score|risk|criteria|test|"
    r"sign|reflex|catheter|inventory|index|coma|maneuver|manoeuvre|procedure|sarcoma|tumou?r|"
    r"lymphoma|study|heart|depression|anxiety|questionnaire|rating|intelligence|memory|"
    r"assessment|exam|examination|monitor|ulcer|phenomenon|disorder|type)\b)",
    re.IGNORECASE,
)


def apply(text: str, spans: list[Span], replacer: Replacer) -> Result:
    """Replace `spans` (non-overlapping, sorted) in `text`, labelling people in text order."""
    for span in spans:
        if span.kind == "person":
            replacer.register(span)
    labels = {n: replacer.replace(s, text[s.start : s.end]) for n, s in enumerate(spans)}
    out: list[str] = []
    replaced: list[Replaced] = []
    pos = 0
    for n, span in enumerate(spans):
        out.append(text[pos : span.start])
        out.append(labels[n])
        replaced.append(Replaced(span.start, span.end, span.kind, labels[n]))
        pos = span.end
    out.append(text[pos:])
    return Result("".join(out), replaced)


def deidentify(
    text: str, known: Iterable[KnownIdentifier] = (), options: Options | None = None
) -> Result:
    """One-shot convenience: build a Deidentifier for `known` and run it on `text`."""
    return Deidentifier(known, options).run(text)
