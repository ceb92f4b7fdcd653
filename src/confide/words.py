"""The engine's and the records' internal words as plain language for screens.

Every value that reaches a page goes through `say` (one word) or `plain` (a sentence that may
hold internal words, such as an audit summary), so no snake_case id is ever shown. Words not
listed here read with their underscores as spaces, which is right for most of them
("treatment_progress" -> "treatment progress"); the list holds those that need more.
Pure: no Django, so the CLI and tests can use it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

WORDS: dict[str, str] = {
    # information
    "another_participants_disclosures": "another participant's private disclosures",
    "substance_use_records": "substance use (Part 2) records",
    "whole_record": "the whole record",
    # outcomes and obligations
    "disclose": "disclose",
    "disclose_minimum_necessary": "disclose the minimum necessary",
    "share_deidentified": "share de-identified material only",
    "general_information_only": "general information only",
    "seek_consent": "ask the client for consent first",
    "warn_and_protect": "warn and protect",
    "discretionary": "for your judgement",
    "permitted": "permitted by law",
    "required": "required by law",
    "prohibited": "not permitted",
    # requesters and purposes
    "client_self": "the client themself",
    "spouse_or_partner": "spouse or partner",
    "case_participant": "another participant of the case",
    "treating_provider": "a treating provider",
    "other_professional": "another professional",
    "public_health_authority": "public health authority",
    "concern_for_wellbeing": "concern for the client's wellbeing",
    # legal process and licences
    "subpoena_with_assurances": "subpoena with satisfactory assurances",
    "grand_jury_subpoena": "grand jury subpoena",
    "administrative_request": "administrative request",
    "marriage_family_therapist": "marriage and family therapist",
    "social_worker": "social worker",
    # safety and incidents
    "threat_to_identifiable_person": "threat to an identifiable person",
    "risk_of_self_harm": "risk of self-harm",
    "child_abuse": "child abuse",
    "elder_abuse": "elder abuse",
    "dependent_adult_abuse": "dependent adult abuse",
    "intimate_partner_violence": "intimate partner violence",
    "outside_practice": "outside the practice",
    "related_person": "someone close to the client",
    # secrets policies, roles, audit actions
    "no_secrets": "no secrets",
    "limited_secrets": "limited secrets",
    "privacy_officer": "privacy officer",
    "access_denied": "access refused",
    "privacy_concern": "privacy concern",
    "break_glass": "emergency access",
}
# Who is suspected of abuse (contract version 2 `event.alleged_perpetrator`). Kept apart from
# WORDS: "other" and "unknown" mean other things elsewhere.
PERPETRATOR_WORDS: dict[str, str] = {
    "caretaker": "a parent, caretaker or someone responsible for their care",
    "other": "someone else",
    "unknown": "not known",
}
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def say(word: str) -> str:
    """One internal word in plain language."""
    return WORDS.get(word, word.replace("_", " "))


def say_all(words: Iterable[str]) -> str:
    """A list of internal words as a comma-separated phrase."""
    return ", ".join(say(str(w)) for w in words)


def plain(text: str) -> str:
    """Any internal words inside a sentence, in plain language (audit summaries and the like)."""
    return SNAKE.sub(lambda m: say(m.group(0)), text)
