"""The sourced allow-lists (drugs.txt, clinical_allow.txt, abbreviations.txt): clinical words
that sit where names sit ("Huntington's", "started Zoloft", "client SI") are never taken for
people, while a person with an eponym's surname still is. Examples written for these tests."""

from __future__ import annotations

import pytest

from confide.deid import Deidentifier
from confide.deid.lexicon import abbreviations, allowed_terms, read_data
from tests.deid.helpers import covered, found


def _untouched(text: str, word: str) -> bool:
    at = text.index(word)
    spans = Deidentifier().detect(text)
    return not any(s.start < at + len(word) and at < s.end for s in spans)


@pytest.mark.parametrize(
    "text, word",
    [
        ("Father has Huntington's; client worried about testing.", "Huntington"),
        ("Parkinson's runs in the family, grandfather dx at 60.", "Parkinson"),
        ("dx: Asperger's in childhood, now ASD level 1", "Asperger"),
        ("hx of Tourette's, tics worse under stress", "Tourette"),
        ("Her mother's Alzheimer's has progressed; client is primary carer.", "Alzheimer"),
        ("Brother with Down syndrome lives with the parents.", "Down"),
        ("Client identifies as African American and bisexual.", "African American"),
        ("Medicaid's renewal was denied, appeal filed.", "Medicaid"),
        ("Brother has Ehlers-Danlos and chronic pain.", "Ehlers"),
        ("Medicare and Medicaid both pending per the caseworker.", "Medicare"),
        ("Framingham risk score reviewed with the pcp.", "Framingham"),
    ],
)
def test_eponyms_programmes_and_groups(text: str, word: str) -> None:
    assert _untouched(text, word), found(text)


@pytest.mark.parametrize(
    "text, word",
    [
        ("Rexulti's side effects reviewed, no akathisia.", "Rexulti"),
        ("Qelbree's dosing changed by the pcp last month.", "Qelbree"),
        ("Caplyta's sedation is worse in the mornings.", "Caplyta"),
        ("Vraylar said to cause restlessness, client worried.", "Vraylar"),
        ("Started Wegovy's lower dose per the pcp.", "Wegovy"),
        ("Started Zoloft 50mg last week; Lexapro caused nausea.", "Zoloft"),
        ("Client said Vyvanse helped more than Concerta did.", "Vyvanse"),
    ],
)
def test_drug_names(text: str, word: str) -> None:
    """Brand names in a name's position (a possessive, before a verb people take)."""
    assert _untouched(text, word), found(text)


@pytest.mark.parametrize(
    "text, word",
    [
        ("SATS 98% on RA, REHAB consult placed.", "SATS"),
        ("Exam WNL. Meds PRN only. NKDA.", "NKDA"),
        ("PHQ-9 14, GAD-7 12, PCL-5 41 at intake.", "PHQ"),
        ("client SI passive, no plan; HI denied.", "SI"),
        ("pt PT twice weekly, OT eval pending", "PT"),
        ("client MSE: alert, oriented, mood low", "MSE"),
    ],
)
def test_chart_words_scales_and_abbreviations(text: str, word: str) -> None:
    assert _untouched(text, word), found(text)


@pytest.mark.parametrize(
    "text, name",
    [
        ("Client met with Dr. Marfan on Monday about the referral.", "Marfan"),
        ("Her neighbor Mrs. Huntington called about the noise again.", "Huntington"),
    ],
)
def test_a_person_with_an_eponyms_surname_is_still_a_person(text: str, name: str) -> None:
    """An eponym on the list is dropped only as an eponym ("Huntington's"), not as a name."""
    assert covered(text, name, "person"), found(text)


@pytest.mark.parametrize("name", ["drugs.txt", "clinical_allow.txt", "abbreviations.txt"])
def test_each_allow_list_is_lower_case_words_under_a_sourced_header(name: str) -> None:
    lines = read_data(name).splitlines()
    header = " ".join(line for line in lines[:8] if line.startswith("#")).lower()
    assert "for confide" in header and ("public" in header or "knowledge" in header)
    body = [w for line in lines if not line.startswith("#") for w in line.split()]
    assert body and all(w == w.lower() for w in body)


def test_allow_lists_leave_common_given_names_alone() -> None:
    """An entry that is a common given name or surname would hide real people ("Ada",
    "Chip", "Johnson's car"): the lists hold none, and "AO" stays initials."""
    words = {
        w.rstrip("*")
        for name in ("drugs.txt", "clinical_allow.txt")
        for line in read_data(name).splitlines()
        if not line.startswith("#")
        for w in line.split()
    }
    for name in ("ada", "ed", "chip", "johnson", "turner", "williams", "mj", "ma"):
        assert name not in words, name
    assert "ao" not in abbreviations()
    assert words <= allowed_terms()
