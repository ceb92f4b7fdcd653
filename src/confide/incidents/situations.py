"""The one place incident records become the engine's Situation (docs/architecture.md §2:
models convert to the pure dataclasses at one place), and the engine's answer comes back as
JSON to keep."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from confide.policy import Decision, SituationError, decide, situation_from_dict
from confide.policy.jurisdictions import Jurisdiction, jurisdiction
from confide.policy.vocabulary import PERPETRATORS
from confide.practice.models import Case, Client, Practice


def practice_jurisdiction() -> Jurisdiction:
    """The practice's rule data; without a practice (or with a bad code) nothing is advised."""
    practice = Practice.current()
    try:
        return jurisdiction(practice.jurisdiction if practice is not None else "")
    except KeyError:
        raise ValidationError(
            _(
                "The practice's jurisdiction is not set, so confide cannot advise. "
                "Ask the administrator to set it."
            )
        ) from None


ABUSE = frozenset({"child_abuse", "elder_abuse", "dependent_adult_abuse"})
ADULT_ABUSE = frozenset({"elder_abuse", "dependent_adult_abuse"})
THREAT = "threat_to_identifiable_person"


def concern_facts(
    concern: str, *, serious: bool, alleged_perpetrator: str, victim_age: int | None
) -> dict[str, Any]:
    """The contract-v2 facts of a safety concern, each only for the concerns it bears on
    (seriousness for a threat, the suspect for abuse, the victim's age for adult abuse), so
    the record and the engine hear the same thing. Bad values are a ValidationError."""
    facts: dict[str, Any] = {}
    if concern == THREAT:
        facts["serious"] = bool(serious)
    if concern in ABUSE:
        if alleged_perpetrator not in PERPETRATORS:
            raise ValidationError({"alleged_perpetrator": _("Choose who is suspected.")})
        facts["alleged_perpetrator"] = alleged_perpetrator
    if concern in ADULT_ABUSE and victim_age is not None:
        if not 0 <= victim_age <= 130:
            raise ValidationError({"victim_age": _("Give the age in years (0-130).")})
        facts["victim_age"] = victim_age
    return facts


def _case_part(case: Case | None) -> dict[str, Any] | None:
    if case is None:
        return None
    return {"type": case.case_type, "secrets_policy": case.secrets_policy}


def advise(
    *, client: Client, case: Case | None, event: dict[str, Any], license_: str
) -> tuple[Decision, Jurisdiction]:
    """Ask the engine about one event concerning `client`; bad input is a ValidationError."""
    place = practice_jurisdiction()
    data: dict[str, Any] = {
        "jurisdiction": place.code,
        "clinician_license": license_,
        "client": {"age": client.age, "deceased": client.deceased},
        "event": event,
    }
    case_part = _case_part(case)
    if case_part is not None:
        data["case"] = case_part
    try:
        situation = situation_from_dict(data)
    except SituationError as error:
        field = error.field.rsplit(".", 1)[-1]
        raise ValidationError({field: error.message}) from None
    return decide(situation, place), place
