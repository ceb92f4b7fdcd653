"""`confide deid`: text, directories, JSONL (with workers), and bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from confide.cli import main as confide_main
from confide.deid.cli import main

KNOWN = [{"text": "Sarah Miller", "kind": "person", "role": "client"}]


def test_stdin_to_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Call 410-555-1234 on 3/4/2024.\n"))
    assert main(["-", "--dates", "redact"]) == 0
    assert capsys.readouterr().out == "Call [phone] on [date].\n"


def test_file_with_known_identifiers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = tmp_path / "note.txt"
    note.write_text("SARAH's week was hard; Miller slept badly.")
    known = tmp_path / "known.json"
    known.write_text(json.dumps(KNOWN))
    assert confide_main(["deid", str(note), "--known", str(known)]) == 0
    assert capsys.readouterr().out == "[Client]'s week was hard; [Client] slept badly."


def test_directory_is_one_packet(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text("Her friend Nadia Petrova came on 3/4/2024.")
    (src / "b.txt").write_text("Nadia called on 3/11/2024.")
    (src / "skip.md").write_text("not a note")
    assert main([str(src), "--out", str(out), "--seed", "4"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt"]
    a, b = (out / "a.txt").read_text(), (out / "b.txt").read_text()
    assert "[Person 1]" in a and b.startswith("[Person 1] called")
    assert "Nadia" not in a + b


def test_directory_needs_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path)]) == 2
    assert "--out" in capsys.readouterr().err


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = [
    json.dumps({"id": f"n-{i}", "text": f"Sarah met Dr. Hulse on 3/{i}/2024.", "known": KNOWN})
    for i in range(1, 8)
]


@pytest.mark.parametrize("workers", [1, 2])
def test_jsonl_in_order_with_offsets(tmp_path: Path, workers: int) -> None:
    src = _jsonl(tmp_path / "in.jsonl", GOOD)
    out = tmp_path / "out.jsonl"
    assert main(["--jsonl", str(src), "--out", str(out), "--workers", str(workers)]) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == [f"n-{i}" for i in range(1, 8)]
    first = records[0]
    text = json.loads(GOOD[0])["text"]
    assert [text[s["start"] : s["end"]] for s in first["spans"]] == ["Sarah", "Hulse", "3/1/2024"]
    assert {s["kind"] for s in first["spans"]} == {"person", "date"}
    assert first["text"].startswith("[Client] met Dr. [Person 1] on ")


def test_bad_lines_are_reported_and_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [GOOD[0], "{not json", json.dumps({"id": "x", "text": 5}), GOOD[1]]
    src = _jsonl(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out.jsonl"
    assert main(["--jsonl", str(src), "--out", str(out), "--workers", "2"]) == 2
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["n-1", "n-2"]
    err = capsys.readouterr().err
    assert "in.jsonl:2:" in err and "in.jsonl:3:" in err


def test_bad_known_entry_fails_only_that_document(tmp_path: Path) -> None:
    bad = json.dumps({"id": "b", "text": "hi", "known": [{"text": "X", "kind": "planet"}]})
    src = _jsonl(tmp_path / "in.jsonl", [bad, GOOD[2]])
    out = tmp_path / "out.jsonl"
    assert main(["--jsonl", str(src), "--out", str(out)]) == 2
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["n-3"]


@pytest.mark.parametrize(
    "argv",
    [
        ["/no/such/file.txt"],
        ["--jsonl", "/no/such/in.jsonl", "--out", "/tmp/never.jsonl"],
        ["--jsonl", "in.jsonl"],
        [],
    ],
)
def test_unreadable_input_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("confide deid:")


def test_undecodable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = tmp_path / "bin.txt"
    note.write_bytes(b"\xff\xfe\x00bad")
    assert main([str(note)]) == 2
    assert "confide deid:" in capsys.readouterr().err
