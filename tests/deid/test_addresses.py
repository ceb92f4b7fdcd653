"""Addresses beyond the US street line: international forms, military post, corners, blocks."""

from __future__ import annotations

import pytest

from tests.deid.helpers import covered, found


@pytest.mark.parametrize(
    "text, address",
    [
        ("Her sister now lives at Koskikatu 25 in the old town.", "Koskikatu 25"),
        ("Client grew up on Brucker Bundesstrasse 31 with her grandmother.", "Bundesstrasse 31"),
        ("He stays with his uncle at Søndergade 52 most weekends.", "Søndergade 52"),
        ("They rent a flat at Erzsébet tér 19. near the river.", "Erzsébet tér 19."),
        ("She mentioned the café at Rua do Arenque 1634 twice.", "Rua do Arenque 1634"),
        ("Her father's workshop is on ul. Słowicza 10 these days.", "ul. Słowicza 10"),
    ],
)
def test_international_street_lines(text: str, address: str) -> None:
    assert covered(text, address, "location")


def test_military_address_block() -> None:
    text = "Her brother's mail goes to PSC 0413, Box 8144\nAPO AA 42323 while he is deployed."
    assert covered(text, "PSC 0413, Box 8144\nAPO AA 42323", "location")


def test_street_corner() -> None:
    text = "The client was assaulted at the corner of 35 Pentelis Str. and Waechter Turnpike."
    assert covered(text, "35 Pentelis Str. and Waechter Turnpike", "location")


def test_corner_of_a_room_is_not_an_address() -> None:
    text = "She sat in the corner of the room and the light by the window for most of it."
    assert found(text) == []


def test_address_block_takes_unit_town_country_and_postcode() -> None:
    text = (
        "Forwarding address from the client:\n"
        "6750 Koskikatu 25 Apt. 864\n"
        "Artilleros\n"
        ", CO\n"
        " Uruguay 64677\n"
        "Phone: none given"
    )
    assert covered(text, "6750 Koskikatu 25 Apt. 864\nArtilleros\n, CO\n Uruguay 64677")
    assert "Phone" not in " ".join(value for value, _ in found(text))


def test_address_block_on_one_line() -> None:
    text = "Mail the letter to 213 Pilekrogen 53 Apt. 263, Grand-Leez, Belgium 18431 please."
    assert covered(text, "213 Pilekrogen 53 Apt. 263, Grand-Leez, Belgium 18431", "location")


def test_block_stops_at_the_sentence_after_it() -> None:
    text = "She moved to 14 Crown Street\nToday we talked about her sleep and the new job."
    spans = found(text)
    assert ("14 Crown Street", "location") in spans
    assert not any("Today" in value for value, _ in spans)


@pytest.mark.parametrize(
    "text",
    [
        "Agreed to try the worksheet 3 times and bring it in.",
        "Rated her mood 4 out of 10 at the start of the session.",
        "His old brigade 2 reunion brought back memories.",
        "Discussed the gate 3 incident at the airport without names.",
    ],
)
def test_ordinary_numbers_are_not_streets(text: str) -> None:
    assert not any(kind == "location" for _, kind in found(text))


@pytest.mark.parametrize(
    "text, address",
    [
        ("Her mother still lives at 172 Maneeži 75, Saareküla with a lodger.", "172 Maneeži 75"),
        ("They grew up at 10252 Μεγάλη Άμμος 184, ΠΑΦΟΣ by the sea.", "Μεγάλη Άμμος 184, ΠΑΦΟΣ"),
        ("The shelter is at 846 31 Rue Al Imam Al Bakri, if she needs it.", "846 31 Rue Al Imam"),
        ("Send it to 1987 74 Diakou Street\n Suite 680\n Kissousa\n Cyprus 36903? Thanks.",
         "Cyprus 36903"),
        ("Her brother's ship: USNV Botolen\nFPO AE 12382", "USNV Botolen\nFPO AE 12382"),
    ],
)  # fmt: skip
def test_more_street_forms(text: str, address: str) -> None:
    assert covered(text, address, "location")


@pytest.mark.parametrize(
    "text, code",
    [
        ("Intake form, ZIP: 4943", "4943"),
        ("Her zip code is 90010-170 on the form.", "90010-170"),
        ("Postcode: 7412 SL", "7412 SL"),
    ],
)
def test_postcode_after_cue(text: str, code: str) -> None:
    assert covered(text, code, "location")


def test_zip_word_without_a_code_is_nothing() -> None:
    assert found("She zipped her coat and left at 5, calmer than before.") == []


def test_name_line_heading_a_contact_block() -> None:
    text = (
        "Stephan M Urner\n\n4844 Søndergade 52\n Apt. 656\n Brønderslev\n\n Denmark 35018\n\n"
        "Forwarded by the client for the release form."
    )
    assert covered(text, "Stephan M Urner", "person")


def test_heading_line_before_an_address_is_not_a_name() -> None:
    text = "Progress Note\n\nClient reports she now lives at 12 Main Street with her aunt."
    assert not any(kind == "person" for _, kind in found(text))


@pytest.mark.parametrize(
    "text, street",
    [
        ("ADDRESS: 4510 FREMONT AVE N, APT 302, SEATTLE", "4510 FREMONT AVE N, APT 302"),
        ("PT LIVES AT 22 OAK ST WITH WIFE.", "22 OAK ST"),
        ("Lives at 4510 Fremont Ave N now.", "4510 Fremont Ave N"),
    ],
)
def test_street_lines_in_capitals_with_a_cue_or_a_unit(text: str, street: str) -> None:
    assert covered(text, street, "location"), found(text)


def test_a_ward_in_capitals_is_no_street() -> None:
    assert not [f for f in found("PT TRANSFERRED TO 2 ST TODAY.") if f[1] == "location"]
