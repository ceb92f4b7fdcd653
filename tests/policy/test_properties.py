"""Properties every decision holds, over situations Hypothesis invents."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings

from confide.policy import decide, jurisdiction, situation_from_dict
from confide.policy.decision import ACTIONS, OBLIGATIONS, OUTCOMES, RELEASING_OUTCOMES
from tests.policy.strategies import situations

RUNS = settings(max_examples=400, deadline=None)


def _valid_auth_covering(event: dict[str, Any], item: str, joint: bool) -> bool:
    auth = event.get("authorization")
    if not auth or item not in auth["covers"]:
        return False
    sound = auth["complete"] and auth["recipient_matches"]
    sound = sound and not auth["expired"] and not auth["revoked"]
    return sound and (auth["signed_by_all_participants"] or not joint)


@RUNS
@given(situations)
def test_deterministic(data: dict[str, Any]) -> None:
    first = decide(situation_from_dict(data)).to_dict()
    assert decide(situation_from_dict(data)).to_dict() == first


@RUNS
@given(situations)
def test_shape_and_basis(data: dict[str, Any]) -> None:
    decision = decide(situation_from_dict(data)).to_dict()
    assert set(decision) == {
        "outcome",
        "obligation",
        "actions",
        "release_scope",
        "basis",
        "explanation",
        "requester_message",
    }
    assert decision["outcome"] in OUTCOMES
    assert decision["obligation"] in OBLIGATIONS
    assert set(decision["actions"]) <= set(ACTIONS)
    assert len(decision["actions"]) == len(set(decision["actions"]))
    assert decision["basis"], "basis is never empty"
    place = jurisdiction(data["jurisdiction"])
    for entry in decision["basis"]:
        assert entry["rule"] and entry["citation"]
        assert place.rule(entry["rule"]).citation == entry["citation"]
    assert "clinician" in decision["explanation"]
    assert len(decision["explanation"].split(". ")) >= 3


@RUNS
@given(situations)
def test_release_scope_within_request_and_outcome(data: dict[str, Any]) -> None:
    decision = decide(situation_from_dict(data)).to_dict()
    scope = decision["release_scope"]
    event = data["event"]
    if event["kind"] != "information_request":
        assert scope == []
        assert decision["requester_message"] is None
        return
    assert set(scope) <= set(event["information"])
    if decision["outcome"] not in RELEASING_OUTCOMES:
        assert scope == []
    if decision["outcome"] == "disclose":
        assert set(scope) == set(event["information"])


@RUNS
@given(situations)
def test_protected_categories(data: dict[str, Any]) -> None:
    decision = decide(situation_from_dict(data)).to_dict()
    scope = decision["release_scope"]
    event = data["event"]
    if event["kind"] != "information_request":
        return
    joint = data["case"]["type"] != "individual"
    if event["requester"] == "case_participant":
        assert "another_participants_disclosures" not in scope
    if "psychotherapy_notes" in scope:
        assert _valid_auth_covering(event, "psychotherapy_notes", joint)
    if "substance_use_records" in scope and event["requester"] != "client_self":
        # Part 2 lets patients see their own records; everyone else needs a Part 2 consent.
        assert _valid_auth_covering(event, "substance_use_records", joint)
    if "another_participants_disclosures" in scope:
        assert joint and _valid_auth_covering(event, "another_participants_disclosures", joint)


@RUNS
@given(situations)
def test_strangers_get_neither_confirm_nor_deny(data: dict[str, Any]) -> None:
    event = data["event"]
    if event["kind"] != "information_request" or event["requester"] != "other":
        return
    if event["emergency"] or event["legal_process"] != "none" or event["authorization"]:
        return
    decision = decide(situation_from_dict(data)).to_dict()
    assert decision["outcome"] == "decline"
    assert "neither confirm nor deny" in decision["requester_message"]


@RUNS
@given(situations)
def test_memo_returns_what_reasoning_returns(data: dict[str, Any]) -> None:
    from confide.policy.engine import decide_uncached

    situation = situation_from_dict(data)
    assert decide(situation) == decide_uncached(situation)
    assert decide(situation, jurisdiction(data["jurisdiction"])) == decide(situation)


@RUNS
@given(situations)
def test_situation_round_trips(data: dict[str, Any]) -> None:
    from confide.policy import situation_to_dict

    situation = situation_from_dict(data)
    assert situation_from_dict(situation_to_dict(situation)) == situation


def _sentences(text: str) -> list[list[str]]:
    plain = re.sub(r"\([^)]*\)", "", text)
    return [s.split() for s in re.split(r"(?<=[.!?])\s+", plain) if s.strip()]


@RUNS
@given(situations)
def test_explanation_reads_plainly(data: dict[str, Any]) -> None:
    """Several short sentences a clinician can take in, citing each rule relied on."""
    decision = decide(situation_from_dict(data))
    sentences = _sentences(decision.explanation)
    assert len(sentences) >= 3
    assert max(len(words) for words in sentences) <= 45
    assert sum(len(words) for words in sentences) / len(sentences) <= 30
    for entry in decision.basis:
        assert entry.citation in decision.explanation
    assert decision.explanation.endswith("where the law is unclear.")


AUTHORIZATION_ONLY = {"employer", "school", "other_professional", "attorney", "other"}


@RUNS
@given(situations)
def test_third_parties_get_only_what_a_valid_authorization_covers(data: dict[str, Any]) -> None:
    """Without process or an emergency, an authorization is the only basis for these requesters
    (a personal representative stands in the client's place, 45 CFR 164.502(g), whatever
    their profession, so they are not a third party here)."""
    event = data["event"]
    if event["kind"] != "information_request" or event["requester"] not in AUTHORIZATION_ONLY:
        return
    if event["emergency"] or event["legal_process"] != "none":
        return
    if event.get("requester_is_personal_representative"):
        return
    scope = decide(situation_from_dict(data)).release_scope
    joint = data["case"]["type"] != "individual"
    for item in scope:
        assert _valid_auth_covering(event, item, joint), item
