"""Employers named after a job ("an architect at Kimura & Lee Architects") and facilities
whose names end in center, chapel, fellowship and the like, made of capitalised words."""

from __future__ import annotations

import pytest

from confide.deid import Deidentifier
from tests.deid.helpers import covered

ENGINE = Deidentifier()


@pytest.mark.parametrize(
    "text, employer",
    [
        (
            "He is a 36-year-old architect at Kimura & Lee Architects, burnt out.",
            "Kimura & Lee Architects",
        ),
        (
            "She works as a pastry chef at Sugar & Salt Bakery; her partner is an analyst.",
            "Sugar & Salt Bakery",
        ),
        ("He now works nights stocking shelves at Al-Noor Market.", "Al-Noor Market"),
        (
            "He is an accountant at Brightwater Credit Union and hates it.",
            "Brightwater Credit Union",
        ),
    ],
)
def test_the_employer_after_a_job_is_an_organisation(text: str, employer: str) -> None:
    assert covered(text, employer, "organization")


@pytest.mark.parametrize(
    "text",
    [
        "She is a nurse at home for her mother and a teacher at heart.",
        "NURSE AT BEDSIDE, PT RESTING. AIDE AT ICU DESK.",
        "He was a volunteer at the ICU for a year.",
    ],
)
def test_a_job_before_no_name_finds_no_employer(text: str) -> None:
    assert [s for s in ENGINE.detect(text) if s.kind == "organization"] == []


@pytest.mark.parametrize(
    "text, facility",
    [
        (
            "She visited Sunrise Adult Day Center on a weekday and liked it.",
            "Sunrise Adult Day Center",
        ),
        (
            "Referred by her pastor, of New Covenant Fellowship, last month.",
            "New Covenant Fellowship",
        ),
        ("The family attends Grace Chapel on Sundays.", "Grace Chapel"),
    ],
)
def test_a_facility_with_a_center_or_chapel_ending_is_a_place(text: str, facility: str) -> None:
    assert covered(text, facility)


def test_a_generic_center_is_not_a_facility() -> None:
    text = "Pt moved to the center of the bed. Outside hospital records reviewed."
    assert [s for s in ENGINE.detect(text) if s.kind == "location"] == []


@pytest.mark.parametrize(
    "text, place",
    [
        ("Places that help: the barbershop on Edgewood Ave; my cousin's.", "Edgewood Ave"),
        ("She visited a day programme on Lilly Road and liked it.", "Lilly Road"),
        ("He sends money every month to his mother in Lagos.", "Lagos"),
        ("Her parents in Malmö have not replied.", "Malmö"),
    ],
)
def test_a_street_without_a_number_and_kin_abroad_are_places(text: str, place: str) -> None:
    assert covered(text, place, "location")


def test_kin_in_a_state_of_being_is_no_place() -> None:
    text = "Her mother in law came; his family in crisis; dad in bed again."
    assert [s for s in ENGINE.detect(text) if s.kind == "location"] == []


def test_a_hyphenated_authorisation_number_is_one_id() -> None:
    assert covered("Referred by the VA (authorization VA0041-23-118477).", "VA0041-23-118477", "id")
