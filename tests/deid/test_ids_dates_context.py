"""Record numbers with letters, days of the month in prose, ages over 89 in words and digits,
and the clinical numbers that look like them (issue 15). Examples written for these tests in
the way clinicians write (lower case, shorthand, typos), never taken from a held-out corpus."""

from __future__ import annotations

from datetime import date

import pytest

from confide.deid import Deidentifier, Options
from confide.deid.dates import safe_harbor_date, shift_date
from tests.deid.helpers import covered, found

ENGINE = Deidentifier()


def kinds_found(text: str) -> set[str]:
    return {kind for _, kind in found(text)}


def redacted(text: str) -> str:
    return Deidentifier([], Options(seed=3)).run(text).text


# --- record, plan, case, claim, member, device and ticket numbers ----------------------------


@pytest.mark.parametrize(
    "text, number",
    [
        ("new ins card, member id #KT-440918 per front desk", "KT-440918"),
        ("auth RW-663012 good thru end of yr", "RW-663012"),
        ("plan is HMO-884213 (pt's employer plan)", "HMO-884213"),
        ("MRN: CD77-1290 on the referral", "CD77-1290"),
        ("district letter ref NISD-SPED-0071245 attached", "NISD-SPED-0071245"),
        ("NISD-SPED-0071245 on the iep letter", "NISD-SPED-0071245"),
        ("chart from the clinic lists KLR-04-5530-7", "KLR-04-5530-7"),
        ("medicare card reads 3HN7-VX2-TT48", "3HN7-VX2-TT48"),
        ("her mbi is 3hn7vx2tt48 if billing asks", "3hn7vx2tt48"),
        ("custody hearing, cause no. 2024 DRB 118204", "2024 DRB 118204"),
        ("2024 DRB 118204 continued to next month", "2024 DRB 118204"),
        ("docket 2023-FAM-00871 per her atty", "2023-FAM-00871"),
        ("policy no. 51-QX-7730 w/ the new carrier", "51-QX-7730"),
        ("claim # 8834-K was denied again", "8834-K"),
        ("prior auth # PA-77120-C approved", "PA-77120-C"),
        ("device serial SN-62Q1-4408 for the tablet", "SN-62Q1-4408"),
        ("IT ticket inc0048821 opened re: portal", "inc0048821"),
        ("dhs case worker gave case #ab-220981", "ab-220981"),
        ("agency ref jhx-11-2093-4 on the fax", "jhx-11-2093-4"),
        ("her debit card ending in 4421 was stolen", "4421"),
        ("car w/ plate 7KXB221 was towed", "7KXB221"),
        ("wire from her iban gb15kmlr01923401776102 flagged", "gb15kmlr01923401776102"),
    ],
)
def test_record_numbers_with_letters_and_punctuation(text: str, number: str) -> None:
    assert covered(text, number, "id"), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "dx F32.1 and F43.10, r/o Z63.0",
        "dx: F41.1, F10.20 in early remission",
        "sertraline 50mg qam, lithium 0.5 mg, quetiapine 100-200mg hs",
        "billed 90837 today; 90847 w/ partner last wk; 90837-95 for telehealth",
        "H2019-HQ group code, T1017 case mgmt",
        "PHQ-9 = 14, GAD-7 12, PCL-5 41",
        "DSM-5-TR criteria met; ICD-10-CM codes on the form",
        "BP 120/80, 5/5 strength, SATS 98%",
        "seen at 3:30pm in room 204",
        "safety plan 2025 reviewed w/ pt",
        "the #1 worry is money",
        "COVID-19 in 2021, SARS-CoV-2 neg",
        "CV-sr-80-100's, sbp-160-180's, tv's-450-540",
        "RR 24 TV 450-500, hr 30-50's and sbp146-155",
        "plan b. 1930 hrs check-in",
        "UO 2000 CC 1500 ML",
        "shift ending 0700, per chart 1400",
        "flushed #1000cc, foley #20fr, meds given #0800",
    ],
)
def test_clinical_numbers_are_not_record_numbers(text: str) -> None:
    assert "id" not in kinds_found(text), found(text)


def test_a_room_number_is_left_as_it_is() -> None:
    assert found("met in rm 1204 again") == []


