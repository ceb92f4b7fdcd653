"""Parsing a situation: defaults, and errors that name the field at fault."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from confide.policy import SituationError, situation_from_dict
from confide.policy.situation import InformationRequest

BASE: dict[str, Any] = {
    "jurisdiction": "US-PA",
    "client": {"age": 15},
    "event": {"kind": "information_request", "requester": "parent", "information": ["diagnosis"]},
}


def with_change(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    *parents, last = path.split(".")
    target = data
    for name in parents:
        target = target.setdefault(name, {})
    target[last] = value
    return data


def test_defaults() -> None:
    situation = situation_from_dict(BASE)
    assert situation.clinician_license == "psychologist"
    assert situation.case.type == "individual"
    assert situation.client.has_capacity
    assert situation.client.consented_to_own_treatment is False  # a minor, by default
    assert situation_from_dict(with_change("client.age", 18)).client.consented_to_own_treatment
    event = situation.event
    assert isinstance(event, InformationRequest)
    assert (event.purpose, event.legal_process, event.emergency) == ("other", "none", False)


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("jurisdiction", "US-ZZ", "jurisdiction"),
        ("jurisdiction", "CA", "jurisdiction"),
        ("clinician_license", "wizard", "clinician_license"),
        ("client.age", -1, "client.age"),
        ("client.age", "15", "client.age"),
        ("client.age", True, "client.age"),
        ("client.mood", "calm", "client.mood"),
        ("case.type", "tribe", "case.type"),
        ("case.secrets_policy", "all", "case.secrets_policy"),
        ("event.kind", "gossip", "event.kind"),
        ("event.requester", "neighbour", "event.requester"),
        ("event.information", [], "event.information"),
        ("event.information", ["diary"], "event.information"),
        ("event.emergency", "yes", "event.emergency"),
        ("event.concern", "x", "event.concern"),
        (
            "event.authorization",
            {"covers": ["diagnosis"], "notarised": True},
            "event.authorization.notarised",
        ),
        ("event.authorization", {"expired": False}, "event.authorization.covers"),
        ("extra", 1, "extra"),
    ],
)
def test_errors_name_the_field(path: str, value: Any, field: str) -> None:
    with pytest.raises(SituationError) as caught:
        situation_from_dict(with_change(path, value))
    assert caught.value.field == field


def test_missing_and_non_object() -> None:
    data = copy.deepcopy(BASE)
    del data["client"]
    with pytest.raises(SituationError, match="client: is required"):
        situation_from_dict(data)
    with pytest.raises(SituationError):
        situation_from_dict(json.loads("[1, 2]"))


def test_situations_are_frozen_and_hashable() -> None:
    situation = situation_from_dict(BASE)
    assert hash(situation) == hash(situation_from_dict(copy.deepcopy(BASE)))
    with pytest.raises(AttributeError):
        situation.jurisdiction = "US"  # type: ignore[misc]
