"""The published situation schema agrees with the parser: what it accepts, the engine reads."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs
import pytest

from confide.policy import situation_from_dict
from confide.policy.schema import situation_schema

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.json"))
VALIDATOR = jsonschema_rs.Draft202012Validator(situation_schema())


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_scenario_situation_fits_the_schema(path: Path) -> None:
    situation = json.loads(path.read_text())["situation"]
    VALIDATOR.validate(situation)
    situation_from_dict(situation)


@pytest.mark.parametrize(
    "bad",
    [
        {
            "jurisdiction": "US-XX",
            "client": {"age": 3},
            "event": {"kind": "consultation", "with": "supervisor"},
        },
        {"jurisdiction": "US", "client": {"age": 3}, "event": {"kind": "consultation"}},
        {
            "jurisdiction": "US",
            "client": {"age": 3, "mood": "sad"},
            "event": {"kind": "consultation", "with": "supervisor"},
        },
    ],
)
def test_the_schema_refuses_what_the_parser_refuses(bad: dict[str, object]) -> None:
    assert not VALIDATOR.is_valid(bad)


V2_BASE = {"jurisdiction": "US-CA", "client": {"age": 12}}


@pytest.mark.parametrize(
    ("client", "event", "field"),
    [
        ({"sessions_consented_alone": -1}, None, "client.sessions_consented_alone"),
        ({"deceased": "yes"}, None, "client.deceased"),
        (None, {"alleged_perpetrator": "neighbour"}, "event.alleged_perpetrator"),
        (None, {"victim_age": 200}, "event.victim_age"),
        (None, {"serious": 1}, "event.serious"),
    ],
)
def test_version_2_fields_are_checked_alike(
    client: dict[str, object] | None, event: dict[str, object] | None, field: str
) -> None:
    from confide.policy import SituationError

    data = {
        **V2_BASE,
        "client": {**V2_BASE["client"], **(client or {})},  # type: ignore[dict-item]
        "event": {"kind": "safety_concern", "concern": "child_abuse", **(event or {})},
    }
    assert not VALIDATOR.is_valid(data)
    with pytest.raises(SituationError) as caught:
        situation_from_dict(data)
    assert caught.value.field == field


def test_version_2_legal_processes_and_crime_victim_fit() -> None:
    for process in ("grand_jury_subpoena", "administrative_request"):
        event = {
            "kind": "information_request",
            "requester": "law_enforcement",
            "information": ["attendance"],
            "legal_process": process,
            "client_is_crime_victim": True,
        }
        VALIDATOR.validate({**V2_BASE, "event": event})
        assert situation_from_dict({**V2_BASE, "event": event}).event.legal_process == process


def test_a_whole_number_written_with_a_point_is_an_age() -> None:
    base = {"jurisdiction": "US", "event": {"kind": "consultation", "with": "supervisor"}}
    assert situation_from_dict({**base, "client": {"age": 16.0}}).client.age == 16
    assert VALIDATOR.is_valid({**base, "client": {"age": 16.0}})
