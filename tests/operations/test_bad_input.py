"""Bad input on the command line: every `confide` command given malformed input exits non-zero
with a message that says what is wrong (never a traceback), and changes no row."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from django.apps import apps

from confide.cli import main
from confide.practice.demo import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


def _rows() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def _run(argv: list[str], stdin: str = "") -> int:
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return main(argv)
    except SystemExit as done:
        return int(done.code or 0) if not isinstance(done.code, str) else 1
    finally:
        sys.stdin = old


@pytest.fixture
def practice() -> None:
    load_demo(say=lambda _m: None)


def _cases(tmp: Path) -> list[tuple[list[str], str, str]]:
    garbage = tmp / "garbage.backup"
    garbage.write_bytes(b"SQLite format 3\x00 not a backup")
    folder = tmp / "a-folder"
    folder.mkdir()
    not_json = tmp / "situation.json"
    not_json.write_text("{this is not json")
    a_file = tmp / "a-file"
    a_file.write_text("x")
    jsonl = tmp / "in.jsonl"
    jsonl.write_text('{"id": "1", "text": "Sarah Miller"}\n')
    nested = "[" * 100_000 + "]" * 100_000
    return [
        (["advise", "-"], nested, "nested too deeply"),
        (["audit", "export", "--csv", str(tmp / "missing" / "x.csv")], "", "cannot write"),
        (["backup", "--out", str(tmp / "missing" / "x.backup")], "", "does not exist"),
        (["deid", "--jsonl", str(jsonl), "--out", str(jsonl)], "", "must not be the input"),
        (
            ["deid", "--jsonl", str(jsonl), "--out", str(tmp / "o.jsonl"), "--workers", "9999"],
            "",
            "--workers must be",
        ),
        (["advise", str(tmp / "missing.json")], "", "cannot read"),
        (["advise", "-"], "{not json", "cannot read"),
        (["advise", str(not_json)], "", "cannot read"),
        (["advise", "-"], '{"jurisdiction": "US-XX"}', "jurisdiction"),
        (["deid", str(tmp / "missing.txt")], "", "missing.txt"),
        (["createuser", "bob", "--role", "wizard"], "", "invalid choice"),
        (["createuser", "dr.rivera", "--role", "clinician"], "", "already exists"),
        (["audit", "export", "--csv", "-", "--since", "last tuesday"], "", "not a date"),
        (["audit", "rewrite"], "", "invalid choice"),
        (["keys", "spin"], "", "invalid choice"),
        (["keys", "rotate", "--batch", "many"], "", "invalid int"),
        (["export", "csv", "--out", str(folder)], "", "invalid choice"),
        (["export", "fhir", "--out", str(a_file)], "", "not a folder"),
        (["backup", "--out", str(folder)], "", "is a folder"),
        (["backup", "--out", str(a_file)], "", "already exists"),
        (["restore", str(tmp / "missing.backup")], "", "no backup file"),
        (["restore", "--replace", str(garbage)], "", "not a confide backup"),
        (["generate", "--clients", "-5"], "", "at least 1"),
        (["generate", "--notes", "lots"], "", "invalid int"),
        (["demo", "--bogus"], "", "unrecognized arguments"),
        (["serve", "--port", "bad"], "", "invalid int"),
    ]


def test_every_command_refuses_bad_input_clearly_and_changes_nothing(
    practice: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    problems = []
    for argv, stdin, expected in _cases(tmp_path):
        before = _rows()
        code = _run(argv, stdin)
        out = capsys.readouterr()
        said = out.err + out.out
        if code != 2:
            problems.append(f"confide {' '.join(argv)}: exit {code}, not 2")
        if expected.lower() not in said.lower():
            problems.append(f"confide {' '.join(argv)}: no {expected!r} in {said.strip()[-200:]!r}")
        if "Traceback" in said:
            problems.append(f"confide {' '.join(argv)}: traceback")
        if _rows() != before:
            changed = {k for k, v in _rows().items() if before.get(k) != v}
            problems.append(f"confide {' '.join(argv)}: rows changed in {sorted(changed)}")
    assert not problems, "\n".join(problems)
    assert not (tmp_path / "missing").exists()  # no folder made for a mistyped path
    assert (tmp_path / "in.jsonl").read_text().startswith('{"id": "1"')
