"""The engine's words: every closed set of values a situation or a rule can name.

A leaf module (it imports nothing of confide), so the situation, the rule model and the
jurisdiction loader can all share one vocabulary without importing one another.
"""

from __future__ import annotations

from typing import Literal, TypeAlias, get_args

License: TypeAlias = Literal[
    "psychologist",
    "counselor",
    "marriage_family_therapist",
    "social_worker",
    "psychiatrist",
    "other",
]
CaseType: TypeAlias = Literal["individual", "couple", "family", "group"]
SecretsPolicy: TypeAlias = Literal["no_secrets", "limited_secrets", "accommodation"]
Requester: TypeAlias = Literal[
    "client_self",
    "parent",
    "guardian",
    "spouse_or_partner",
    "other_relative",
    "case_participant",
    "treating_provider",
    "other_professional",
    "supervisor",
    "employer",
    "school",
    "insurer",
    "attorney",
    "law_enforcement",
    "court",
    "public_health_authority",
    "other",
]
Information: TypeAlias = Literal[
    "attendance",
    "general_progress",
    "treatment_progress",
    "diagnosis",
    "progress_notes",
    "psychotherapy_notes",
    "another_participants_disclosures",
    "substance_use_records",
    "whole_record",
]
Purpose: TypeAlias = Literal[
    "concern_for_wellbeing",
    "treatment",
    "payment",
    "legal_proceeding",
    "law_enforcement",
    "safety",
    "research",
    "other",
]
LegalProcess: TypeAlias = Literal[
    "none",
    "subpoena",
    "subpoena_with_assurances",
    "court_order",
    "warrant",
    "grand_jury_subpoena",
    "administrative_request",
]
Perpetrator: TypeAlias = Literal["caretaker", "other", "unknown"]
Concern: TypeAlias = Literal[
    "threat_to_identifiable_person",
    "risk_of_self_harm",
    "child_abuse",
    "elder_abuse",
    "dependent_adult_abuse",
    "intimate_partner_violence",
]
ViolationBy: TypeAlias = Literal[
    "client", "case_participant", "related_person", "staff", "system", "unknown"
]
Setting: TypeAlias = Literal["individual", "couple", "family", "group", "outside_practice"]
ConsultWith: TypeAlias = Literal["supervisor", "peer_group", "treating_team", "training_audience"]

LICENSES: tuple[License, ...] = get_args(License)
# How a decision names the clinician's licence in a sentence ("... with a counselor").
LICENSE_WORDS: dict[str, str] = {
    "psychologist": "a psychologist",
    "counselor": "a counselor",
    "marriage_family_therapist": "a marriage and family therapist",
    "social_worker": "a social worker",
    "psychiatrist": "a psychiatrist",
    "other": "a clinician of your licence",
}
CASE_TYPES: tuple[CaseType, ...] = get_args(CaseType)
SECRETS_POLICIES: tuple[SecretsPolicy, ...] = get_args(SecretsPolicy)
REQUESTERS: tuple[Requester, ...] = get_args(Requester)
INFORMATION: tuple[Information, ...] = get_args(Information)
PURPOSES: tuple[Purpose, ...] = get_args(Purpose)
LEGAL_PROCESSES: tuple[LegalProcess, ...] = get_args(LegalProcess)
CONCERNS: tuple[Concern, ...] = get_args(Concern)
VIOLATION_BY: tuple[ViolationBy, ...] = get_args(ViolationBy)
SETTINGS: tuple[Setting, ...] = get_args(Setting)
CONSULT_WITH: tuple[ConsultWith, ...] = get_args(ConsultWith)
PERPETRATORS: tuple[Perpetrator, ...] = get_args(Perpetrator)
JOINT_CASE_TYPES: frozenset[str] = frozenset({"couple", "family", "group"})


def licence_names(licenses: frozenset[str]) -> str:
    """'a psychologist, a social worker or a psychiatrist', in the vocabulary's order."""
    listed = [LICENSE_WORDS[name] for name in LICENSES if name in licenses]
    if len(listed) < 2:
        return "".join(listed)
    return f"{', '.join(listed[:-1])} or {listed[-1]}"
