# ruff: noqa: F811  (the shared `world` fixture is imported, then named by each test)
"""After the authorization a decision rested on is revoked, the request page recomputes the
advice from the authorizations as they stand and shows no release form."""

from __future__ import annotations

from typing import Any

import pytest

from confide.disclosures import actions
from tests.web.test_disclosures_flow import authorize, matched, signed_in, world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_revocation_recomputes_the_advice_and_removes_the_release_form(
    world: dict[str, Any],
) -> None:
    grant = authorize(world, ["general_progress"])
    req = matched(world, information=["general_progress"])
    actions.decide_request(acting_user=world["rivera"], info_request=req, choice="accept")
    http = signed_in(world["rivera"])
    url = f"/disclosures/requests/{req.pk}/"
    before = http.get(url).content.decode()
    assert "Release and record" in before and "Advice recomputed" not in before
    assert 'data-outcome="disclose' in before

    actions.revoke_authorization(acting_user=world["portal"], authorization=grant)
    after = http.get(url).content.decode()
    assert "Advice recomputed" in after and "revoked on" in after
    assert "Release and record" not in after
    assert 'data-outcome="disclose' not in after
    assert "nothing more is released under it" in after


def test_a_decision_that_rested_on_no_authorization_keeps_its_advice(
    world: dict[str, Any],
) -> None:
    req = matched(world)
    actions.decide_request(acting_user=world["rivera"], info_request=req, choice="accept")
    page = signed_in(world["rivera"]).get(f"/disclosures/requests/{req.pk}/").content.decode()
    assert "Advice recomputed" not in page
    assert 'data-outcome="general_information_only"' in page
