"""confide's decision engine: pure Python, no Django. Rules are data (rules/us/*.toml)."""

from confide.policy.decision import BasisEntry, Decision
from confide.policy.engine import decide
from confide.policy.jurisdictions import exceptions_for, jurisdiction, minor_consent_rule
from confide.policy.rules_model import Rule, RuleDataError
from confide.policy.situation import (
    Situation,
    SituationError,
    situation_from_dict,
    situation_to_dict,
)

__all__ = [
    "BasisEntry",
    "Decision",
    "Rule",
    "RuleDataError",
    "Situation",
    "SituationError",
    "decide",
    "exceptions_for",
    "jurisdiction",
    "minor_consent_rule",
    "situation_from_dict",
    "situation_to_dict",
]
