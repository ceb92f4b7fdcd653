"""Structured detectors: dates, ages, phones, contact details, numbers, addresses, handles."""

from __future__ import annotations

import pytest

from tests.deid.helpers import covered, found


@pytest.mark.parametrize(
    "text, date",
    [
        ("Seen on 3/4/2024 for intake.", "3/4/2024"),
        ("Seen on 03-04-24 for intake.", "03-04-24"),
        ("Next visit March 4 at noon.", "March 4"),
        ("Born 4 March 2024 in the ward.", "4 March 2024"),
        ("Call back Mar 4th, please.", "Mar 4th"),
        ("Admitted 2024-03-04 overnight.", "2024-03-04"),
        ("Follow up 3/18 with the team.", "3/18"),
        ("Anniversary is December 25, 2019.", "December 25, 2019"),
        ("Started 11/21.93 per chart.", "11/21"),
        ("Last seen 8/88 by the PCP.", "8/88"),
        ("her birthday is tomorrow, may 16, 2015.", "may 16, 2015"),
        ("Moved out in the summer, on the 4th of July.", "4th"),
        ("Lithium toxicity-9/2/92 noted.", "9/2/92"),
        ("History: MI '92, CABG '95.", "'92"),
        ("History: MI '92, CABG '95.", "'95"),
        ("PMH: CVA 74'. Cholecystectomy.", "74'"),
        ("Was inpatient 6/30-7/2 for a crisis.", "6/30-7/2"),
        ("Moved back home in sept. with her aunt.", "sept"),
        ("Has been sober since Jan.", "Jan"),
        ("Pt extubated 7/16 and on 40% cool neb.", "7/16"),
        ("Mech vent via trach (placed 8/14), PEEP 5.", "8/14"),
        ("Reintubated 7/24 after a trial of bipap.", "7/24"),
        ("Pain clinic visit on 3/10 went well.", "3/10"),
    ],
)
def test_dates_in_common_forms(text: str, date: str) -> None:
    assert covered(text, date, "date"), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "She comes every Monday and Friday.",
        "Crackles 1/2 up bilaterally.",
        "Tolerated PSV 10/5 overnight.",
        "Strength 5/5 in all extremities.",
        "Pain rated 3/10 this morning.",
        "2300: pt c/o CP, 5/10, ECG done.",
        "Given NTG with decrease in CP to 3/10, BP stable.",
        "Mood 3/10. Passive thoughts, no plan.",
        "Urges to self-harm this week, both below 3/10.",
        "Resp: On bi-pap 10/5 with initial ABG fine.",
        "Continued to wean down to 10/5. Tolerating well.",
        "Remains vented IMV 700x10, 50% 8/5. Sats >97%.",
        "Pulm: On weaning trial 5/5, VTs 400s.",
        "The year was 1992.",
        "Given 2 units over 1.5 hours.",
        "HOB 30'. Walked x 30' with PT.",
        "He loved the music of the 80's.",
    ],
)
def test_not_dates(text: str) -> None:
    assert not [f for f in found(text) if f[1] == "date"], found(text)


@pytest.mark.parametrize(
    "text, age",
    [
        ("Client is 92 years old and lucid.", "92"),
        ("A 95 yo widow.", "95"),
        ("age 91, lives alone", "91"),
        ("Pt is a 93F with CHF.", "93"),
        ("She is 101 years old.", "101"),
        ('She said, "I am not moving to a nursery at 93."', "93"),
        ("Her grandmother is 94 now and lucid.", "94"),
        ("He was 91 when he died.", "91"),
    ],
)
def test_ages_over_89(text: str, age: str) -> None:
    assert (age, "age") in found(text)


def test_ages_under_90_are_kept() -> None:
    assert not [f for f in found("A 58 year old man, 45 yo wife.") if f[1] == "age"]


@pytest.mark.parametrize(
    "text, phone",
    [
        ("Call her at 410-555-1234 tonight.", "410-555-1234"),
        ("Cell (301) 944-5032.", "(301) 944-5032"),
        ("Reach him at 202 2671093 after 5.", "202 2671093"),
        ("Work number 202-6694.", "202-6694"),
        ("Office x4321 at the front desk.", "x4321"),
        ("Pager: #54321", "54321"),
        ("Fax 410.555.9876 to records.", "410.555.9876"),
        ("International: +44 20 7946 0958.", "+44 20 7946 0958"),
        ("dtr Frances Baker- 212- 476- 8356.", "212- 476- 8356"),
    ],
)
def test_phones(text: str, phone: str) -> None:
    assert covered(text, phone, "phone"), found(text)


def test_ranges_are_not_phones() -> None:
    assert not [f for f in found("Tidal volumes 900-1000 and SVR 954-1183.") if f[1] == "phone"]


