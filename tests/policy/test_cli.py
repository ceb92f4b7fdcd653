"""`confide advise`: exit codes and messages."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest

from confide.policy import decide, situation_from_dict
from confide.policy.cli import main
from tests.policy.scenario_check import CONFIDE, load, own_files

SAMPLE = own_files()[0]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_prints_decision(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["advise", str(SAMPLE)], capsys)
    assert code == 0
    expected = decide(situation_from_dict(load(SAMPLE)["situation"])).to_dict()
    assert json.loads(out) == expected


def test_version_2_decision_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "v2.json"
    situation = {
        "jurisdiction": "US-CA",
        "client": {"age": 9},
        "event": {
            "kind": "safety_concern",
            "concern": "child_abuse",
            "alleged_perpetrator": "other",
        },
    }
    path.write_text(json.dumps(situation))
    code, out, _ = run(["advise", str(path)], capsys)
    printed = json.loads(out)
    assert code == 0 and list(printed)[:3] == ["outcome", "obligation", "verified"]
    # `verified` holds exactly when every rule of the basis was read in the official text
    # (which rules are is data: the rule pack's verification moves, this must not).
    assert printed["verified"] is all(b["confidence"] == "verified" for b in printed["basis"])
    assert {"confidence", "checked", "source"} <= set(printed["basis"][0])
    assert all(d["within_hours"] >= 0 for d in printed["deadlines"])
    assert printed == decide(situation_from_dict(situation)).to_dict()


def test_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    situation = load(SAMPLE)["situation"]
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(situation)))
    code, out, _ = run(["-"], capsys)
    assert code == 0 and json.loads(out)["basis"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("{not json", "cannot read"),
        ('{"jurisdiction": "US", "client": {"age": 3}, "event": {"kind": "x"}}', "event.kind"),
        ('{"jurisdiction": "US-QQ", "client": {"age": 3}, "event": {}}', "jurisdiction"),
        (
            '{"jurisdiction": "US", "client": {"age": 3}, "colour": 1, '
            '"event": {"kind": "consultation", "with": "peer_group"}}',
            "colour",
        ),
    ],
)
def test_invalid_input_exits_2_naming_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, named: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    code, out, err = run(["advise", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert named in err


def test_missing_file_and_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["advise", "/nonexistent.json"], capsys)[0] == 2
    assert run([], capsys)[0] == 2


def test_console_script_exit_code(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"jurisdiction": "US", "client": {"age": "old"}}')
    done = subprocess.run([str(CONFIDE), "advise", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert "client.age" in done.stderr


def test_scenario_envelope_and_strictness(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scenario file is read for its situation; a situation with stray keys is still refused."""
    scenario = load(SAMPLE)
    envelope = tmp_path / "envelope.json"
    envelope.write_text(json.dumps({**scenario, "notes": "reviewer's comment"}))
    code, out, _ = run(["advise", str(envelope)], capsys)
    assert code == 0
    assert json.loads(out) == decide(situation_from_dict(scenario["situation"])).to_dict()
    stray = tmp_path / "stray.json"
    stray.write_text(json.dumps({**scenario["situation"], "situation": {}}))
    code, _, err = run(["advise", str(stray)], capsys)
    assert code == 2 and "situation" in err
