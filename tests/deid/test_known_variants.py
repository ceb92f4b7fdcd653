"""Property: every known identifier and each listed variant of it is removed from generated
notes (nicknames, clipped names, initials, possessives, surname plurals, first name alone,
one-edit misspellings of names of five letters or more, address parts, school and employer
short forms), and the CLI gives the same spans as a consultation packet."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confide.consultation.packing import PacketSettings, deidentify_packet
from confide.deid import Deidentifier, KnownIdentifier
from confide.deid.cli import main as deid_main
from confide.deid.known import bare_possessives, misspellings, ordinary, prefixes, short_forms
from confide.deid.lexicon import ambiguous

GIVEN = ["Kevin", "Katherine", "Robert", "Elizabeth", "Margaret", "Christopher", "Dolores",
         "Marcus", "Oliver", "Teresa", "Jennifer", "Alexandra", "Naledi", "Yasmin",
         "Thomas", "Bob", "Liz", "Patty", "Dottie", "Stanisław"]  # fmt: skip
SURNAMES = ["Halvorsen", "Ferraro", "Whitfield", "Oyelaran", "Brandt", "Mbeki", "Haddad",
            "Lindqvist", "Okonkwo", "Delacroix", "Pham", "Kowalski", "Asante-Mensah",
            "O'Connor", "Wiśniewski", "Ødegård"]  # fmt: skip
FILLER = st.sampled_from(
    ["she said", "and then", "the session", "was tense.", "Later,", "(briefly)", "we talked",
     "about work;", "at home", "\n", "-", "\"quote\"", "per", "w/", "reported to", "signed",
     "on Monday", "x 3"]
)  # fmt: skip
CASES: list[Callable[[str], str]] = [str, str.upper, str.lower, str.title]


def variants(first: str, last: str) -> list[str]:
    """What the issue lists as the variants a known name must be found in."""
    forms = [f"{first} {last}", first, last, f"{last}s", f"{first[0]}.{last[0]}.",
             f"{first[0]}. {last}", f"{last}, {first}", f"{first} {last[0]}.",
             f"{last} {first}", f"{first} Q. {last}", f"{first} R {last}",
             f"{last[0]}.{first[0]}.", f"{last}es"]  # fmt: skip
    forms += sorted(short_forms(first))
    forms += sorted(prefixes(first))  # "Kat", "Alex", "Chris": its beginnings
    forms += [head for head in prefixes(last) if len(head) >= 4]  # "Fitz", "Kowal"
    forms.append(f"{first[0]}.{last[0]}")  # "K.B" without its last full stop
    forms += [f"Dr. {first[0]}.", f"ms {last[0]}."]  # "per dr. s.": a title and an initial
    forms += sorted(form for form, _ in bare_possessives(first))  # "maggies", "Kevs"
    for name in (first, last):
        forms += list(misspellings(name))[:: max(1, len(list(misspellings(name))) // 6)]
    for piece in last.split("-")[1:]:  # "the Mensahs": half of a double surname, plural
        forms += [piece, f"{piece}s", f"{last.split('-')[0]}s"]
    if "'" in last:  # "OConnor", "O Connor": typed without the apostrophe
        forms += [last.replace("'", ""), last.replace("'", " ")]
    for name in (first, last, f"{first} {last}"):  # "Stanislaw", "Odegard": typed plainly
        plain = name.translate(_PLAIN)
        if plain != name:
            forms.append(plain)
    return forms


_PLAIN = str.maketrans({"ł": "l", "ø": "o", "Ø": "O"})


@st.composite
def case_and_note(draw: st.DrawFn) -> tuple[list[KnownIdentifier], str, list[tuple[int, int]]]:
    first = draw(st.sampled_from(GIVEN))
    last = draw(st.sampled_from(SURNAMES))
    known = [KnownIdentifier(f"{first} {last}", "person", "client")]
    choices = variants(first, last)
    text, where = "", []
    for _ in range(draw(st.integers(1, 6))):
        text += " ".join(draw(st.lists(FILLER, max_size=3))) + " "
        form = draw(st.sampled_from(choices))
        # a variant that is also an ordinary word ("Midge", "Kit"), or a name on file that is an
        # everyday word ("Bob", "Rose": ambiguous.txt), is a name in prose with a capital
        needs_capital = ordinary(form) or form.lower() in ambiguous()
        cases: list[Callable[[str], str]] = [str.title, str.upper] if needs_capital else CASES
        bare = form if "." in form else draw(st.sampled_from(cases))(form)
        suffixes = ["", "'s", "’s", ",", ".", ":", ")"]
        suffix = draw(st.sampled_from(suffixes)) if not bare.endswith(".") else ""
        where.append((len(text), len(text) + len(bare)))
        text += bare + suffix + " "
    return known, text, where


def _uncovered(text: str, spans: list[tuple[int, int]], where: list[tuple[int, int]]) -> list[str]:
    return [
        text[a:b]
        for a, b in where
        if any(text[i].isalnum() and not any(s <= i < e for s, e in spans) for i in range(a, b))
    ]


@given(case_and_note())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_known_name_and_variant_is_removed(
    case: tuple[list[KnownIdentifier], str, list[tuple[int, int]]],
) -> None:
    known, text, where = case
    spans = [(s.start, s.end) for s in Deidentifier(known).detect(text)]
    assert not _uncovered(text, spans, where), text


def test_an_ordinary_word_variant_counts_in_a_lower_case_note_only_there() -> None:
    known = [KnownIdentifier("Margaret Halvorsen", "person", "client")]
    engine = Deidentifier(known)
    assert engine.run("per midge, she slept. halvorson called.").text == (
        "per [Client], she slept. [Client] called."
    )
    assert "midge" in engine.run("Margaret said a midge bit her.").text


ADDRESS = "4410 N Emerson St Apt 2, Portland, OR 97217"
OTHER = [
    KnownIdentifier(ADDRESS, "location", "address"),
    KnownIdentifier("Roosevelt High School", "location", "school"),
    KnownIdentifier("Lincoln Middle School", "location", "school"),
    KnownIdentifier("Cascade Tile & Stone", "organization", "employer"),
    KnownIdentifier("Meridian Health Partners", "organization", "employer"),
    KnownIdentifier("(503) 555-0142", "phone", ""),
    KnownIdentifier("Halloran", "organization", "employer"),  # one word: no other form today
    KnownIdentifier("Tamarack Creek Valve Works", "organization", "employer"),
    KnownIdentifier("St. Brendan Memory Care", "location", "facility"),
    KnownIdentifier("Quillmont Heights", "location", "city"),
    KnownIdentifier("88 Ridgewell Rd, Łomianki Falls, NY 12010", "location", "address"),
]
OTHER_FORMS = ["4410 N Emerson St", "N Emerson St", "Emerson St", "Emerson Street", "Portland",
               "97217", "Roosevelt High School", "Roosevelt High", "Roosevelt HS", "Lincoln MS",
               "Lincoln Middle", "Cascade Tile", "Cascade Tile & Stone", "Meridian", "MHP",
               "Meridian Health Partners", "Emerson", "Portlnad", "Meridan", "Roosvelt High",
               "555-0142", "503.555.0142", "(503) 555-0142", "Emerson St.",
               # one-word employers misspelt, runs of a longer name's words, saints spelled
               # out, a town's telling word and misspellings, an apartment, plain letters
               "Halloran", "Haloran", "Halloren", "Hallroan", "Tamarack Creek Valve",
               "Creek Valve Works", "Tamarack", "Tamarak", "St Brendan", "Saint Brendan",
               "St. Brendan", "Quillmont", "Quilmont Heights", "Quillmont Hieghts", "apt 2",
               "Apt. 2", "#2", "unit 2", "Emersen", "Ridgewell", "Lomianki Falls",
               "Łomianki Falls", "4410 Emerson", "Quilmont", "88 Ridgewell"]  # fmt: skip


@given(st.lists(st.tuples(st.lists(FILLER, max_size=3), st.sampled_from(OTHER_FORMS)), min_size=1,
                max_size=5))  # fmt: skip
@settings(max_examples=100, deadline=None)
def test_addresses_schools_and_employers_and_their_parts_are_removed(
    parts: list[tuple[list[str], str]],
) -> None:
    text, where = "", []
    for filler, form in parts:
        text += " ".join(filler) + " "
        where.append((len(text), len(text) + len(form)))
        text += form + " "
    spans = [(s.start, s.end) for s in Deidentifier(OTHER).detect(text)]
    assert not _uncovered(text, spans, where), text


@given(case_and_note())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
def test_the_cli_and_the_packet_give_the_same_spans(
    tmp_path: Path, case: tuple[list[KnownIdentifier], str, list[tuple[int, int]]]
) -> None:
    known, text, _ = case
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    line = {"id": "n", "text": text, "known": [{"text": k.text, "kind": k.kind, "role": k.role}
                                               for k in known]}  # fmt: skip
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert deid_main(["--jsonl", str(source), "--out", str(out), "--seed", "3"]) == 0
    cli = [(s["start"], s["end"], s["kind"]) for s in json.loads(out.read_text())["spans"]]
    piece = deidentify_packet([text], known, PacketSettings(seed=3))[0]
    assert cli == [(m.start, m.end, m.kind) for m in piece.marks]


@pytest.mark.parametrize(
    "known, kept",
    [
        (KnownIdentifier("Quillmont Heights", "location", "city"), "up in the Heights"),
        (KnownIdentifier("Ohio City", "location", "city"), "born in Ohio"),
        (KnownIdentifier("Michigan Medicine", "location", "facility"), "moved to Michigan"),
        (KnownIdentifier("Brian Mason", "person", "client"), "Brain fog; the brain heals"),
    ],
)  # fmt: skip
def test_a_state_an_everyday_word_or_a_sentences_first_word_stays(
    known: KnownIdentifier, kept: str
) -> None:
    text = f"We talked. {kept}."
    assert not [s for s in Deidentifier([known]).detect(text) if s.source == "known"]


def test_a_misspelling_that_is_a_word_counts_capitalised_inside_a_sentence() -> None:
    engine = Deidentifier([KnownIdentifier("Brian Mason", "person", "client")])
    assert engine.run("We met Brain today; Brain fog is better.").text.startswith(
        "We met [Client] today"
    )


def test_a_nickname_on_file_brings_its_formal_names_other_nicknames() -> None:
    engine = Deidentifier([KnownIdentifier("Bob Halvorsen", "person", "client")])
    assert engine.run("Bobby and Robert and Rob came. DOB on file.").text == (
        "[Client] and [Client] and [Client] came. DOB on file."
    )


@pytest.mark.parametrize("text", ["coco says hi. R\nreply sent", "Thanks,\n- R\n"])
def test_an_initial_that_signs_a_message_is_removed(text: str) -> None:
    engine = Deidentifier([KnownIdentifier("Remy Thibodeaux", "person", "client")])
    assert "[Client]" in engine.run(text).text


@given(st.lists(st.tuples(st.lists(FILLER, max_size=3), st.sampled_from(OTHER_FORMS)), min_size=1,
                max_size=4))  # fmt: skip
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
def test_the_cli_and_the_packet_give_the_same_spans_for_places_and_employers(
    tmp_path: Path, parts: list[tuple[list[str], str]]
) -> None:
    text = " ".join(" ".join(filler) + " " + form for filler, form in parts)
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    line = {"id": "n", "text": text, "known": [{"text": k.text, "kind": k.kind, "role": k.role}
                                               for k in OTHER]}  # fmt: skip
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert deid_main(["--jsonl", str(source), "--out", str(out), "--seed", "3"]) == 0
    cli = [(s["start"], s["end"], s["kind"]) for s in json.loads(out.read_text())["spans"]]
    piece = deidentify_packet([text], OTHER, PacketSettings(seed=3))[0]
    assert cli == [(m.start, m.end, m.kind) for m in piece.marks]


LONE = [KnownIdentifier("Katherine Brandt", "person", "client")]


@given(
    st.sampled_from(["spoke with {}", "per {}", "w/ {}", "({})", "{} said", "{} reported",
                     "{}'s mood", "asked {}", "{}: I feel", "mom and {}", "told {} that"]),
    st.sampled_from(["K.", "B."]),
    st.sampled_from(["", "Later, ", "Session 3. "]),
)  # fmt: skip
@settings(max_examples=60, deadline=None)
def test_a_known_persons_lone_initial_with_a_cue_is_removed(
    frame: str, initial: str, opening: str
) -> None:
    text = opening + frame.format(initial) + " today."
    start = text.index(initial)
    spans = [(s.start, s.end) for s in Deidentifier(LONE).detect(text)]
    assert not _uncovered(text, spans, [(start, start + 1)]), text


@pytest.mark.parametrize(
    "text",
    ["Start vitamin D. today", "Plan B. then rest", "hepatitis B and K. vaccines",
     "Section K. of the form", "see item B. below", "Group B. met"],
)  # fmt: skip
def test_a_lone_capital_without_a_person_cue_stays(text: str) -> None:
    assert Deidentifier(LONE).run(text).text == text


@pytest.mark.parametrize("text", ["K said she slept.", "Later B reported a better week."])
def test_an_undotted_initial_before_a_verb_of_saying_is_removed(text: str) -> None:
    assert "[Client]" in Deidentifier(LONE).run(text).text


@pytest.mark.parametrize("text", ["I said no.", "Plan B said it all.", "Vitamin K said to help."])
def test_an_undotted_capital_that_is_a_word_or_a_label_stays(text: str) -> None:
    assert Deidentifier(LONE).run(text).text == text


@pytest.mark.parametrize(
    "record", ["Halvorsen, Robert", "Robert Halvorsen Jr.", "Dr. Robert Halvorsen",
               "Robert Halvorsen, LCSW", "Mr Robert Halvorsen III"],
)  # fmt: skip
def test_a_name_on_file_with_a_title_suffix_or_in_chart_order_gives_the_same_variants(
    record: str,
) -> None:
    engine = Deidentifier([KnownIdentifier(record, "person", "client")])
    text = "Bobby said R. Halvorsen and the Halvorsens came; Dr. H. agreed. Jr. high was hard."
    assert engine.run(text).text == (
        "[Client] said [Client] and the [Client] came; [Client] agreed. Jr. high was hard."
    )
