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


@pytest.mark.parametrize(
    "text, name",
    [
        (UPPER + "PVCS NOTED. JO PELLICANO AWARE, MGSO4 GIVEN.", "JO PELLICANO"),
        (UPPER + "PM DOSE HELD. PER HALVORSEN WILL HOLD PRESENTLY.", "HALVORSEN"),
        (UPPER + "AGENCY TO MEET T. RASMUSSO TOMORROW.", "T. RASMUSSO"),
        (UPPER + "PLAN FOR TAP...ROY BELFIORE (RESIDENT) WORKING ON IT.", "ROY BELFIORE"),
        ("Call her cell 410-555-0101 and ask to page Marguerite.\n", "Marguerite"),
        ("Hank Oduya (son) called. Both Lisandra and Hank are proxies.", "Lisandra"),
        ("wendeline okafor is a 70 yr old female with chf.", "wendeline okafor"),
    ],
)
def test_more_clinician_and_family_cues(text: str, name: str) -> None:
    assert covered(text, name, "person"), found(text)


@pytest.mark.parametrize(
    "text, place",
    [
        (LOWER + "hpi- admitted 9/30/16 to westbrook 2 with chf.", "westbrook"),
        (LOWER + "pt transferred to 209 westbrook.\n", "westbrook"),
    ],
)
def test_wards_with_a_date_or_a_room(text: str, place: str) -> None:
    assert covered(text, place, "location"), found(text)


@pytest.mark.parametrize(
    "text",
    [
        UPPER + "PT SEDATE ON 5 ATIVAN. LABS AT 2000 CRIT. HCT 30 FROM 35 PRECATH.",
        LOWER + "3 episodes of black diarrhea, black (pt is on iron tid). chest ache (pt says).",
        UPPER + "HOUSE OFFICER AWARE. MICU TEAM NOTIFIED. PER TEAM WILL WAIT.",
        "Paged Renal and called Pharmacy about the dose.",
        "The patient is a 70 yo man.",
    ],
)
def test_more_non_names(text: str) -> None:
    assert not [f for f in found(text) if f[1] in {"person", "location"}], found(text)


@pytest.mark.parametrize(
    "text, name",
    [
        ("SBP down to 80s. Dr. o brannigan and Dr. Kessel in room.", "o brannigan"),
        (UPPER + "KCL GIVEN. JO PELLICANO AND DRS HALE AND RUIZ AWARE.", "JO PELLICANO"),
        (UPPER + "PM DOSE HELD. PER HALVORSS WILL HOLD PRESENTLY.", "HALVORSS"),
    ],
)
def test_names_beside_doctors(text: str, name: str) -> None:
    assert covered(text, name, "person"), found(text)


def test_clinical_words_before_and_dr_are_not_names() -> None:
    text = UPPER + "PT HAS MINIMAL CORNEAL REFLEX AND DR. MAHN HAS SPOKEN WITH FAMILY."
    assert ("CORNEAL REFLEX", "person") not in found(text)


def test_lower_case_name_after_spoke_with() -> None:
    text = LOWER + "social: case manager spoke with rosalind today about the plan."
    assert covered(text, "rosalind", "person"), found(text)
    text = LOWER + "spoke with dr. peruzzi about the plan."
    assert ("dr", "person") not in [(a.lower(), b) for a, b in found(text)]


@pytest.mark.parametrize(
    "text, value, kind",
    [
        ("Social: Had a bed @ St A. but will need to be rescreened.", "St A", "location"),
        (LOWER + "\nsocial: bill called once about 4:30am.", "bill", "person"),
        (UPPER + "\nFAMILY: GRACE VISITED THIS AFTERNOON.", "GRACE", "person"),
        (LOWER + "Surgeon from Fairhaven in this eve to talk to pt.", "Fairhaven", "location"),
    ],
)
def test_saints_labels_and_surgeons(text: str, value: str, kind: str) -> None:
    assert covered(text, value, kind), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Social: will call the family later.",
        UPPER + "ST A. FIB ON MONITOR, RATE 110S.",
        LOWER + "surgeon from ortho in to see pt.",
    ],
)
def test_saints_labels_and_surgeons_not_overread(text: str) -> None:
    assert not [f for f in found(text) if f[1] in {"person", "location"}], found(text)


def test_second_facility_and_joined_dates() -> None:
    text = UPPER + "SCREENED BY LAKESIDE REHAB AND BRANTWOOD. PT MAY GO THERE."
    assert covered(text, "BRANTWOOD", "location"), found(text)
    text = UPPER + "REHAB AND PT TO FOLLOW."
    assert not [f for f in found(text) if f[1] == "location"], found(text)
    text = "Radiation treatments 10/03/10/04 and due again next week."
    assert covered(text, "10/03/10/04", "date"), found(text)


def test_enlarged_name_lists_and_eponyms() -> None:
    text = "Spoke with Marguerite Delacruz and Rolando Castaneda about the plan."
    assert covered(text, "Marguerite Delacruz", "person"), found(text)
    assert covered(text, "Rolando Castaneda", "person"), found(text)
    text = UPPER + "TO XRAY FOR HICKMAN PLACEMENT. T-BERG FOR LOW BP. TOLERATING ADA DIET."
    assert not [f for f in found(text) if f[1] == "person"], found(text)
    text = UPPER + "WOUND EDGES SMALL, CHEST WALL TENDER, PACE 70, PAGE HO IF SBP LOW."
    assert not [f for f in found(text) if f[1] == "person"], found(text)
