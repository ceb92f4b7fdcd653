"""Surrogates: consistent within a packet, dates shifted together, ages capped at 90+."""

from __future__ import annotations

import re
from datetime import date

import pytest

from confide.deid import Deidentifier, KnownIdentifier, Options
from confide.deid.dates import shift_date
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
    packet = Deidentifier([], Options(seed=11)).packet()
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
