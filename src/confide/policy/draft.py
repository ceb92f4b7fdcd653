"""A decision under construction, and the one place that enforces the contract's invariants.

Reasoning modules only say what they conclude; `finish` guarantees what every decision must
hold whatever path produced it: release_scope within what was asked and allowed, nothing
released by non-releasing outcomes, never another participant's private disclosures to a
participant, a non-empty basis, and the reminder that the clinician decides.
"""

from __future__ import annotations

from functools import cache

from confide.policy.decision import (
    RELEASING_OUTCOMES,
    Action,
    BasisEntry,
    Decision,
    Obligation,
    Outcome,
)
from confide.policy.jurisdictions import Jurisdiction
from confide.policy.situation import INFORMATION, Information

CLOSING = (
    "This is decision support, not legal advice: you, the clinician, make the final decision, "
    "and should document your reasoning and consult a supervisor or lawyer where the law is "
    "unclear."
)
INFO_ORDER = {name: index for index, name in enumerate(INFORMATION)}


class Draft:
    """Collects outcome, actions, basis and reasons while a reasoning module works."""

    __slots__ = (
        "actions",
        "basis",
        "message",
        "never",
        "obligation",
        "outcome",
        "place",
        "reasons",
        "release",
        "requested",
    )

    def __init__(self, place: Jurisdiction, requested: frozenset[Information] = frozenset()):
        self.place = place
        self.requested = requested
        self.outcome: Outcome = "decline"
        self.obligation: Obligation = "prohibited"
        self.actions: list[Action] = []
        self.basis: list[str] = []
        self.reasons: list[str] = []
        self.release: frozenset[Information] = frozenset()
        self.never: frozenset[Information] = frozenset()
        self.message: str | None = None

    def conclude(self, outcome: Outcome, obligation: Obligation, *actions: Action) -> Draft:
        self.outcome = outcome
        self.obligation = obligation
        self.act(*actions)
        return self

    def act(self, *actions: Action) -> Draft:
        self.actions.extend(actions)
        return self

    def cite(self, *rule_ids: str | None) -> Draft:
        self.basis.extend([rule_id for rule_id in rule_ids if rule_id is not None])
        return self

    def say(self, reason: str) -> Draft:
        self.reasons.append(reason)
        return self

    def finish(self) -> Decision:
        scope: tuple[Information, ...] = ()
        if self.outcome in RELEASING_OUTCOMES:
            allowed = (self.release & self.requested) - self.never
            scope = tuple(sorted(allowed, key=INFO_ORDER.__getitem__))
        basis, explanation = _render(self.place, tuple(self.basis), tuple(self.reasons))
        return Decision(
            self.outcome,
            self.obligation,
            tuple(dict.fromkeys(self.actions)),
            scope,
            basis,
            explanation,
            self.message,
        )


@cache
def _render(
    place: Jurisdiction, cited: tuple[str, ...], reasons: tuple[str, ...]
) -> tuple[tuple[BasisEntry, ...], str]:
    """Basis entries and explanation; cached, as each reasoning path yields the same text."""
    basis_ids = tuple(dict.fromkeys(cited)) or ("us.hipaa.authorization_required",)
    entries = tuple(BasisEntry(rule_id, place.rule(rule_id).citation) for rule_id in basis_ids)
    return entries, _explain(place, reasons, basis_ids)


def _explain(place: Jurisdiction, reasons: tuple[str, ...], basis_ids: tuple[str, ...]) -> str:
    """Situation-specific reasons first, then each rule relied on, in plain words, cited."""
    parts = list(reasons)
    doubtful: list[str] = []
    for rule_id in basis_ids:
        rule = place.rule(rule_id)
        parts.append(f"{rule.summary.rstrip('.')} ({rule.citation}).")
        if rule.confidence != "verified" and not rule.id.startswith("us."):
            doubtful.append(f"{rule.title} ({rule.confidence})")
    if doubtful:
        parts.append(
            "Check the current text of these state rules before relying on them; the rule pack "
            f"marks them as not verified: {'; '.join(doubtful)}."
        )
    parts.append(CLOSING)
    return " ".join(parts)
