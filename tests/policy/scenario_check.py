"""Loading scenario files and checking a decision against their `expect` block."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
OWN_SCENARIOS = Path(__file__).resolve().parent / "scenarios"
# The public reference scenarios, copied into the repository (source in shared/SOURCE.md).
SHARED_SCENARIOS = OWN_SCENARIOS / "shared"
# An extra scenario folder run as well when set (`.ci/run` points it at ../shared/scenarios).
EXTRA_SCENARIOS_ENV = "CONFIDE_EXTRA_SCENARIOS"
CONFIDE = REPO / ".venv" / "bin" / "confide"
EXPECT_KEYS = {
    "outcome_in",
    "obligation_in",
    "actions_include",
    "actions_exclude",
    "release_scope_excludes",
    "basis_includes",
}


def shared_files() -> list[Path]:
    """The public scenarios the repository holds, then those of the extra folder, if any.

    The extra folder is named by CONFIDE_EXTRA_SCENARIOS; set but missing is an error (a typo
    must not silently run fewer scenarios).
    """
    files = sorted(SHARED_SCENARIOS.glob("*.json"))
    if not files:
        pytest.fail(f"no scenarios in {SHARED_SCENARIOS}: the repository's copy is missing")
    extra = os.environ.get(EXTRA_SCENARIOS_ENV, "")
    if extra:
        folder = Path(extra)
        if not folder.is_dir():
            pytest.fail(f"{EXTRA_SCENARIOS_ENV}={extra} is not a folder")
        files += sorted(folder.glob("*.json"))
    return files


def own_files() -> list[Path]:
    return sorted(OWN_SCENARIOS.glob("*.json"))


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def failures(decision: dict[str, Any], expect: dict[str, list[str]]) -> list[str]:
    """Every way `decision` misses `expect`; empty when it passes."""
    unknown = set(expect) - EXPECT_KEYS
    found = [f"unknown expect keys {sorted(unknown)}"] if unknown else []
    if "outcome_in" in expect and decision["outcome"] not in expect["outcome_in"]:
        found.append(f"outcome {decision['outcome']!r} not in {expect['outcome_in']}")
    if "obligation_in" in expect and decision["obligation"] not in expect["obligation_in"]:
        found.append(f"obligation {decision['obligation']!r} not in {expect['obligation_in']}")
    found += [
        f"action {a!r} missing"
        for a in expect.get("actions_include", [])
        if a not in decision["actions"]
    ]
    found += [
        f"action {a!r} present"
        for a in expect.get("actions_exclude", [])
        if a in decision["actions"]
    ]
    found += [
        f"{i!r} released"
        for i in expect.get("release_scope_excludes", [])
        if i in decision["release_scope"]
    ]
    rules = {entry["rule"] for entry in decision["basis"]}
    found += [f"basis lacks {r!r}" for r in expect.get("basis_includes", []) if r not in rules]
    return found
