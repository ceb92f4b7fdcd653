"""Dates: keep only the year (Safe Harbor), or shift by a fixed number of days.

Safe Harbor (45 CFR 164.514(b)(2)(i)(C)) lets a text keep a date's year and nothing else, and
not even the year when it points to an age over 89 (a birth year 90 or more years ago).
Shifting is the other, named mode: one offset per packet keeps intervals true ("seen 3/4, again
3/18" stays two weeks apart) but the text keeps day and month, so it is NOT Safe Harbor. A form
that cannot be read back safely becomes "[date]".
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_REF_YEAR = 2000  # a leap year: a year-less "2/29" still exists
_NUMERIC = re.compile(r"^(\d{1,4})([/\-.])(\d{1,2})(?:([/\-.])(\d{2,4}))?$")
_NAMED = re.compile(
    r"^(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]*)?(?P<mon>[a-z]+)\.?"
    r"(?:\s*(?:the\s+)?(?P<d2>\d{1,2})(?:st|nd|rd|th)?\b)?(?:\s*(?:of\s+)?,?[\s\-]*(?P<year>\d{4}|'\d\d))?$",
    re.IGNORECASE,
)


def _month_of(word: str) -> int | None:
    low = word.lower().rstrip(".")
    if len(low) < 3:
        return None
    for n, name in enumerate(_MONTHS, start=1):
        if name.startswith(low) or (low == "sept" and n == 9):
            return n
    if len(low) >= _TYPO_LENGTH:  # "febuary", "septmber": a slip keeps the first letters
        for n, name in enumerate(_MONTHS, start=1):
            if name.startswith(low[:3]):
                return n
    return None


_TYPO_LENGTH = 5


def _year(raw: str) -> int:
    """A two-digit year after this year's is last century's: "DOB 3/14/29" is 1929, so Safe
    Harbor drops it (a birth year 90 or more years back) instead of printing 2029."""
    value = int(raw.lstrip("'"))
    if len(raw.lstrip("'")) == 2:
        return 1900 + value if value > date.today().year % 100 else 2000 + value
    return value


def _write_year(value: int, raw: str) -> str:
    if raw.startswith("'"):
        return f"'{value % 100:02d}"
    return f"{value % 100:02d}" if len(raw) == 2 else str(value)


def _pad(value: int, like: str) -> str:
    return f"{value:02d}" if len(like) == 2 and like.startswith("0") else str(value)


_YEAR_IN = re.compile(r"(?<![\d])(1[89]\d\d|20\d\d)(?!\d)|(?<![\w])[\'\u2019](\d\d)(?!\d)")
_YEAR_ALONE = re.compile(r"^(?:(?:in|of|year)\s+)?(1[89]\d\d|20\d\d)s?$", re.IGNORECASE)
OLDEST_KEPT = 89  # a year 90 or more years back may reveal an age over 89: removed too


def year_of(text: str) -> int | None:
    """The year written in a date ("3/14/2025", "March 14th, 2025", "'94", "1/2/94"), if any."""
    raw = text.strip()
    numeric = _NUMERIC.match(raw)
    if numeric:
        a, _, b, _, c = numeric.groups()
        if len(a) == 4:
            return int(a)
        if c is not None:
            return _year(c)
        if int(b) > 31:  # 8/88: month and year
            return _year(b)
        return None
    found = _YEAR_IN.search(raw)
    if found is None:
        return None
    return int(found.group(1)) if found.group(1) else _year("'" + found.group(2))


def safe_harbor_date(text: str, this_year: int | None = None) -> str:
    """What Safe Harbor lets a date keep: "[date] 2025" for a dated day, the year alone for a
    year alone, "[date]" when there is no year or the year is 90 or more years back."""
    year = year_of(text)
    now = this_year if this_year is not None else date.today().year
    if year is None or year <= now - OLDEST_KEPT - 1:
        return "[date]"
    if _YEAR_ALONE.match(text.strip()):
        return str(year)
    return f"[date] {year}"


def shift_date(text: str, days: int) -> str | None:
    """`text` moved by `days`, in the same shape; None when it cannot be read reliably."""
    raw = text.strip()
    numeric = _NUMERIC.match(raw)
    try:
        if numeric:
            return _shift_numeric(numeric, days)
        named = _NAMED.match(raw)
        if named:
            return _shift_named(named, days)
    except ValueError:
        return None
    return None


def _shift_numeric(m: re.Match[str], days: int) -> str | None:
    a, sep, b, sep2, c = m.groups()
    if len(a) == 4:  # 2024-03-04
        if c is None:
            return None
        moved = date(int(a), int(b), int(c)) + timedelta(days=days)
        return f"{moved.year}{sep}{_pad(moved.month, b)}{sep2}{_pad(moved.day, c)}"
    # a zero-padded date ("04/18/2025") stays zero-padded in every part
    padded = any(len(p) == 2 and p.startswith("0") for p in (a, b))
    like_a, like_b = ("00", "00") if padded else (a, b)
    month, day = int(a), int(b)
    day_first = month > 12
    if day_first:
        month, day = day, month
    if c is None and day > 31:  # 8/88: month and year
        moved = date(_year(b), month, 15) + timedelta(days=days)
        return f"{_pad(moved.month, like_a)}{sep}{_write_year(moved.year, b)}"
    year = _year(c) if c is not None else _REF_YEAR
    moved = date(year, month, day) + timedelta(days=days)
    first, second = (moved.day, moved.month) if day_first else (moved.month, moved.day)
    out = f"{_pad(first, like_a)}{sep}{_pad(second, like_b)}"
    if c is not None:
        out += f"{sep2}{_write_year(moved.year, c)}"
    return out


def _shift_named(m: re.Match[str], days: int) -> str | None:
    month = _month_of(m.group("mon"))
    if month is None:
        return None
    day_raw = m.group("d1") or m.group("d2")
    year_raw = m.group("year")
    year = _year(year_raw) if year_raw else _REF_YEAR
    moved = date(year, month, int(day_raw) if day_raw else 15) + timedelta(days=days)
    word = m.group("mon")
    name = _MONTHS[moved.month - 1]
    if len(word.rstrip(".")) <= 4 and word.lower().rstrip(".") != name:
        name = name[:3]
    name = name.upper() if word.isupper() else name.capitalize() if word[0].isupper() else name
    if not day_raw:
        return f"{name} {_write_year(moved.year, year_raw)}" if year_raw else name
    out = f"{moved.day} {name}" if m.group("d1") else f"{name} {moved.day}"
    if year_raw:
        out += f", {_write_year(moved.year, year_raw)}" if m.group("d2") else f" {moved.year}"
    return out
