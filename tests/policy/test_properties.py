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
        "verified",
        "deadlines",
    }
    assert decision["outcome"] in OUTCOMES
    assert decision["obligation"] in OBLIGATIONS
    assert set(decision["actions"]) <= set(ACTIONS)
    assert len(decision["actions"]) == len(set(decision["actions"]))
    assert decision["basis"], "basis is never empty"
    place = jurisdiction(data["jurisdiction"])
    for entry in decision["basis"]:
        assert entry["rule"] and entry["citation"]
        rule = place.rule(entry["rule"])
        assert rule.citation == entry["citation"]
        assert entry["confidence"] == rule.confidence
        assert entry["checked"] == rule.checked.isoformat() and entry["source"] == rule.source
    verified = all(entry["confidence"] == "verified" for entry in decision["basis"])
    assert decision["verified"] is verified
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
    medical_emergency = event["emergency"] and event["requester"] in MEDICAL
    if "substance_use_records" in scope and event["requester"] != "client_self":
        # Part 2 lets patients see their own records and medical personnel have what a bona
        # fide medical emergency needs (42 CFR 2.51); everyone else needs a Part 2 consent.
        assert medical_emergency or _valid_auth_covering(event, "substance_use_records", joint)
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
    if event["requester_is_personal_representative"]:
        return  # an executor or guardian stands in the client's place (164.502(g)), not a stranger
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


MEDICAL = {"treating_provider", "other_professional"}
NOT_FOR_DECEASED = {
    "discuss_with_client",
    "invite_client_to_share",
    "offer_joint_session",
    "involve_minor",
    "add_to_next_session_agenda",
}


@RUNS
@given(situations)
def test_deceased_clients_are_not_asked_or_seen(data: dict[str, Any]) -> None:
    decision = decide(situation_from_dict(data))
    if data["client"].get("deceased"):
        assert not NOT_FOR_DECEASED & set(decision.actions)
        assert "us.hipaa.decedents" in {entry.rule for entry in decision.basis}


@RUNS
@given(situations)
def test_deadlines_are_timed_actions_of_the_decision(data: dict[str, Any]) -> None:
    decision = decide(situation_from_dict(data))
    cited = {entry.rule for entry in decision.basis}
    for deadline in decision.deadlines:
        assert deadline.within_hours >= 0
        assert deadline.action in decision.actions
        assert deadline.rule in cited
    if decision.obligation != "required":
        assert decision.deadlines == ()


@RUNS
@given(situations)
def test_version_1_input_keeps_its_meaning(data: dict[str, Any]) -> None:
    """Leaving out every version-2 field means exactly what their defaults mean."""
    v1 = {**data, "client": dict(data["client"]), "event": dict(data["event"])}
    for key in ("deceased", "sessions_consented_alone"):
        v1["client"].pop(key, None)
    for key in ("serious", "alleged_perpetrator", "victim_age", "client_is_crime_victim"):
        v1["event"].pop(key, None)
    explicit = {**v1, "client": {**v1["client"], "deceased": False}, "event": dict(v1["event"])}
    if v1["event"]["kind"] == "safety_concern":
        explicit["event"].update(serious=True, alleged_perpetrator="unknown")
    if v1["event"]["kind"] == "information_request":
        explicit["event"]["client_is_crime_victim"] = False
    assert decide(situation_from_dict(v1)) == decide(situation_from_dict(explicit))


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
