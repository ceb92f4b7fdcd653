"""Surrogates: what each identifier becomes, consistent across every text of a packet.

A packet is what a clinician takes to supervision: several notes about one case. The same
person must read as the same pseudonym in all of them ("[Client]", "[Partner]", "[Person 3]"),
and dates must move together so the story's timing stays true.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from confide.deid.dates import safe_harbor_date, shift_date
from confide.deid.spans import Span

# safe_harbor (the default): every date element but the year removed, ages over 89 as 90+.
# redact: every date "[date]" (Safe Harbor too). shift: dates moved by the packet's offset,
# day and month kept in the text: useful for a timeline, NOT Safe Harbor.
DateMode = Literal["safe_harbor", "redact", "shift"]
DATE_MODES: tuple[DateMode, ...] = ("safe_harbor", "redact", "shift")
SAFE_HARBOR_MODES = frozenset({"safe_harbor", "redact"})
_ADDRESS_SOURCES = {"street", "po-box", "zip", "zip-cue", "unit", "street-number-last"}
_DEFAULT_LABELS = {
    "location": "[location]",
    "organization": "[organization]",
    "phone": "[phone]",
    "email": "[email]",
    "url": "[url]",
    "ip": "[ip]",
    "id": "[id]",
    "other": "[other]",
    "age": "90+",
    "date": "[date]",
}


def random_shift(seed: int | None) -> int:
    """A whole number of days between 30 and 365 either way; never zero."""
    rng = random.Random(seed)
    return rng.choice([-1, 1]) * rng.randint(30, 365)


@dataclass
class Replacer:
    """Holds a packet's pseudonyms and date offset; one per packet, shared by its texts."""

    dates: DateMode = "safe_harbor"
    seed: int | None = None
    shift_days: int = 0
    _labels: dict[str, str] = field(default_factory=dict)
    _parts: dict[str, str] = field(default_factory=dict)
    _alias: dict[str, str] = field(default_factory=dict)
    _roles: Counter[str] = field(default_factory=Counter)
    _people: int = 0

    def __post_init__(self) -> None:
        if not self.shift_days:
            self.shift_days = random_shift(self.seed)

    def replace(self, span: Span, original: str) -> str:
        """The surrogate for `original` (the text under `span`)."""
        if span.kind == "person":
            return self.person(span)
        if span.kind == "date":
            return self.date(original)
        if span.role and span.source == "known":
            return f"[{span.role.replace('_', ' ').title()}]"
        if span.source in _ADDRESS_SOURCES:
            return "[address]"
        if span.source == "handle":
            return "[handle]"
        return _DEFAULT_LABELS[span.kind]

    def date(self, original: str) -> str:
        if self.dates == "redact":
            return "[date]"
        if self.dates == "safe_harbor":
            return safe_harbor_date(original)
        return shift_date(original, self.shift_days) or "[date]"

    def register(self, span: Span) -> None:
        """Note a full name's parts first, so a bare 'Jonah' before 'Jonah Whitfield' in the
        same text still gets Jonah Whitfield's label."""
        parts = span.key.removeprefix("name:").split()
        if span.key.startswith("name:") and len(parts) > 1:
            for part in parts:
                self._alias.setdefault(part, span.key)

    def person(self, span: Span) -> str:
        """Same person, same label: by role for the known, 'Person N' for the rest."""
        key = span.key or f"text:{span.start}"
        parts = key.removeprefix("name:").split()
        if key.startswith("name:") and len(parts) == 1:
            key = self._alias.get(parts[0], key)
        if key in self._labels:
            return self._labels[key]
        parts = key.removeprefix("name:").split()
        if key.startswith("name:") and len(parts) == 1 and parts[0] in self._parts:
            label = self._parts[parts[0]]
        elif span.role == "family":
            label = "[Family]"  # a surname several known people share
        elif span.role:
            label = self._role_label(span.role)
        else:
            self._people += 1
            label = f"[Person {self._people}]"
        self._labels[key] = label
        if key.startswith("name:") and len(parts) > 1:
            for part in parts:
                self._parts.setdefault(part, label)
        return label

    def _role_label(self, role: str) -> str:
        self._roles[role] += 1
        n = self._roles[role]
        name = role.replace("_", " ").title()
        return f"[{name}]" if n == 1 else f"[{name} {n}]"
