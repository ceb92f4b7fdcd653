"""Places and employers named in passing (deid/places_context.py): units, facilities by
their kind word, facility initials, neighbourhoods, towns written small and employers after
a work cue; and the ordinary words, countries and clinical initials that must stay.

Every example is written for these tests in the way clinicians write (hurried, lower case,
shorthand); none comes from a benchmark corpus."""

from __future__ import annotations

import pytest

from confide.deid import Deidentifier
from confide.deid.lexicon import countries, employers, neighborhoods
from tests.deid.helpers import covered

ENGINE = Deidentifier()


def kinds(text: str, kind: str) -> list[str]:
    return [text[s.start : s.end] for s in ENGINE.detect(text) if s.kind == kind]


@pytest.mark.parametrize(
    "text, unit",
    [
        ("pt moved up to 6 West last night, slept ok.", "6 West"),
        ("transferred to 4 west after medical clearance in the ED", "4 west"),
        ("spent 9 days on lakeshore 2 south before discharge home", "lakeshore 2 south"),
        ("Mom says he is back on 5N since Tues and calling her a lot.", "5N"),
        ("per staff on unit 3C she has been eating", "unit 3C"),
        ("was on the 7th floor adolescent unit in 2022, hated it", "7th floor adolescent unit"),
    ],
)
def test_a_hospital_unit_is_a_location(text: str, unit: str) -> None:
    assert covered(text, unit, "location")


@pytest.mark.parametrize(
    "text",
    [
        "HR in 80s, BP 120s/70s, sats 95% on 2L.",
        "drove 3 miles west to get to the shelter.",
        "took I-94 west home after group.",
        "lunch at 12n, then nap. ward 3 of the workbook done.",
        "she said unit 3 of the DBT workbook was the hardest",
    ],
)
def test_numbers_and_directions_that_name_no_unit_are_left(text: str) -> None:
    assert kinds(text, "location") == []


@pytest.mark.parametrize(
    "text, place",
    [
        ("ED visit at Riverside General on 5/2, d/c same day.", "Riverside General"),
        ("was referred to Dakota Behavioral Health for an IOP intake.", "Dakota Behavioral Health"),
        ("slept 3 nights at the Salvation Mission shelter", "Salvation Mission shelter"),
        ("custody hearing at Ramsey County Family Court next month", "Ramsey County Family Court"),
        ("her son is a senior at Jefferson HS and plays trumpet", "Jefferson HS"),
        ("Her daughter starts at Whitman High in the fall.", "Whitman High"),
        ("did 30 days at Brightwater then sober living", "Brightwater"),
        ("he was inpatient at Northfield for a week in 2021", "Northfield"),
        ("Admitted to HMCH overnight for obs.", "HMCH"),
        ("Her psychiatrist at OHSU changed the dose.", "OHSU"),
        ("Transferred to UCLA for the neuro workup.", "UCLA"),
        ("His brother is a junior at UC Davis.", "UC Davis"),
        ("She dropped out of UT Dallas last spring.", "UT Dallas"),
        ("choir at St. Brendan's Parish helps", "St. Brendan's Parish"),
        ("mom takes her to a youth group at calvary chapel on weds", "calvary chapel"),
        ("he goes to mass at st joseph most sundays", "st joseph"),
        ("baby born at st. marys in june, no complications", "st. marys"),
        ("arraigned at Plymouth district court last week", "Plymouth district court"),
        ("burial at Fort Logan national cemetery, he wants to go", "Fort Logan national cemetery"),
        ("2 nights at Seattle Children's for the asthma flare", "Seattle Children"),
        ("referred by Maple Ridge Family Counseling in may", "Maple Ridge Family Counseling"),
    ],
)
def test_a_facility_named_by_its_kind_or_its_cue_is_a_place(text: str, place: str) -> None:
    assert covered(text, place)