@pytest.mark.parametrize(
    "text, value, kind",
    [
        ("Email sarah.m@example.com for notes.", "sarah.m@example.com", "email"),
        ("See https://example.org/path?q=1 later.", "https://example.org/path?q=1", "url"),
        ("Her blog www.sarahwrites.net is public.", "www.sarahwrites.net", "url"),
        ("Login from 192.168.10.4 today.", "192.168.10.4", "ip"),
        ("Router at 2001:db8::8a2e:370:7334.", "2001:db8::8a2e:370:7334", "ip"),
        ("SSN 123-45-6789 on file.", "123-45-6789", "id"),
        ("MRN: 00123456 on the wristband.", "00123456", "id"),
        ("Acct # 55-1234-99 is overdue.", "55-1234-99", "id"),
        ("Medicaid ID AB1234567 applies.", "AB1234567", "id"),
        ("Card 4454794511390933 declined.", "4454794511390933", "id"),
        ("License no. D1234567 expired.", "D1234567", "id"),
        ("Follows @sarah_miller92 online.", "@sarah_miller92", "other"),
    ],
)
def test_contact_and_numbers(text: str, value: str, kind: str) -> None:
    assert covered(text, value, kind), found(text)


def test_invalid_ip_is_not_an_ip() -> None:
    assert not [f for f in found("Version 999.12.1.300 shipped.") if f[1] == "ip"]


@pytest.mark.parametrize(
    "text, value",
    [
        ("She lives at 1200 Oak Street, Apt 4B with her aunt.", "1200 Oak Street, Apt 4B"),
        ("Moved to 42 W. Elm Ave last month.", "42 W. Elm Ave"),
        ("Mail to PO Box 991 please.", "PO Box 991"),
        ("Springfield, IL 62704 is home.", "62704"),
        ("zip code 21201 on the form.", "21201"),
    ],
)
def test_addresses_and_zip(text: str, value: str) -> None:
    assert covered(text, value, "location"), found(text)


def test_doses_are_not_addresses() -> None:
    assert not [
        f for f in found("Given 10 MG PER DR ORDER. 3 WAY FOLEY IN PLACE.") if f[1] == "location"
    ]


def test_clinical_at_is_not_a_handle() -> None:
    assert not [f for f in found("IVF @KVO, tf @goal of 80cc/hr, ETT @ 21 @LIP") if f[1] == "other"]


@pytest.mark.parametrize(
    "text, phone",
    [
        ("Fax: 345-899-3560x4587", "345-899-3560x4587"),
        ("Desk: +41 (0)96 471 07 95", "+41 (0)96 471 07 95"),
        ("Please call me at 0494 92 82 32 tomorrow.", "0494 92 82 32"),
        ("655 437 108 office", "655 437 108"),
        ("Mobile: 03.93.92.16.85", "03.93.92.16.85"),
    ],
)
def test_international_and_cued_phones(text: str, phone: str) -> None:
    assert covered(text, phone, "phone"), found(text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Kevin gave his address: 5049 Harjukuja 54, Seinäjoki", "5049 Harjukuja 54"),
        ("Lives at 3482 Via Franscini 71 Suite 838 now.", "Suite 838"),
    ],
)
def test_addresses_with_the_number_last(text: str, value: str) -> None:
    assert covered(text, value, "location"), found(text)


def test_vent_settings_are_not_addresses() -> None:
    text = "Vent settings A/C 750 Rate 10 Peep 7.5, HCt 28 Received 1 unit PRBC"
    assert not [f for f in found(text) if f[1] == "location"], found(text)


@pytest.mark.parametrize(
    "text, year",
    [
        ("PMH: CABG 81, Redo CABG 84, MVR, MI 81, HTN.", "84"),
        ("PMH: Recently diagnosed NIDDM. 09 PTCA to LCX. 13 stent to LCX.", "13"),
        ("PMH: CAD: NQWMI 13. HTN. EF 50%.", "13"),
    ],
)
def test_two_digit_years_in_a_history_list(text: str, year: str) -> None:
    at = text.index(year, 10)
    assert covered(text, year, "date", start=at), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "PMH: COPD on chronic home 02. EF 50%, HR 80, BP in the 80's.",
        "Vitals: HR 80, paced 70. PCWP 22, CVP 16.",
        "PMH: smokes 70pp/year. Sats in the 90's.",
    ],
)
def test_numbers_in_history_lists_that_are_not_years(text: str) -> None:
    assert not [f for f in found(text) if f[1] == "date"], found(text)


@pytest.mark.parametrize(
    "text",
    ["Sats at 93. On 2L.", "HR is 94, BP stable.", "Pt febrile at 100.2 overnight.",
     "act at noon was 112. iabp pulled.", "CV: PT A-PACED AT 90. UNDERLYING AF.",
     "SBP was 93. HR 80."],
)  # fmt: skip
def test_measurements_in_the_nineties_are_no_ages(text: str) -> None:
    assert not [f for f in found(text) if f[1] == "age"], found(text)
