"""Authorizations match the requester by normalised name and relationship; near matches wait
for the clinician to confirm them, and the page says when no authorization names the
requester (never a silent fallback)."""

# ruff: noqa: F811  (the shared `world` fixture is imported, then named by each test)
from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from confide.audit.models import AuditEvent
from confide.disclosures import actions
from confide.disclosures import authorizations as rules
from confide.disclosures.situations import advise, naming_requester
from tests.web.test_disclosures_flow import authorize, matched, signed_in, world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "name", "relationship"),
    [
        ("Emma Bennett (my sister)", "emma bennett", "sister"),
        ("Dr. Emma Bennett, PhD", "emma bennett", ""),
        ("Bennett, Emma", "emma bennett", ""),
        ("  EMMA   bennett ", "emma bennett", ""),
    ],
)
def test_a_written_name_splits_into_person_and_relationship(
    written: str, name: str, relationship: str
) -> None:
    found = rules.party(written)
    assert (found.name, found.relationship) == (name, relationship)


def _sister(world: dict[str, Any], **overrides: Any) -> Any:
    data = {
        "requester_name": "Emma Bennett",
        "requester_kind": "other_relative",
        "relationship": "sister",
    }
    return matched(world, **(data | overrides))


def test_the_sister_is_found_by_name_and_relationship(world: dict[str, Any]) -> None:
    authorize(world, ["treatment_progress"], recipient="Emma Bennett (my sister)")
    req = _sister(world)
    _data, decision, auth = advise(req, world["rivera"])
    assert auth is not None
    assert decision.outcome in ("disclose", "disclose_minimum_necessary")
    assert "us.hipaa.authorization_valid" in {b.rule for b in decision.basis}
    page = signed_in(world["rivera"]).get(f"/disclosures/requests/{req.pk}/").content.decode()
    assert "The advice below relies on" in page and "No authorization on file" not in page


def test_a_provider_request_uses_her_authorization_not_treatment_rules(
    world: dict[str, Any],
) -> None:
    authorize(world, ["diagnosis"], recipient="Dr. Emma Bennett, PsyD")
    req = matched(
        world,
        requester_name="Emma Bennett",
        requester_kind="treating_provider",
        relationship="",
        information=["diagnosis"],
        purpose="treatment",
    )
    _data, decision, auth = advise(req, world["rivera"])
    rules_used = {b.rule for b in decision.basis}
    assert auth is not None and "us.hipaa.authorization_valid" in rules_used
    assert "us.hipaa.treatment_payment_operations" not in rules_used


def test_a_different_relationship_is_only_a_near_match(world: dict[str, Any]) -> None:
    authorize(world, ["treatment_progress"], recipient="Emma Bennett (my sister)")
    req = _sister(world, relationship="mother")
    naming, near = naming_requester(req, world["rivera"])
    assert naming == [] and len(near) == 1
    _data, decision, auth = advise(req, world["rivera"])
    assert auth is None and decision.outcome not in ("disclose", "disclose_minimum_necessary")


def test_a_near_match_is_offered_and_relied_on_only_once_confirmed(
    world: dict[str, Any],
) -> None:
    grant = authorize(world, ["treatment_progress"], recipient="E. Bennett")
    req = _sister(world)
    http = signed_in(world["rivera"])
    page = http.get(f"/disclosures/requests/{req.pk}/").content.decode()
    assert "No authorization on file names Emma Bennett" in page
    assert "Near matches" in page and "Confirm: E. Bennett is Emma Bennett" in page
    assert advise(req, world["rivera"])[2] is None

    response = http.post(
        f"/disclosures/requests/{req.pk}/confirm-authorization/", {"authorization": grant.pk}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(summary__startswith="Authorization confirmed").count() == 1
    _data, decision, auth = advise(req, world["rivera"])
    assert auth is not None and auth.pk == grant.pk
    assert decision.outcome in ("disclose", "disclose_minimum_necessary")

    row = actions.decide_request(acting_user=world["rivera"], info_request=req, choice="accept")
    release = actions.release_for_decision(
        acting_user=world["rivera"],
        decision=row,
        categories=["treatment_progress"],
        summary="Sarah is attending and working hard.",
    )
    assert release.authorization_id == grant.pk


def test_only_a_near_match_can_be_confirmed(world: dict[str, Any]) -> None:
    stranger = authorize(world, ["treatment_progress"], recipient="Robert Jones")
    req = _sister(world)
    with pytest.raises(ValidationError):
        actions.confirm_authorization_match(
            acting_user=world["rivera"], info_request=req, authorization=stranger
        )
    assert not req.confirmed_authorizations.exists()
