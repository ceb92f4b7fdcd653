"""The legal exceptions to confidentiality an agreement lists, drawn from the rule data.

`policy.exceptions_for(jurisdiction, licence)` gives the rules; here they are grouped by
kind, so the agreement explains each kind once in plain words and cites every rule behind it
in a footnote. Parents-of-minors rules are listed only when a participant is a minor.
"""

from __future__ import annotations

from dataclasses import dataclass

from confide.licences import engine_licence
from confide.policy import exceptions_for

# The order the agreement explains them in; state rules without a kind map by their id.
KIND_ORDER = ("imminent_harm", "abuse_reporting", "court_order", "law_enforcement", "emergency")
MINORS = "minors"
STATE_KINDS = {
    "duty_to_protect": "imminent_harm",
    "self_harm": "imminent_harm",  # a state duty when a client may harm themselves
    "child_abuse_reporting": "abuse_reporting",
    "adult_abuse_reporting": "abuse_reporting",
    "minor_consent": MINORS,
}


@dataclass(frozen=True)
class Footnote:
    number: int
    title: str
    citation: str
    rule_id: str


@dataclass(frozen=True)
class ExceptionGroup:
    kind: str
    footnotes: tuple[Footnote, ...]

    @property
    def marks(self) -> str:
        return "".join(f"[{f.number}]" for f in self.footnotes)


def _kind(rule_id: str, kind: str | None) -> str | None:
    if kind is not None:
        return kind
    return STATE_KINDS.get(rule_id.rsplit(".", 1)[-1])


def exception_groups(
    jurisdiction: str, licence: str, *, any_minor: bool
) -> tuple[list[ExceptionGroup], ExceptionGroup | None]:
    """(the general exceptions by kind, the minors' group or None), numbered in reading order.

    Raises KeyError for a jurisdiction the rule data does not know.
    """
    by_kind: dict[str, list[tuple[str, str, str]]] = {}
    for rule in exceptions_for(jurisdiction, engine_licence(licence)):
        kind = _kind(rule.id, rule.exception)
        if kind is None:
            continue
        by_kind.setdefault(kind, []).append((rule.title, rule.citation, rule.id))
    order = [k for k in KIND_ORDER if k in by_kind]
    if any_minor and MINORS in by_kind:
        order.append(MINORS)
    groups: list[ExceptionGroup] = []
    number = 0
    for kind in order:
        notes = []
        for title, citation, rule_id in by_kind[kind]:
            number += 1
            notes.append(Footnote(number, title, citation, rule_id))
        groups.append(ExceptionGroup(kind, tuple(notes)))
    minors = next((g for g in groups if g.kind == MINORS), None)
    return [g for g in groups if g.kind != MINORS], minors
