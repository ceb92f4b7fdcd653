"""Invariants over many generated cases: an authorization covers something only while it is
active, and a release never carries more than its decision allows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confide.disclosures import actions
from confide.disclosures import authorizations as rules
from confide.disclosures.models import (
    Authorization,
    AuthorizationSignature,
    InformationRequest,
    Release,
)
from confide.policy.situation import INFORMATION
from confide.practice import actions as practice_actions
from confide.practice.search import find_client
from tests.web.test_practice_records import make_case, make_client, make_user

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)
categories = st.lists(
    st.sampled_from([c for c in INFORMATION if c != "psychotherapy_notes"]),
    min_size=1,
    max_size=4,
    unique=True,
)


def _client() -> Any:

    found = find_client("Prop")
    return found or make_client(make_user("prop-clinician"), "Prop")


@settings(max_examples=60, deadline=None)
@given(
    info=categories,
    asked=categories,
    expires_in=st.integers(-30, 30),
    revoked=st.booleans(),
    acknowledged=st.booleans(),
    signed=st.booleans(),
    recipient=st.sampled_from(["Dr. Park", "dr.  park", "Someone Else", ""]),
)
def test_an_authorization_covers_only_while_active_and_only_what_it_names(
    info: list[str],
    asked: list[str],
    expires_in: int,
    revoked: bool,
    acknowledged: bool,
    signed: bool,
    recipient: str,
) -> None:
    client = _client()
    auth = Authorization.objects.create(
        client=client,
        kind="standard",
        information=info,
        information_description="described",
        discloser="Practice",
        recipient_name="Dr. Park",
        purpose="At my request",
        expires_on=TODAY + dt.timedelta(days=expires_in),
        substance_use_description="screening results",
        statements_acknowledged=acknowledged,
        revoked_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC) if revoked else None,
    )
    if signed:
        AuthorizationSignature.objects.create(authorization=auth, signer=client, typed_name="P")
    status = rules.status(auth, TODAY)
    valid = not revoked and expires_in >= 0 and acknowledged and signed
    assert status.is_active == valid
    covered = rules.covers(auth, asked, recipient, today=TODAY)
    assert covered == (
        valid and recipient != "Someone Else" and recipient != "" and set(asked) <= set(info)
    )


@pytest.fixture
def decided() -> dict[str, Any]:
    rivera = make_user("rivera")
    practice_actions.ensure_practice(
        acting_user=rivera, name="Harbor Light", jurisdiction="US-CA", licence_types=[]
    )
    sarah = make_client(rivera)
    make_case(rivera, sarah)
    actions.create_authorization(
        acting_user=rivera,
        client=sarah,
        data={
            "kind": "standard",
            "information": ["attendance", "general_progress"],
            "information_description": "How it is going",
            "discloser": "Harbor Light",
            "recipient_name": "Linda Miller",
            "purpose": "At my request",
            "expires_on": dt.date.today() + dt.timedelta(days=30),
            "statements_acknowledged": True,
        },
        signed_name="Sarah Miller",
    )
    req = actions.record_request(
        acting_user=rivera,
        client=sarah,
        data={
            "requester_name": "Linda Miller",
            "requester_kind": "parent",
            "requester_contact": "(415) 555-0190",
            "subject_name": "Sarah Miller",
            "information": ["attendance", "general_progress", "diagnosis", "progress_notes"],
            "purpose": "concern_for_wellbeing",
        },
    )
    row = actions.decide_request(acting_user=rivera, info_request=req, choice="accept")
    return {"rivera": rivera, "row": row}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(asked=st.lists(st.sampled_from(INFORMATION), max_size=5, unique=True))
def test_a_release_never_exceeds_its_decision(decided: dict[str, Any], asked: list[str]) -> None:
    row = decided["row"]
    assert set(row.release_scope) == {"attendance", "general_progress"}
    before = Release.objects.count()
    try:
        made = actions.release_for_decision(
            acting_user=decided["rivera"], decision=row, categories=asked, summary="Doing well."
        )
    except ValidationError:
        assert Release.objects.count() == before
        assert not asked or not set(asked) <= set(row.release_scope)
        return
    assert set(made.categories) == set(asked) <= set(row.release_scope)
    assert made.excluded_from_accounting_reason == "authorization"
    assert InformationRequest.objects.get(pk=row.request_id).status == "decided"
