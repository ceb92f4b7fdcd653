"""`decide`: one situation in, one decision out, deterministic for the same rule data."""

from __future__ import annotations

from confide.policy.consultation import advise_consultation
from confide.policy.decision import Decision
from confide.policy.draft import Draft
from confide.policy.incidents import advise_violation
from confide.policy.jurisdictions import Jurisdiction, jurisdiction
from confide.policy.requests import advise_request
from confide.policy.safety import advise_safety
from confide.policy.situation import (
    Consultation,
    InformationRequest,
    SafetyConcern,
    Situation,
    SituationError,
)


def decide(situation: Situation, place: Jurisdiction | str | None = None) -> Decision:
    """Advise on `situation` under `place` (default: the situation's own jurisdiction)."""
    resolved = _resolve(situation.jurisdiction if place is None else place)
    event = situation.event
    draft: Draft
    if isinstance(event, InformationRequest):
        draft = advise_request(situation, event, resolved)
    elif isinstance(event, SafetyConcern):
        draft = advise_safety(situation, event, resolved)
    elif isinstance(event, Consultation):
        draft = advise_consultation(situation, event, resolved)
    else:
        draft = advise_violation(situation, event, resolved)
    return draft.finish()


def _resolve(place: Jurisdiction | str) -> Jurisdiction:
    if isinstance(place, Jurisdiction):
        return place
    try:
        return jurisdiction(place)
    except KeyError:
        raise SituationError("jurisdiction", f"unknown jurisdiction {place!r}") from None
