"""Surrogates: consistent within a packet, dates shifted together, ages capped at 90+."""

from __future__ import annotations

import re
from datetime import date

import pytest

from confide.deid import Deidentifier, KnownIdentifier, Options
from confide.deid.dates import safe_harbor_date, shift_date
from confide.deid.surrogates import random_shift

KNOWN = [
    KnownIdentifier("Sarah Miller", "person", "client"),
    KnownIdentifier("Tom Reyes", "person", "partner"),
]


def test_same_person_same_label_across_a_packet() -> None:
    packet = Deidentifier(KNOWN, Options(seed=3)).packet()
    first = packet.run("Sarah met Dr. Olsen; her friend Nadia Petrova joined.").text
    second = packet.run("Nadia called. SARAH and Tom argued. Olsen phoned Nadia.").text
    assert first == "[Client] met Dr. [Person 1]; her friend [Person 2] joined."
    assert (
        second == "[Person 2] called. [Client] and [Partner] argued. [Person 1] phoned [Person 2]."
    )


def test_unknown_first_name_alone_maps_to_the_full_name() -> None:
    out = Deidentifier([], Options(seed=1)).run(
        "Her brother Jonah Whitfield visited. Later Jonah called; Whitfield did not."
    )
    assert (
        out.text == "Her brother [Person 1] visited. Later [Person 1] called; [Person 1] did not."
    )


def test_role_labels_number_repeated_roles() -> None:
    kids = [
        KnownIdentifier("Ava Stone", "person", "child"),
        KnownIdentifier("Eli Stone", "person", "child"),
    ]
    out = Deidentifier(kids).run("Ava and Eli fought.").text
    assert out == "[Child] and [Child 2] fought."


def test_dates_shift_by_one_offset_per_packet_and_keep_intervals() -> None:
    packet = Deidentifier([], Options(dates="shift", seed=11)).packet()
    a = packet.run("First seen 3/4/2024.").text
    b = packet.run("Seen again 3/18/2024.").text
    d1 = _parse(re.search(r"\d+/\d+/\d{4}", a).group())  # type: ignore[union-attr]
    d2 = _parse(re.search(r"\d+/\d+/\d{4}", b).group())  # type: ignore[union-attr]
    assert (d2 - d1).days == 14
    assert d1 != date(2024, 3, 4)


def test_seed_makes_the_shift_reproducible() -> None:
    assert random_shift(5) == random_shift(5)
    assert 30 <= abs(random_shift(5)) <= 365


@pytest.mark.parametrize(
    "text, days, expected",
    [
        ("3/4/2024", 10, "3/14/2024"),
        ("03-04-24", 30, "04-03-24"),
        ("2024-03-04", -4, "2024-02-29"),
        ("March 4", 1, "March 5"),
        ("Mar 4th, 2024", 28, "Apr 1, 2024"),
        ("4 March 2024", 1, "5 March 2024"),
        ("12/31", 1, "1/1"),
        ("DECEMBER 25, 2019", 7, "JANUARY 1, 2020"),
        ("8/88", 31, "9/88"),
    ],
)
def test_shift_date_keeps_the_shape(text: str, days: int, expected: str) -> None:
    assert shift_date(text, days) == expected


def test_unreadable_dates_become_a_placeholder() -> None:
    out = Deidentifier([], Options(seed=2)).run("Anniversary on the 14th.").text
    assert out == "Anniversary on the [date]."


def test_redact_mode() -> None:
    out = Deidentifier([], Options(dates="redact")).run("Seen 3/4/2024 and March 5.").text
    assert out == "Seen [date] and [date]."


def test_ages_and_contacts() -> None:
    out = Deidentifier([]).run("A 94 year old; call 410-555-0101 or mail a@b.org.").text
    assert out == "A 90+ year old; call [phone] or mail [email]."


def test_result_spans_point_into_the_input() -> None:
    text = "Tom called 410-555-0101 on 3/4."
    result = Deidentifier(KNOWN, Options(seed=1)).run(text)
    assert [text[s.start : s.end] for s in result.spans] == ["Tom", "410-555-0101", "3/4"]
    assert [s.kind for s in result.spans] == ["person", "phone", "date"]


def _parse(value: str) -> date:
    m, d, y = (int(p) for p in value.split("/"))
    return date(y, m, d)


def test_zero_padding_is_kept_in_every_part() -> None:
    assert shift_date("04/18/2025", 106) == "08/02/2025"


def test_safe_harbor_is_the_default_and_keeps_only_the_year() -> None:
    assert Options().dates == "safe_harbor"
    text = "DOB 04/17/1961. Seen 3/14/2025, again March 21st, 2025, 2025-04-11 and on the 22nd."
    out = Deidentifier([]).run(text).text
    assert out == (
        "DOB [date] 1961. Seen [date] 2025, again [date] 2025, [date] 2025 and on the [date]."
    )
    for gone in ("04", "17", "3/14", "March", "21", "04-11", "22nd"):
        assert gone not in out


def test_safe_harbor_drops_a_year_that_reveals_an_age_over_89() -> None:
    this_year = date.today().year
    text = f"Her mother, born 2/9/{this_year - 93}, is 93 years old; DOB 1/1/{this_year - 40}."
    out = Deidentifier([]).run(text).text
    assert str(this_year - 93) not in out and "93" not in out
    assert f"[date] {this_year - 40}" in out and "90+" in out


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3/14/2025", "[date] 2025"),
        ("March 14", "[date]"),
        ("14 March 2025", "[date] 2025"),
        ("Dec '19", "[date] 2019"),
        ("1/2/94", "[date] 1994"),
        ("8/88", "[date] 1988"),
        ("the 11th", "[date]"),
        ("2019", "2019"),
        ("1901", "[date]"),
    ],
)
def test_safe_harbor_date_forms(text: str, expected: str) -> None:
    assert safe_harbor_date(text, this_year=2026) == expected


def test_shift_is_a_named_mode_and_not_safe_harbor() -> None:
    assert Deidentifier([], Options(dates="shift")).safe_harbor is False
    assert Deidentifier([]).safe_harbor is True
    assert Deidentifier([], Options(dates="redact")).safe_harbor is True
    shifted = Deidentifier([], Options(dates="shift", seed=4)).run("Seen 3/14/2025.").text
    assert re.search(r"\d+/\d+/2025|\d+/\d+/2024", shifted) and "3/14" not in shifted


def test_ages_over_89_at_a_sentence_end() -> None:
    out = Deidentifier([]).run("Grandmother aged 93. Father aged 91, mother age 88.").text
    assert out == "Grandmother aged 90+. Father aged 90+, mother age 88."
