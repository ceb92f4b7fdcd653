"""Therapy-style notes written for these tests: every mention of a known identifier is caught.

Each note in tests/deid/notes/ has NAME.txt, NAME.json (the case's known identifiers, as the
practice's records would hold them) and NAME.mentions (every mention, in order of appearance).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from confide.deid import Deidentifier, KnownIdentifier, Options

NOTES = Path(__file__).parent / "notes"
NAMES = sorted(p.stem for p in NOTES.glob("*.txt"))


def load(name: str) -> tuple[str, list[KnownIdentifier], list[str]]:
    text = (NOTES / f"{name}.txt").read_text(encoding="utf-8")
    known = [KnownIdentifier.from_dict(k) for k in json.loads((NOTES / f"{name}.json").read_text())]
    mentions = (NOTES / f"{name}.mentions").read_text(encoding="utf-8").splitlines()
    return text, known, [m for m in mentions if m.strip()]


def mentions_with_offsets(text: str, mentions: list[str]) -> list[tuple[str, int, int]]:
    """Locate each mention after the previous one, so repeated names are checked each time."""
    out = []
    pos = 0
    for mention in mentions:
        at = text.index(mention, pos)
        out.append((mention, at, at + len(mention)))
        pos = at + 1
    return out


CASES = [
    (name, mention, start, end)
    for name in NAMES
    for mention, start, end in mentions_with_offsets(load(name)[0], load(name)[2])
]


@pytest.mark.parametrize(("name", "mention", "start", "end"), CASES)
def test_every_known_mention_is_caught(name: str, mention: str, start: int, end: int) -> None:
    text, known, _ = load(name)
    spans = Deidentifier(known, Options(seed=7)).detect(text)
    if mention.lower().endswith("'s"):
        end -= 2  # the possessive ending stays, so the output reads "[Client]'s"
    missed = [
        i
        for i in range(start, end)
        if text[i].isalnum() and not any(s.start <= i < s.end for s in spans)
    ]
    assert not missed, f"{name}: {mention!r} at {start} not covered"


@pytest.mark.parametrize("name", NAMES)
def test_no_known_name_survives_in_the_output(name: str) -> None:
    text, known, _ = load(name)
    out = Deidentifier(known, Options(seed=7)).run(text).text.lower()
    for item in known:
        for part in item.text.lower().replace(",", " ").split():
            if len(part) > 2 and item.kind == "person":
                assert part not in out.split(), f"{part!r} left in {name}"


def test_notes_cover_the_four_case_types() -> None:
    assert {"couple", "family", "teen", "group"} <= set(NAMES)
