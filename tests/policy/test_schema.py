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


def test_a_whole_number_written_with_a_point_is_an_age() -> None:
    base = {"jurisdiction": "US", "event": {"kind": "consultation", "with": "supervisor"}}
    assert situation_from_dict({**base, "client": {"age": 16.0}}).client.age == 16
    assert VALIDATOR.is_valid({**base, "client": {"age": 16.0}})
