"""The public scenarios: each must pass through `decide` and through `confide advise`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from confide.policy import decide, situation_from_dict
from tests.policy.scenario_check import CONFIDE, failures, load, own_files, shared_files

ALL = [pytest.param(p, id=f"shared/{p.stem}") for p in shared_files()] + [
    pytest.param(p, id=f"own/{p.stem}") for p in own_files()
]


@pytest.mark.parametrize("path", ALL)
def test_decide_meets_expectations(path: Path) -> None:
    scenario = load(path)
    decision = decide(situation_from_dict(scenario["situation"])).to_dict()
    assert failures(decision, scenario["expect"]) == []


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in shared_files()])
def test_cli_meets_expectations_and_matches_decide(path: Path) -> None:
    done = subprocess.run(
        [str(CONFIDE), "advise", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    scenario = load(path)
    assert failures(printed, scenario["expect"]) == []
    assert printed == decide(situation_from_dict(scenario["situation"])).to_dict()


def test_own_suite_is_broad() -> None:
    """The project's own scenarios span every kind, outcome, requester, category and 20+ places."""
    situations = [load(p)["situation"] for p in own_files()]
    assert len(situations) >= 150
    events = [s["event"] for s in situations]
    assert {e["kind"] for e in events} == {
        "information_request",
        "safety_concern",
        "suspected_violation",
        "consultation",
    }
    from confide.policy.situation import INFORMATION, REQUESTERS

    requests = [e for e in events if e["kind"] == "information_request"]
    assert {e["requester"] for e in requests} == set(REQUESTERS)
    assert {i for e in requests for i in e["information"]} == set(INFORMATION)
    assert len({s["jurisdiction"] for s in situations}) >= 20
    from confide.policy.decision import OUTCOMES

    outcomes = {o for p in own_files() for o in load(p)["expect"].get("outcome_in", [])}
    assert outcomes == set(OUTCOMES)