@pytest.mark.parametrize(
    "text",
    [
        "She read about the Supreme Court case online.",
        "He was admitted to the ICU, then to MICU, then back to CCU.",
        "Transferred to PACU in stable condition.",
        "Pt's PAD's high teens; desat to the high 80's at times.",
        "seen in the ER at noon, sent to CT.",
        "In general her mood is better.",
        "Letter from the Surgeon General on vaping was discussed.",
        "she stopped going to church; in church she used to feel calm.",
    ],
)
def test_generic_courts_titles_and_clinical_initials_are_not_facilities(text: str) -> None:
    assert kinds(text, "location") == [] and kinds(text, "organization") == []


@pytest.mark.parametrize(
    "text, place",
    [
        ("they rent in Bushwick now, cheaper", "Bushwick"),
        ("grew up in roxbury w/ grandmother", "roxbury"),
        ("She lives in the Maplewood neighborhood with her aunt.", "Maplewood"),
        ("they moved to the Eastlake area last spring", "Eastlake"),
        ("his dad is over in Greenfield most weekends", "Greenfield"),
        ("pt said mom moved to kalamazoo after the divorce", "kalamazoo"),
        ("drove back from ypsilanti late, tired in session", "ypsilanti"),
        ("Lives in Uptown with two roommates.", "Uptown"),
    ],
)
def test_neighbourhoods_and_small_written_towns_after_a_cue_are_places(
    text: str, place: str
) -> None:
    assert covered(text, place, "location")


@pytest.mark.parametrize(
    "text",
    [
        "she was in Love with him at 19, she said.",
        "talked about moving from hope to action.",
        "came home from work exhausted.",
        "uptown music was on in the waiting room.",
        "moved here from Guatemala in 2019; family still in Honduras.",
        "Her parents are from Vietnam and visit every year.",
        "She flew to Mexico for the holidays.",
        "2 HLS NOTED, BOTH PATENT AND FLUSHING.",
        "her aunt visiting from Ibadan thinks she is lazy.",
    ],
)
def test_ordinary_words_and_countries_are_not_places(text: str) -> None:
    assert kinds(text, "location") == []


@pytest.mark.parametrize(
    "text, employer",
    [
        ("got laid off from Boeing in march, money is tight", "Boeing"),
        ("he works at costco on weekends", "costco"),
        ("finally got a job at target, starts monday", "target"),
        ("picked up a night shift at the walmart warehouse", "walmart"),
        ("started at Kroger last month as a stocker", "Kroger"),
        ("still working at eastside auto body, boss is ok", "eastside auto body"),
        ("was fired from Medtronic after the DUI", "Medtronic"),
        ("works part time at Costco, nights mostly", "Costco"),
        ("applied to Cargill and two temp agencies", "Cargill"),
    ],
)
def test_an_employer_after_a_work_cue_is_an_organisation(text: str, employer: str) -> None:
    assert covered(text, employer, "organization")


@pytest.mark.parametrize(
    "text",
    [
        "we will work with Helen on the safety plan.",
        "she started at 10 mg and went up to 20.",
        "aim: target the avoidance first.",
        "works at home most days, on Zoom a lot.",
        "working on boundaries with her mother.",
        "has HHA services twice a week; did marriage counseling in 2019.",
        "she applied for SSDI and works to pay the rent.",
    ],
)
def test_work_words_before_no_employer_find_none(text: str) -> None:
    assert kinds(text, "organization") == []


def test_the_new_lists_carry_what_they_promise() -> None:
    assert "guatemala" in countries() and "new zealand" in countries()
    assert neighborhoods()["bushwick"] is False and neighborhoods()["uptown"] is True
    assert employers()["costco"] is False and employers()["target"] is True


def test_an_employer_found_once_is_found_again_in_the_packet_but_not_its_ordinary_words() -> None:
    packet = ENGINE.packet(seed=1)
    first = "still working at eastside auto body, hates the hours."
    later = "boss at eastside cut his shifts. his body aches, auto loan is due."
    packet.run(first)
    result = packet.run(later)
    marked = [later[s.start : s.end] for s in result.spans]
    assert "eastside" in marked and "body" not in marked and "auto" not in marked
