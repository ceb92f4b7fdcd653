"""People named by what prose says of them: the doer of a human verb, roster and list
members, a nickname quoted after a name (confide.deid.subjects)."""

from __future__ import annotations

import pytest

from confide.deid import Deidentifier
from tests.deid.helpers import covered, found

ENGINE = Deidentifier()


def people(text: str) -> list[str]:
    return [text[s.start : s.end] for s in ENGINE.detect(text) if s.kind == "person"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Session 3. Grace said she felt unheard at home this week.", "Grace"),
        ("Late again; her mother drove. Zuzia says school is the problem.", "Zuzia"),
        ("The cycle: Joy protests loudly, and Bea goes quiet.", "Joy"),
        ("We slowed down. Oluwaseun felt ambushed by the remark.", "Oluwaseun"),
        ("Hope lost her younger brother in the spring.", "Hope"),
    ],
)
def test_the_doer_of_a_human_verb_is_a_person(text: str, name: str) -> None:
    assert name in people(text)


@pytest.mark.parametrize(
    "text",
    [
        "Zoloft helped a little; Lexapro seemed to work better.",  # drugs take no human verb
        "Will attend the group next week if transport allows.",  # a modal, not Will
        "She said she has lost hope and some days her faith.",  # ordinary words
        "Sbp responded quickly to the bolus. Neice called twice.",  # shorthand, a typo
        "Client reported better sleep. Mother said the same.",
    ],
)
def test_words_before_a_human_verb_that_are_not_names(text: str) -> None:
    assert people(text) == []


def test_a_roster_names_every_member_even_ordinary_word_names() -> None:
    text = "Present: Hope, Will, Marisol, Aaliyah, Ciarán. Absent: Rose (texted, unwell)."
    found = people(text)
    for name in ("Hope", "Will", "Marisol", "Aaliyah", "Ciarán", "Rose"):
        assert name in found, found


def test_a_list_holding_a_found_name_names_its_other_members() -> None:
    text = "They had six children: Gaetane, Hannah, Anthony and Derek."
    assert {"Gaetane", "Hannah", "Anthony", "Derek"} <= set(people(text))


def test_a_list_of_places_or_drugs_names_no_one() -> None:
    assert people("Tried Zoloft, Lexapro, Wellbutrin and Buspar over two years.") == []


def test_a_nickname_quoted_after_a_name_is_found_everywhere() -> None:
    text = 'Intake: Oluwaseun ("Seun") and his wife. Later Seun is calmer; Seun agreed.'
    found = people(text)
    assert found.count("Seun") == 3 and "Oluwaseun" in found


def test_an_ordinary_word_name_repeats_only_with_its_capital_in_prose() -> None:
    text = 'Hope said, "I hope this works." Later Hope smiled and we spoke of hope.'
    assert people(text) == ["Hope", "Hope"]


def test_a_hurried_lower_case_note_still_repeats_a_name_found_by_a_cue() -> None:
    text = "fight w/ gf joy sunday night. joy back home now, ok for now."
    assert covered_all(text, "joy")


def covered_all(text: str, word: str) -> bool:
    spans = ENGINE.detect(text)
    at = [i for i in range(len(text)) if text.startswith(word, i)]
    return bool(at) and all(any(s.start <= i and i + len(word) <= s.end for s in spans) for i in at)


@pytest.mark.parametrize(
    "text, name",
    [
        ("Difficult session. Grace's sister, Adaeze, came along.", "Grace"),
        ("The first session without the interpreter, at Yousef's request.", "Yousef"),
        ("Agnieszka's role is to stop driving her in.", "Agnieszka"),
    ],
)
def test_the_possessor_of_a_persons_belonging_is_a_person(text: str, name: str) -> None:
    assert name in people(text)


def test_a_disease_or_a_service_owns_no_person() -> None:
    assert people("Huntington's disease runs in the family; Medicare's coverage ended.") == []


@pytest.mark.parametrize(
    "text",
    [
        'Client: "K.B.", 34, referred by his GP.',
        "We reviewed a recording of session 9 with K.B. Good use of questions.",
        "K.B. agreed to a joint session.",
    ],
)
def test_dotted_initials_with_a_cue_are_a_person(text: str) -> None:
    assert any(p.startswith("K.B") for p in people(text))


def test_dotted_clinical_shorthand_is_not_initials() -> None:
    text = "CVP 19. C.O. 6.1 and C.I. 2.07; H.O. aware. Moved to the U.S. at 9 a.m."
    assert people(text) == []


def test_a_roster_takes_short_names_but_not_an_exam() -> None:
    text = "Present: Hope, Will, Dev, Aaliyah. Later Dev and Hope both reported urges."
    found = people(text)
    assert found.count("Dev") == 2 and found.count("Hope") == 2
    assert people("Present: Mood, Affect and Thought, all within limits.") == []


def test_a_hospital_service_before_a_human_verb_is_no_person() -> None:
    text = "Neuro called back at noon. Ortho came by; Renal called re dialysis."
    assert people(text) == []


def test_a_list_does_not_spread_from_a_guess() -> None:
    # "Lopressor" alone reads like a surname to the list guesses; its neighbours stay drugs
    text = "Meds: Lasix, Lopressor and Heparin given as ordered."
    assert "Lasix" not in people(text) and "Heparin" not in people(text)


@pytest.mark.parametrize(
    "text, name",
    [("Later Seun could reflect it back to him.", "Seun"),
     ("Both parents came. Later Łukasz will walk her to the bus.", "Łukasz"),
     ("Today Zuzia would rather talk.", "Zuzia")],
)  # fmt: skip
def test_a_name_before_a_modal_and_a_verb(text: str, name: str) -> None:
    assert (name, "person") in found(text), found(text)


@pytest.mark.parametrize(
    "text", ["Zoloft will help her sleep.", "Medicaid will be billed.", "Monday will work."]
)
def test_a_drug_a_payer_or_a_day_before_a_modal_is_no_name(text: str) -> None:
    assert not [f for f in found(text) if f[1] == "person"], found(text)


@pytest.mark.parametrize(
    "text, name",
    [("Intake — Yousef Al-Masri, 45, with an interpreter.", "Yousef Al-Masri"),
     ("Rania El-Sayed has an intake next week.", "Rania El-Sayed"),
     ("Today Al-Masri arrived early.", "Al-Masri")],
)  # fmt: skip
def test_arabic_family_names_with_their_article(text: str, name: str) -> None:
    assert covered(text, name, "person"), found(text)


def test_a_program_named_with_an_article_is_no_name() -> None:
    assert not [f for f in found("She goes to Al-Anon on Fridays.") if f[1] == "person"]
