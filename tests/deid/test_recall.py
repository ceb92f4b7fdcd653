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


@pytest.mark.parametrize(
    "text, place",
    [
        (UPPER + "80 YO ADMITTED TO BRAMWELL HOSPIATAL AFTER A FALL.", "BRAMWELL"),
        (UPPER + "TRANSFERRED FROM MEMORIAL HOSPITAL WITH CHEST PAIN.", "MEMORIAL"),
        (UPPER + "FOUND UNRESPONSIVE ON WESTBROOK 6; CODE CALLED.", "WESTBROOK"),
        (UPPER + "PLAN: WESTBROOK 2 WHEN BED AVAILABLE.", "WESTBROOK"),
        (LOWER + "Per Westbrook 3 RN, uo only 20cc.", "Westbrook"),
        (UPPER + "ADMITTED TO WESTBROOK7 W/ CHF.", "WESTBROOK7"),
        (LOWER + "daughter is flying in tomorrow from Denver.", "Denver"),
        (UPPER + "SON TO ARRIVE 9/9 @ 1900 FROM PORTLAND.", "PORTLAND"),
        ("She is in Mercy Medical Center in Glenburnie.\n", "Glenburnie"),
        ("Lives in elderly housing at 19 Maple St. in Riverdale. Her son visits.", "Riverdale"),
        ("Nephew, Paul Greer of Ellicott visited today.", "Ellicott"),
        (
            LOWER + "transferred to bramwell-adventist rehab facility at 13:10.",
            "bramwell-adventist",
        ),
        (LOWER + "a brief overview of this catonsville maryland facility.", "catonsville"),
        (LOWER + "he works for vista health.\n", "vista health"),
        ("He worries about his business Brightline while he is here.", "Brightline"),
    ],
)
def test_places_in_terse_notes(text: str, place: str) -> None:
    assert covered(text, place), found(text)


@pytest.mark.parametrize(
    "text",
    [
        UPPER + "REMAINS ON CACL 8GM/400CC. ON DOPA 8MCQ. ON COMBIVENTQ4 AND SEREVENT.",
        UPPER + "CON'T TO HAVE PERIODS OF LOOSE STOOL. P: CON'T REHAB/PT.",
        LOWER + "started on kefzol 1gm q8h. tolerating cpap 5 well.",
        LOWER + "to have 2 units prbc tonight, then to receive 1 more.",
        "The clinic serves all of western Maryland.",
        LOWER + "he works for the state.\n",
    ],
)
def test_doses_and_plans_are_not_places(text: str) -> None:
    assert not [f for f in found(text) if f[1] in {"location", "organization"}], found(text)
