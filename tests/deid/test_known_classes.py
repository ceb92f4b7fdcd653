"""Known identifiers, class by class: every form a note gives a name or place on file.

Each case embeds one mention in ordinary prose and asks that every letter of it is covered;
the forms are the classes issue 15 lists (name variants, possessives, hyphenation, case, a name
split across lines, titles, first or last name alone, diminutives, initials)."""

from __future__ import annotations

import re

import pytest

from confide.deid import Deidentifier, KnownIdentifier
from confide.deid.known import person_acronyms
from tests.deid.helpers import _covers

KNOWN = [
    KnownIdentifier("Katherine García-López", "person", "client"),
    KnownIdentifier("Kevin O'Connor", "person", "partner"),
    KnownIdentifier("Min-jun Park", "person", "client"),
    KnownIdentifier("Robert Halvorsen", "person", "client"),
    KnownIdentifier("Roosevelt High School", "location", "school"),
    KnownIdentifier("Cascade Tile & Stone", "organization", "employer"),
    KnownIdentifier("4410 N Emerson St, Portland, OR 97217", "location", "address"),
]
ENGINE = Deidentifier(KNOWN)

CLASSES = {
    "diminutive": ["Kate", "kathy", "Kat", "KATIE", "kev", "Bobby", "Rob", "bob"],
    "possessive": ["Kat's", "O'Connor's", "o’connor’s", "HALVORSEN'S", "Katherine's"],
    "surname plural": ["the Halvorsens", "the Halvorsens'"],
    "hyphenation": ["Garcia-Lopez", "García López", "Lopez", "García", "Minjun", "Min Jun"],
    "case": ["OCONNOR", "katherine garcia lopez", "PARK, MIN-JUN", "roosevelt high"],
    "split across lines": ["Garcia-\nLopez", "Katherine\nGarcía-López", "Ms.\nGarcía"],
    "title": ["Ms. Garcia-Lopez", "Mr. Park", "Mrs Halvorsen", "Mr Halvorsen's"],
    "first name alone": ["Katherine", "Kevin", "Robert"],
    "last name alone": ["Halvorsen", "Connor", "Park"],
    "misspelt by one letter": ["Halvorson", "Halverson", "Kathrine"],
    "initials": ["R.H.", "MJ", "RH", "R. Halvorsen", "K.G."],
    "school and employer": ["Roosevelt HS", "at Roosevelt", "cascade tile", "Cascade"],
    "address part": ["Emerson St.", "4410 N. Emerson Street", "Portland", "97217"],
}


@pytest.mark.parametrize(
    "mention", [pytest.param(m, id=f"{k}: {m}") for k, ms in CLASSES.items() for m in ms]
)
def test_every_class_of_known_mention_is_covered(mention: str) -> None:
    text = f"She said that {mention} was here today and we talked it over."
    name = re.sub(r"^(?:the|at|Ms\.|Mr\.?|Mrs)\s+", "", mention)
    name = re.sub(r"(?:['’][sS]|')$", "", name)  # titles and a possessive stay outside the span
    at = text.index(name)
    end = at + len(name)
    spans = ENGINE.detect(text)
    assert _covers(text, spans, at, end, None), [(text[s.start : s.end], s.kind) for s in spans]


def test_a_declared_initials_nickname_is_caught_everywhere() -> None:
    text = 'Min-jun ("MJ") is 36. MJ reports burnout; MJ\'s sleep is poor.'
    spans = ENGINE.detect(text)
    for start in (text.index("MJ"), text.index("MJ r"), text.index("MJ'")):
        assert _covers(text, spans, start, start + 2, "person")


def test_initials_are_capitals_only_and_never_shorthand() -> None:
    assert person_acronyms("Min-jun Park") == {"mj", "mp", "mjp"}
    assert person_acronyms("Sarah Ingram") == set()  # "SI": suicidal ideation in every note
    assert person_acronyms("Pat Taylor") == set()  # "PT"
    engine = Deidentifier([KnownIdentifier("Robert Halvorsen", "person", "client")])
    text = "rh factor negative, RH present"
    spans = engine.detect(text)
    assert [text[s.start : s.end] for s in spans] == ["RH"]


def test_an_everyday_word_name_on_file_needs_its_capital_in_prose() -> None:
    engine = Deidentifier([KnownIdentifier("Hope Adeyemi", "person", "client")])
    text = "Hope says she has some hope again; Hope's sister came. We spoke of hope."
    assert [text[s.start : s.end] for s in engine.detect(text)] == ["Hope", "Hope"]


def test_a_rarer_word_name_on_file_is_found_in_any_case() -> None:
    engine = Deidentifier([KnownIdentifier("Sarah Miller", "person", "client")])
    text = "Spoke with Sarah today; miller family history reviewed."
    assert "miller" in [text[s.start : s.end] for s in engine.detect(text)]


def test_in_a_lower_case_note_a_name_after_a_pronoun_is_the_word() -> None:
    engine = Deidentifier([KnownIdentifier("William Hart", "person", "client")])
    text = "will in a bad way today. he says he will fix it. pt will bring diary. will agreed."
    found = [(s.start, text[s.start : s.end]) for s in engine.detect(text)]
    assert found == [(0, "will"), (text.rindex("will"), "will")]
