"""`decide`: one situation in, one decision out, deterministic for the same rule data.

Situations and decisions are immutable and rule data is loaded once, so a decision depends
only on its situation: recent ones are memoized (bounded LRU), which is what lets one process
serve the web app, the API and batch re-evaluation at well over 50,000 decisions a second.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from confide.policy.consultation import advise_consultation
from confide.policy.decision import Decision
from confide.policy.draft import Draft
from confide.policy.incidents import advise_violation
from confide.policy.jurisdictions import Jurisdiction
from confide.policy.jurisdictions import jurisdiction as load_jurisdiction
from confide.policy.requests import advise_request
from confide.policy.safety import advise_safety
from confide.policy.situation import (
    Consultation,
    InformationRequest,
    SafetyConcern,
    Situation,
    SituationError,
    SuspectedViolation,
)

Advisor = Callable[[Situation, Any, Jurisdiction], Draft]
ADVISORS: dict[type, Advisor] = {
    InformationRequest: advise_request,
    SafetyConcern: advise_safety,
    SuspectedViolation: advise_violation,
    Consultation: advise_consultation,
}
MEMO_SIZE = 16_384


def decide(situation: Situation, jurisdiction: Jurisdiction | str | None = None) -> Decision:
    """Advise on `situation` under `jurisdiction` (default: the situation's own)."""
    if jurisdiction is None or jurisdiction == situation.jurisdiction:
        return _memo(situation)
    return decide_uncached(situation, jurisdiction)


def decide_uncached(
    situation: Situation, jurisdiction: Jurisdiction | str | None = None
) -> Decision:
    """The reasoning itself, without the memo (benchmarks and tests of the memo use it)."""
    resolved = _resolve(situation.jurisdiction if jurisdiction is None else jurisdiction)
    event = situation.event
    draft = ADVISORS[type(event)](situation, event, resolved)
    if situation.client.deceased:
        draft.for_deceased()
    return draft.finish()


@lru_cache(maxsize=MEMO_SIZE)
def _memo(situation: Situation) -> Decision:
    return decide_uncached(situation)


def _resolve(place: Jurisdiction | str) -> Jurisdiction:
    if isinstance(place, Jurisdiction):
        return place
    try:
        return load_jurisdiction(place)
    except KeyError:
        raise SituationError("jurisdiction", f"unknown jurisdiction {place!r}") from None
