"""Who signs for a participant: the participant, or a guardian with the minor's assent.

The practice's jurisdiction decides through its minor-consent rule (`policy.minor_consent_rule`)
and the client's age: where a minor may consent alone to outpatient care, they sign for
themselves; otherwise a personal representative signs and the minor assents. Fail closed: an
unknown jurisdiction, or a rule whose minimum age is not a plain number (age 0 means the rule
sets conditions confide cannot check), needs the guardian.
"""

from __future__ import annotations

from dataclasses import dataclass

from confide.licences import engine_licence
from confide.policy import minor_consent_rule
from confide.practice.vocabulary import AGE_OF_MAJORITY


@dataclass(frozen=True)
class SignerPlan:
    guardian_required: bool
    reason: str
    citation: str = ""


def signer_plan(age: int, jurisdiction: str, licence: str) -> SignerPlan:
    """Whether a participant of `age` needs a guardian's signature, and why in plain words."""
    if age >= AGE_OF_MAJORITY:
        return SignerPlan(False, "An adult signs for themselves.")
    try:
        rule = minor_consent_rule(jurisdiction)
    except KeyError:
        rule = None
    if rule is None:
        return SignerPlan(True, "No state rule lets a minor consent alone here: a guardian signs.")
    citation = rule.rule.citation
    if rule.age > 0 and rule.lets_minor_consent(age, engine_licence(licence)):
        return SignerPlan(
            False,
            f"State law lets a minor of {age} consent to their own outpatient care: "
            "they sign for themselves.",
            citation,
        )
    return SignerPlan(
        True,
        f"State law does not let a minor of {age} consent alone to this care: "
        "a guardian signs and the minor agrees (assents).",
        citation,
    )
