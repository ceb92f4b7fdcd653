"""Cues added for recall on terse nursing notes: each with the case it must find and, where the
cue is loose, the ordinary text it must leave alone. Names here are invented."""

from __future__ import annotations

import pytest

from tests.deid.helpers import covered, found

LOWER = "pt resting comfortably, vs stable, no acute events overnight. "
UPPER = "PT RESTING COMFORTABLY, VS STABLE, NO ACUTE EVENTS OVERNIGHT. "


@pytest.mark.parametrize(
    "text, name",
    [
        (UPPER + "SOCIAL: SISTER IDA IN MOST OF DAY.", "IDA"),
        (LOWER + "social-son Ned notified of change.", "Ned"),
        (LOWER + "social: Brennt Halloran MD spoke with family.", "Brennt Halloran"),
        (UPPER + "NOTE WRITTEN IN ERROR. W. TARKANIAN RRT\n", "W. TARKANIAN"),
        (UPPER + "PLAN DISCUSSED WITH AGNES VOLKONSKY OF LEGAL.", "VOLKONSKY"),
        (LOWER + "support given by martin galbreth from pastoral care.", "galbreth"),
    ],
)
def test_names_in_terse_notes(text: str, name: str) -> None:
    assert covered(text, name, "person"), found(text)


@pytest.mark.parametrize(
    "text",
    [
        UPPER + "WIFE HAS QUESTIONS, SON DID VISIT.",
        LOWER + "family aware. pt needs a nasal trumpet, md aware.",
        "Sarah's mood improved.",
        UPPER + "DAUGHTER AGE 40 AT BEDSIDE.",
    ],
)
def test_terse_note_words_are_not_names(text: str) -> None:
    people = [f for f in found(text) if f[1] == "person"]
    assert all(f[0].lower() in {"sarah"} for f in people), people
