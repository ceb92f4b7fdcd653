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
    Deadline,
    Decision,
    Obligation,
    Outcome,
)
from confide.policy.jurisdictions import Jurisdiction
from confide.policy.rules_model import Rule
from confide.policy.situation import INFORMATION, Information

CLOSING = (
    "This is decision support, not legal advice: you, the clinician, make the final decision, "
    "and should document your reasoning and consult a supervisor or lawyer where the law is "
    "unclear."
)
INFO_ORDER = {name: index for index, name in enumerate(INFORMATION)}
# A deceased client cannot be asked, invited or seen in session (spec/advise.md, version 2).
NOT_FOR_DECEASED: frozenset[str] = frozenset(
    {
        "discuss_with_client",
        "invite_client_to_share",
        "offer_joint_session",
        "involve_minor",
        "add_to_next_session_agenda",
    }
)


class Draft:
    """Collects outcome, actions, basis and reasons while a reasoning module works."""

    __slots__ = (
        "actions",
        "basis",
        "deadlines",
        "deceased",
        "dropped",
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
        self.deadlines: list[Deadline] = []
        self.deceased = False
        self.dropped: set[str] = set()

    def for_deceased(self) -> Draft:
        """The client has died: nothing that involves them, and the decedent rules cited."""
        self.deceased = True
        self.cite("us.hipaa.decedents")
        self.say(
            "The client has died. Their information stays protected for 50 years after the "
            "death; decisions the client would have made are made by the personal "
            "representative (the executor or administrator), and the state's rules on a "
            "decedent's privilege still apply."
        )
        return self.act("document_decision")

    def drop(self, *actions: Action) -> Draft:
        """Keep these actions out of the decision whichever path adds them later (a privilege
        the state's statute does not give this licence is never to be asserted)."""
        self.dropped.update(actions)
        return self

    def due(self, action: Action, hours: int | None, rule_id: str) -> Draft:
        """Record a timed duty (0 hours = immediately); no deadline when the rule sets none."""
        if hours is not None:
            self.deadlines.append(Deadline(action, hours, rule_id))
        return self

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
        actions = [
            a
            for a in self.actions
            if a not in self.dropped and not (self.deceased and a in NOT_FOR_DECEASED)
        ]
        return Decision(
            self.outcome,
            self.obligation,
            tuple(dict.fromkeys(actions)),
            scope,
            basis,
            explanation,
            self.message,
            tuple(dict.fromkeys(self.deadlines)),
        )


@cache
def _render(
    place: Jurisdiction, cited: tuple[str, ...], reasons: tuple[str, ...]
) -> tuple[tuple[BasisEntry, ...], str]:
    """Basis entries and explanation; cached, as each reasoning path yields the same text."""
    basis_ids = tuple(dict.fromkeys(cited)) or ("us.hipaa.authorization_required",)
    entries = tuple(_entry(place.rule(rule_id)) for rule_id in basis_ids)
    return entries, _explain(place, reasons, basis_ids)


def _entry(rule: Rule) -> BasisEntry:
    return BasisEntry(rule.id, rule.citation, rule.confidence, rule.checked, rule.source)


def _explain(place: Jurisdiction, reasons: tuple[str, ...], basis_ids: tuple[str, ...]) -> str:
    """Situation-specific reasons first, then each rule relied on, in plain words, cited."""
    parts = list(reasons)
    doubtful: list[str] = []
    for rule_id in basis_ids:
        rule = place.rule(rule_id)
        parts.append(f"{rule.summary.rstrip('.')} ({rule.citation}).")
        if not rule.verified:
            doubtful.append(f"{rule.title} ({rule.confidence})")
    if doubtful:
        parts.append(
            "Some rules relied on here are not verified in the official text: check their "
            "current text before relying on them."
        )
        # Short sentences however many rules are unverified: three titles per sentence.
        for start in range(0, len(doubtful), 3):
            parts.append(f"Not verified: {'; '.join(doubtful[start : start + 3])}.")
    parts.append(CLOSING)
    return " ".join(parts)
