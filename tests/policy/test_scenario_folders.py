"""The suite owns its public scenarios; CONFIDE_EXTRA_SCENARIOS adds a folder, never silently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.policy.scenario_check import EXTRA_SCENARIOS_ENV, SHARED_SCENARIOS, shared_files


def test_repository_holds_the_public_scenarios(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(EXTRA_SCENARIOS_ENV, raising=False)
    files = shared_files()
    assert len(files) >= 11
    assert all(p.parent == SHARED_SCENARIOS for p in files)
    assert (SHARED_SCENARIOS / "SOURCE.md").is_file()


def test_extra_folder_adds_its_scenarios(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "one.json").write_text(json.dumps({"situation": {}, "expect": {}}), "utf-8")
    monkeypatch.setenv(EXTRA_SCENARIOS_ENV, str(extra))
    files = shared_files()
    assert files[-1] == extra / "one.json"
    assert len(files) == len(sorted(SHARED_SCENARIOS.glob("*.json"))) + 1


def test_missing_extra_folder_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(EXTRA_SCENARIOS_ENV, str(tmp_path / "absent"))
    with pytest.raises(pytest.fail.Exception, match="is not a folder"):
        shared_files()
