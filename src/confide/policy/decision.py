"""What the engine advises, as a frozen value with exactly the JSON shape of spec/advise.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, TypeAlias, get_args

from confide.policy.situation import Information

Outcome: TypeAlias = Literal[
    "disclose",
    "disclose_minimum_necessary",
    "general_information_only",
    "seek_consent",
    "decline",
    "report",
    "warn_and_protect",
    "address_in_session",
    "share_deidentified",
]
Obligation: TypeAlias = Literal["required", "permitted", "prohibited", "discretionary"]
Action: TypeAlias = Literal[
    "explain_confidentiality_policy",
    "discuss_with_client",
    "invite_client_to_share",
    "offer_joint_session",
    "provide_general_information",
    "involve_minor",
    "obtain_written_authorization",
    "verify_requester_identity",
    "verify_legal_authority",
    "notify_client",
    "seek_legal_counsel",
    "assert_privilege",
    "limit_to_minimum_necessary",
    "record_release",
    "report_to_authority",
    "warn_threatened_person",
    "notify_law_enforcement",
    "arrange_emergency_evaluation",
    "add_to_next_session_agenda",
    "deidentify_material",
    "consult_supervisor",
    "assess_breach_risk",
    "notify_affected_individuals",
    "document_decision",
]

OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
OBLIGATIONS: tuple[Obligation, ...] = get_args(Obligation)
ACTIONS: tuple[Action, ...] = get_args(Action)
# Outcomes under which nothing of the request leaves the practice: release_scope stays empty.
RELEASING_OUTCOMES: frozenset[str] = frozenset({"disclose", "disclose_minimum_necessary"})


@dataclass(frozen=True, slots=True)
class BasisEntry:
    rule: str
    citation: str
    confidence: str = "secondary"
    checked: dt.date | None = None
    source: str = ""

    @property
    def verified(self) -> bool:
        return self.confidence == "verified"

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "citation": self.citation,
            "confidence": self.confidence,
            "checked": None if self.checked is None else self.checked.isoformat(),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Deadline:
    """A timed duty: `action` within `within_hours` of learning the facts (0 = immediately)."""

    action: Action
    within_hours: int
    rule: str

    def to_dict(self) -> dict[str, object]:
        return {"action": self.action, "within_hours": self.within_hours, "rule": self.rule}


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: Outcome
    obligation: Obligation
    actions: tuple[Action, ...]
    release_scope: tuple[Information, ...]
    basis: tuple[BasisEntry, ...]
    explanation: str
    requester_message: str | None
    deadlines: tuple[Deadline, ...] = ()

    @property
    def verified(self) -> bool:
        """True only when every rule the decision rests on was read in its official text."""
        return all(entry.verified for entry in self.basis)

    @property
    def unverified_rules(self) -> tuple[BasisEntry, ...]:
        return tuple(entry for entry in self.basis if not entry.verified)

    def to_dict(self) -> dict[str, object]:
        """The JSON object of the contract (version 2): these nine keys and no others."""
        return {
            "outcome": self.outcome,
            "obligation": self.obligation,
            "verified": self.verified,
            "actions": list(self.actions),
            "release_scope": list(self.release_scope),
            "basis": [entry.to_dict() for entry in self.basis],
            "explanation": self.explanation,
            "requester_message": self.requester_message,
            "deadlines": [deadline.to_dict() for deadline in self.deadlines],
        }
