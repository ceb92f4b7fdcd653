"""Known identifiers: every surface form the records' names and details may take."""

from __future__ import annotations

import pytest

from confide.deid import Deidentifier, KnownIdentifier, Options
from confide.deid.known import person_variants
from confide.deid.nicknames import variants_of

CLIENT = KnownIdentifier("Sarah Miller", "person", "client")
PARTNER = KnownIdentifier("Robert Jones", "person", "partner")


def replaced(text: str, *known: KnownIdentifier) -> str:
    return Deidentifier(list(known), Options(seed=1)).run(text).text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sarah Miller arrived.", "[Client] arrived."),
        ("SARAH arrived.", "[Client] arrived."),
        ("miller arrived.", "[Client] arrived."),
        ("Sarah's mood improved.", "[Client]'s mood improved."),
        ("Miller, Sarah (DOB on file)", "[Client] (DOB on file)"),
        ("S.M. disclosed more.", "[Client] disclosed more."),
        ("Mr. M. was quiet.", "[Client] was quiet."),
    ],
)
def test_client_variants(text: str, expected: str) -> None:
    assert replaced(text, CLIENT) == expected


@pytest.mark.parametrize("mention", ["Bob", "Rob", "Bobby", "BOBBY", "Jones'", "Robert"])
def test_nicknames_and_possessives(mention: str) -> None:
    assert replaced(f"Then {mention} left.", PARTNER).startswith("Then [Partner]")


def test_word_boundaries() -> None:
    known = KnownIdentifier("Ann Lee", "person", "client")
    assert replaced("Annual planning with Leeds staff.", known) == (
        "Annual planning with Leeds staff."
    )


def test_nickname_table_goes_both_ways() -> None:
    assert {"liz", "beth"} <= variants_of("Elizabeth")
    assert "katherine" in variants_of("Kate")


def test_person_variants_include_parts_and_initials() -> None:
    forms = {f.lower() for f, _ in person_variants("Katherine Ann O'Neil")}
    assert {"katherine", "o'neil", "kate", "k.o.", "o'neil, katherine"} <= forms


@pytest.mark.parametrize(
    "known, text, label",
    [
        (KnownIdentifier("Lincoln High School", "organization", "school"),
         "She skipped Lincoln High today.", "[School]"),
        (KnownIdentifier("Acme Corp", "organization", "employer"),
         "Fired from ACME CORP last week.", "[Employer]"),
        (KnownIdentifier("12 Oak Street, Springfield, IL", "location", "address"),
         "Moved out of 12 Oak Street.", "[Address]"),
        (KnownIdentifier("(410) 555-0199", "phone", "phone"),
         "Call 410.555.0199 first.", "[Phone]"),
        (KnownIdentifier("sarah.m@example.com", "email", ""),
         "Wrote from SARAH.M@EXAMPLE.COM.", "[email]"),
    ],
)  # fmt: skip
def test_other_known_kinds(known: KnownIdentifier, text: str, label: str) -> None:
    assert label in replaced(text, known)


def test_shared_surname_gets_a_neutral_label() -> None:
    mother = KnownIdentifier("Anna Kowalski", "person", "mother")
    father = KnownIdentifier("Marek Kowalski", "person", "father")
    out = replaced("The Kowalski family: Anna and Marek.", mother, father)
    assert out == "The [Family] family: [Mother] and [Father]."


def test_clinicians_can_be_left_in() -> None:
    clinician = KnownIdentifier("Ingrid Lindqvist", "person", "clinician")
    text = "Dr. Lindqvist co-led; Joyce Jacobson, RN took notes."
    kept = Deidentifier([clinician], Options(clinicians=False)).run(text).text
    assert kept == text
    assert "Lindqvist" not in Deidentifier([clinician]).run(text).text


def test_bad_known_identifier_is_rejected() -> None:
    with pytest.raises(ValueError, match="kind"):
        KnownIdentifier.from_dict({"text": "x", "kind": "planet"})
    with pytest.raises(ValueError, match="text"):
        KnownIdentifier.from_dict({"kind": "person"})


def test_accents_hyphens_and_apostrophes() -> None:
    client = KnownIdentifier("José García-López", "person", "client")
    sister = KnownIdentifier("Mary-Kate O'Neil", "person", "sister")
    text = "JOSÉ and Jose, García-López's sister Mary-Kate (Ms. O'Neil) and LOPEZ came."
    assert replaced(text, client, sister) == (
        "[Client] and [Client], [Client]'s sister [Sister] (Ms. [Sister]) and [Client] came."
    )
