"""Hypothesis strategies for situations, as the JSON the contract accepts."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from confide.policy.jurisdictions import STATE_CODES
from confide.policy.situation import (
    CASE_TYPES,
    CONCERNS,
    CONSULT_WITH,
    INFORMATION,
    LEGAL_PROCESSES,
    LICENSES,
    PERPETRATORS,
    PURPOSES,
    REQUESTERS,
    SECRETS_POLICIES,
    SETTINGS,
    VIOLATION_BY,
)

JURISDICTIONS = ["US", *sorted(f"US-{c}" for c in STATE_CODES)]
information = st.lists(st.sampled_from(INFORMATION), min_size=1, max_size=5, unique=True)


@st.composite
def authorizations(draw: st.DrawFn) -> dict[str, Any] | None:
    if draw(st.booleans()):
        return None
    return {
        "covers": draw(information),
        "recipient_matches": draw(st.booleans()),
        "expired": draw(st.booleans()),
        "revoked": draw(st.booleans()),
        "complete": draw(st.booleans()),
        "signed_by_all_participants": draw(st.booleans()),
    }


requests = st.fixed_dictionaries(
    {
        "kind": st.just("information_request"),
        "requester": st.sampled_from(REQUESTERS),
        "information": information,
        "purpose": st.sampled_from(PURPOSES),
        "legal_process": st.sampled_from(LEGAL_PROCESSES),
        "requester_is_personal_representative": st.booleans(),
        "authorization": authorizations(),
        "emergency": st.booleans(),
    },
    optional={"client_is_crime_victim": st.booleans()},
)
events = st.one_of(
    requests,
    st.fixed_dictionaries(
        {
            "kind": st.just("safety_concern"),
            "concern": st.sampled_from(CONCERNS),
            "imminent": st.booleans(),
        },
        optional={
            "serious": st.booleans(),
            "alleged_perpetrator": st.sampled_from(PERPETRATORS),
            "victim_age": st.integers(min_value=18, max_value=100),
        },
    ),
    st.fixed_dictionaries(
        {
            "kind": st.just("suspected_violation"),
            "by": st.sampled_from(VIOLATION_BY),
            "setting": st.sampled_from(SETTINGS),
        }
    ),
    st.fixed_dictionaries(
        {
            "kind": st.just("consultation"),
            "with": st.sampled_from(CONSULT_WITH),
            "client_authorized": st.booleans(),
        }
    ),
)
situations = st.fixed_dictionaries(
    {
        "jurisdiction": st.sampled_from(JURISDICTIONS),
        "clinician_license": st.sampled_from(LICENSES),
        "client": st.fixed_dictionaries(
            {
                "age": st.integers(min_value=5, max_value=95),
                "has_capacity": st.booleans(),
                "consented_to_own_treatment": st.booleans(),
            },
            optional={
                "deceased": st.booleans(),
                "sessions_consented_alone": st.integers(min_value=0, max_value=40),
            },
        ),
        "case": st.fixed_dictionaries(
            {
                "type": st.sampled_from(CASE_TYPES),
                "secrets_policy": st.sampled_from([None, *SECRETS_POLICIES]),
            }
        ),
        "event": events,
    }
)
