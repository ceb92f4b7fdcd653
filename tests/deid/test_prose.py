"""Places and people after plain-prose cues, and timestamps."""

from __future__ import annotations

import pytest

from tests.deid.helpers import covered, found


@pytest.mark.parametrize(
    "text, place",
    [
        ("The family moved here from Kenosha when she was small.", "Kenosha"),
        ("I am in ΛΕΥΚΩΣΙΑ for a business trip, she wrote to her therapist.", "ΛΕΥΚΩΣΙΑ"),
        ("Her brother flew to Tromsø after the funeral.", "Tromsø"),
        ("He spent two years in Mavčiče before the divorce.", "Mavčiče"),
        ("She is originally from Gondregnies and misses it.", "Gondregnies"),
    ],
)
def test_places_after_prose_cues(text: str, place: str) -> None:
    assert covered(text, place, "location")


@pytest.mark.parametrize(
    "text, name",
    [
        ('"We keep going," says Joly.', "Joly"),
        ("Directed By:    Johannes Varvio", "Johannes Varvio"),
        ("What's your last name? Magnusson", "Magnusson"),
        ("Hi Manlio, thanks for the referral letter.", "Manlio"),
    ],
)
def test_people_after_naming_cues(text: str, name: str) -> None:
    assert covered(text, name, "person")


@pytest.mark.parametrize(
    "text",
    [
        "I am in Pain most mornings, she said.",
        "We are in ICU overnight with the client's mother.",
        "She says Hello. Then she cries.",
        "Over the last two years in Therapy things have improved.",
    ],
)
def test_ordinary_capitalised_words_after_cues_are_kept(text: str) -> None:
    assert not any(kind in {"location", "person"} for _, kind in found(text))


def test_cues_say_nothing_in_an_all_caps_note() -> None:
    assert found("PT STATES I AM IN PAIN. MOVED HERE FROM HOME LAST YEAR.") == []


def test_timestamp_keeps_its_time() -> None:
    text = "Session logged 2000-04-16 11:34:35 by the front desk."
    assert ("2000-04-16 11:34:35", "date") in found(text)