# --- dates in prose -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, day",
    [
        ("the 11th was a hard day for her", "11th"),
        ("The 11th was a hard day for her", "11th"),
        ("she says it's the 3rd already", "3rd"),
        ("next sess tues the 14th @ 4", "14th"),
        ("court moved to the 22nd.", "22nd"),
        ("the 3rd or 4th works for mom", "3rd or 4th"),
        ("the 2nd, 9th and 16th are out for her", "2nd, 9th and 16th"),
        ("on the 8th and 9th she stayed home", "8th and 9th"),
        ("relapsed the 27th, per partner", "27th"),
        ("rent is due the 1st of the month", "1st"),
    ],
)
def test_days_of_the_month_without_a_cue(text: str, day: str) -> None:
    assert covered(text, day, "date"), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "this is the 3rd session on grief",
        "for the 2nd time this wk",
        "she's in the 9th now, hates it",
        "in the 11th grade at a new school",
        "the 11th-grade dance",
        "the 2nd of 3 kids",
        "the 90th percentile for height",
        "on the 3rd and 4th sessions she cried",
        "the 4th attempt at detox",
    ],
)
def test_ordinals_that_count_things_are_not_dates(text: str) -> None:
    assert "date" not in kinds_found(text), found(text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("due jan 3rd for the court paperwork", "jan 3rd"),
        ("f/u feb 9", "feb 9"),
        ("next appt 3/14", "3/14"),
        ("14 March she called the crisis line", "14 March"),
        ("sober since mid-march", "mid-march"),
        ("mid-January was the worst", "mid-January"),
        ("laid off in january", "january"),
        ("febuary 3 was the hearing", "febuary 3"),
        ("feburary 14th is hard for him", "feburary 14th"),
        ("janurary 9 she relapsed", "janurary 9"),
        ("sept 3 court date", "sept 3"),
        ("moved out in septmber", "septmber"),
        ("march the 14th she called", "march the 14th"),
    ],
)
def test_dates_in_prose_and_with_typos(text: str, value: str) -> None:
    assert covered(text, value, "date"), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "moved in 94 and 00, then again in 2012",
        "a year alone: 2019 was rough",
        "born 1985",
        "attendance 3/4 this month",
        "skipped the fourth of july bbq",
    ],
)
def test_years_alone_scores_and_holidays_are_allowed(text: str) -> None:
    assert "date" not in kinds_found(text), found(text)


def test_a_birth_year_that_reveals_an_age_over_89_is_removed() -> None:
    old = date.today().year - 93
    assert covered(f"her mother was born in {old}", str(old), "date")
    assert covered(f"mom (b. {old}) lives w/ them", str(old), "date")
    assert redacted(f"DOB {old}") == "DOB [date]"
    assert "date" not in kinds_found("plan b. 1930 hrs check-in")
    assert "date" not in kinds_found("AT B. 1930 HR 80, SBP 1930")


# --- ages over 89 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, age",
    [
        ("grandmother is ninety-one and still drives", "ninety-one"),
        ("nana is ninety one, lives alone", "ninety one"),
        ("dad turned ninety last wk", "ninety"),
        ("his gran turns a hundred and two in may", "a hundred and two"),
        ("a ninety-three-year-old neighbor", "ninety-three"),
        ("he is 91 yo", "91"),
        ("aged 97, in memory care", "97"),
        ("her 97-year-old father", "97"),
        ("a 93 y/o woman", "93"),
        ("94yo grandpa", "94"),
        ("grandfather, 102, lives w/ them", "102"),
        ("her father (94) fell again", "94"),
        ("mom is in her nineties", "nineties"),
        ("his mid-90s", "mid-90s"),
        ("grandma's 90th birthday party sat", "90th"),
        ("his ninety-fifth bday", "ninety-fifth"),
    ],
)
def test_ages_over_89_in_words_and_digits(text: str, age: str) -> None:
    assert covered(text, age, "age"), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "mom is 88, dad 89",
        "she is 91% sure she'll go",
        "took 91 mg by mistake",
        "the session was ninety minutes",
        "a ninety-day program",
        "she is ninety percent sure",
        "music from the 90s helps her",
        "back in the nineties she lived in ohio",
        "pt is 45 yo",
        "SATS at 93",
        "sats in her 90s on RA",
        "HR was ninety on the monitor",
    ],
)
def test_numbers_that_are_no_age_over_89(text: str) -> None:
    assert "age" not in kinds_found(text), found(text)


# --- Safe Harbor defaults -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, want",
    [
        ("DOB 03/14/1951", "DOB [date] 1951"),
        ("DOB: 3/14/1951", "DOB: [date] 1951"),
        ("dob 1951-03-14", "dob [date] 1951"),
        ("DOB: March 14, 1951", "DOB: [date] 1951"),
        ("born 14 March 1951", "born [date] 1951"),
        ("seen 3/14, again feb 9", "seen [date], again [date]"),
        ("grandmother is ninety-one", "grandmother is 90+"),
        ("a 97-year-old father", "a 90+-year-old father"),
    ],
)
def test_safe_harbor_keeps_only_the_year_and_ages_become_90_plus(text: str, want: str) -> None:
    assert redacted(text) == want


def test_a_date_of_birth_90_years_back_loses_its_year_too() -> None:
    old = date.today().year - 95
    assert redacted(f"DOB 3/14/{old}") == "DOB [date]"
    assert redacted(f"DOB 3/14/{old % 100:02d}") == "DOB [date]"  # two digits: last century


def test_a_two_digit_year_after_this_one_is_last_century() -> None:
    later = (date.today().year + 3) % 100
    assert safe_harbor_date(f"3/14/{later:02d}") == "[date]"


def test_misspelt_months_and_the_day_after_the_month_still_shift() -> None:
    assert shift_date("febuary 3", 10) == "february 13"
    assert shift_date("march the 14th", 10) == "march 24"
