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


@pytest.mark.parametrize(
    "text",
    [
        'Intake: Oluwaseun ("Seun") Adeyemi and his wife. Later Seun said he felt unheard.',
        "His mother, Oluwaseun Adeyemi (Seun), came too. Seun works nights.",
        "Oluwaseun Adeyemi, known as Seun, arrived late. SEUN apologised.",
        'Oluwaseun "Seun" Adeyemi joined by phone; seun was tired.',
    ],
)
def test_a_nickname_the_note_declares_is_caught_everywhere(text: str) -> None:
    client = KnownIdentifier("Oluwaseun Adeyemi", "person", "client")
    out = replaced(text, client)
    assert "seun" not in out.lower()
    assert out.count("[Client]") >= 3


def test_a_declared_nickname_carries_to_the_packets_later_notes() -> None:
    client = KnownIdentifier("Guadalupe Hernández", "person", "mother")
    packet = Deidentifier([client], Options(seed=1)).packet()
    packet.run("Seen with his mother, Guadalupe Hernández (Lupe).")
    assert packet.run("Lupe reports fewer arguments.").text == "[Mother] reports fewer arguments."


@pytest.mark.parametrize(
    "text",
    [
        "Miller, Sarah (DOB on file)",  # a parenthesis that is not a nickname
        "Sarah Miller (she/her) attended.",
        'Sarah Miller ("I am done") left.',
    ],
)
def test_parentheses_after_a_name_are_not_all_nicknames(text: str) -> None:
    out = replaced(text, CLIENT)
    assert "DOB" in out or "she/her" in out or "I am done" in out


def test_first_name_and_surname_initial() -> None:
    client = KnownIdentifier("Mateo Garcia", "person", "client")
    assert replaced("Re: Mateo G., DOB 06/02/2016", client).startswith("Re: [Client], DOB")
    assert replaced("Liz M. cried.", KnownIdentifier("Elizabeth Moore", "person", "client")) == (
        "[Client] cried."
    )


def test_an_organisations_distinctive_word_alone_is_caught() -> None:
    employer = KnownIdentifier("Cascadia Biologics", "organization", "employer")
    out = replaced("We have an FDA audit at Cascadia; the boss at CASCADIA is tense.", employer)
    assert "cascadia" not in out.lower() and out.count("[Employer]") == 2
    trade = KnownIdentifier("Hendricks Logistics", "organization", "employer")
    out = replaced("The logistics of custody wore on him at Hendricks.", trade)
    assert out == "The logistics of custody wore on him at [Employer]."


def test_a_stronger_span_does_not_expose_the_rest_of_a_weaker_one() -> None:
    """A known street takes the front of an address the engine found; the postcode after it
    is still replaced, not dropped with the losing span."""
    home = KnownIdentifier("3306 Pacific Ave, Tacoma", "location", "address")
    out = replaced("He lives at 3306 Pacific Ave, Tacoma, WA 98418 with his wife.", home)
    assert "98418" not in out and "Pacific" not in out
