"""Structured identifiers found by shape: dates, ages over 89, phones, emails, URLs, IPs, numbers.

Each detector is one compiled regular expression plus, where shape alone misleads, a small
check in Python (a valid IP, a plausible month). Weekday names are not identifiers and are
never matched; a year standing alone is allowed by Safe Harbor and is left as it is.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date

import phonenumbers

from confide.deid.firstwords import WordStarts
from confide.deid.spans import PRIORITY_KNOWN, PRIORITY_PATTERN, Kind, Span
from confide.deid.textutil import Scanner, mostly_upper
from confide.deid.tokens import word_starts

I = re.IGNORECASE  # noqa: E741
# An email or URL is replaced whole, even when a known name sits inside it.
PRIORITY_STRUCTURED = PRIORITY_KNOWN + 10

# Hurried notes misspell months ("febuary 3", "janurary", "septmber"): the common slips
# keep a month's first three letters, which the cheap month gates look for.
_MONTH_TYPOS = (
    r"febuary|feburary|febraury|febrary|janurary|janaury|januray|septmber|sepember|"
    r"septemer|novmber|novemeber|decmber|decemeber|octobor|octber|augst|augest"
)
MONTH = (
    rf"(?:{_MONTH_TYPOS}|"
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|"
    r"aug(?:ust|\.)?|sep(?:t(?:ember)?)?\.?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)
_FULL_MONTH = (
    rf"(?:{_MONTH_TYPOS}|"
    r"january|february|april|june|july|august|september|october|november|december)"
)
DAY = r"(?:0?[1-9]|[12]\d|3[01])"
ORD = r"(?:st|nd|rd|th)"
YEAR = r"(?:\d{4}|'\d{2})"
MM = r"(?:0?[1-9]|1[0-2])"


@dataclass(frozen=True, slots=True)
class Pattern:
    """A named regex; `group` picks the part that is the identifier (0: the whole match)."""

    name: str
    kind: Kind
    regex: re.Pattern[str]
    group: int = 0
    check: Callable[[str], bool] | None = None
    priority: int = PRIORITY_PATTERN
    context: Callable[[str, int, int], bool] | None = None
    needs: tuple[str, ...] = ()  # skip a text unless one of these is in its folded form
    gate: str = ""  # or unless this shared cheap test (see _GATES) passes
    folded: bool = False  # matched on the lower-cased text: cheaper than IGNORECASE
    digital: bool = False  # needs a digit in the text (set by `_prepare`)


def _ip_ok(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _phone_digits_ok(value: str) -> bool:
    main = re.split(r"(?i)\s*(?:x|ext)", value)[0]  # an extension does not count
    digits = sum(c.isdigit() for c in main)
    return 7 <= digits <= 12


# "@" reads "at" in clinical shorthand: "@goal", "@bases".
_AT_WORDS = {"goal", "bases", "base", "night", "home", "noon", "rest", "times", "lip", "kvo"}
_FULL_SUFFIX = re.compile(
    r"(?:STREET|AVENUE|ROAD|BOULEVARD|LANE|DRIVE|COURT|PLACE|TERRACE|CIRCLE|HIGHWAY|PARKWAY)$"
)


def _street_ok(value: str) -> bool:
    """A street's name is no run of prose words ("22 lives in the St")."""
    body = re.sub(r",?\s+(?i:apt|apartment|suite|ste|unit|#).*$", "", value)
    return not set(body.lower().split()) & _PROSE_WORDS


_PROSE_WORDS = {"in", "on", "at", "to", "the", "of", "for", "with", "and", "by"}
_ADDRESS_CUE = re.compile(r"(?i:\b(?:address|addr|lives\s+at|resides\s+at|residing\s+at|home)\b)")
_UNIT_PART = re.compile(r",?\s+(?i:apt|apartment|suite|ste|unit|#)")


def _street_context_ok(text: str, start: int, end: int) -> bool:
    """In an ALL CAPS note a street needs its suffix spelled out ("ROAD", not "RD": "2 ST" is a
    ward), unless an address cue leads the line ("ADDRESS: 4510 FREMONT AVE N") or a unit
    follows the street ("22 OAK ST, APT 3")."""
    value = text[start:end]
    if not value.isupper() and not value.replace("#", "").isupper():
        return True
    if _FULL_SUFFIX.search(_UNIT_PART.split(value, 1)[0]) or _UNIT_PART.search(value):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    return _ADDRESS_CUE.search(text, max(line_start, start - 24), start) is not None


# What else a number in the nineties after "at" or "is" measures in a note.
_MEASURED = re.compile(
    r"\b(?:sats?|spo2|o2|hr|pulse|heart|s?bp|dbp|systolic|diastolic|pressures?|rate|rr|temp|"
    r"wt|weight|kg|lbs?|glucose|sugars?|bs|fs|cc|ml|mg|gtt|count|k|na|cr|bun|ci|co|svr|pa|"
    r"fsbs|fsbg|map|cvp|mph|min(?:ute)?s?|level|score|iq|percent|page|room|bed|exit|route|"
    r"highway|floor|unit|gcs|hct|plt|wbc|peep|fio2|vt|saturation|sating|satting|running|"
    r"fever|febrile|afebrile|tmax|paced|pacing|act|ptt|inr|ph|"
    r"degrees?|grade|mark|number|no|bus|ward|gate|price|cost|paid|\$)\b|[%$#]",
    re.IGNORECASE,
)


def _unmeasured(text: str, start: int) -> bool:
    """No measured thing leads the clause ("sats in her 90s", "HR at ninety"), in mixed case."""
    if mostly_upper(text):
        return False
    clause = text[max(0, start - 48) : start]
    cut = max(clause.rfind("."), clause.rfind(";"), clause.rfind("\n"))
    return not _MEASURED.search(clause[cut + 1 :])


def _age_in_prose(text: str, start: int, end: int) -> bool:
    """ "a nursery at 93.", "she's 94 now": an age in the nineties, when nothing measured leads
    the clause (sats at 93, HR is 94)."""
    if mostly_upper(text):
        return False  # an ALL CAPS chart: "PACED AT 90."
    clause = text[max(0, start - 48) : start]
    cut = max(clause.rfind("."), clause.rfind(";"), clause.rfind("\n"))
    return not _MEASURED.search(clause[cut + 1 :]) and not _MEASURED.match(text, end)


# A holiday named in words is no date ("the fourth of july party"): see the corpora README.
_HOLIDAY_BEFORE = re.compile(r"\bfourth\s+of\s+$", I)
_FRACTIONS = {"1/2", "1/3", "1/4", "2/3", "3/4"}
# Ventilator settings (PSV 10/5), strength (5/5), pain scores (3/10), fractions (1/2 NS)
# have the shape of a month and day; these words around them say they are not dates.
_NOT_DATE_BEFORE = re.compile(
    r"(?:\b(?:psv?|peep|cpap|bipap|simv|imv|vent|settings?|strength|pain|rated|flowby|c/o|"
    r"grips?|mae|fio2|ratio|scale|score|gcs|cp|perrla|titrat\w*|wean\w*|attendance|attended)|&)"
    r"\s*[:=]?\s*$",
    I,
)
_NOT_DATE_AFTER = re.compile(
    r"^\s*(?:%|ns\b|str\b|strength|up\b|peep|ps\b|pain|bilat|hrs?\b|of\b|with\s+\d|x\s*\d|"
    r"bottles?|bl\b|cm\b|cp\b|fio2|fick|\d+%|psv|cpap|bipap|abg|angina|"
    r"[-,]\s*\d+%|\+(?![a-z]))",
    I,
)
_VENT_NEAR = re.compile(r"\b(?:psv?|peep|cpap|bipap|simv|imv|vent\w*|fio2|pressure support)\b", I)
# A ventilator's mode earlier in the clause ("bi-pap 10/5", "weaning trial 5/5, VTs 400s"), or
# right before: weaning down to a setting ("wean down to 10/5"), after the FiO2 ("50% 8/5").
# Events near a ventilator keep their dates ("extubated 7/16", "trach placed 8/14").
_VENT_CLAUSE = re.compile(
    r"\b(?:psv?|peep|c-?pap|bi-?pap|simv|imv|pressure support|weaning trial)\b", I
)
_VENT_BEFORE = re.compile(r"(?:\bwean\w*(?:\s+down)?\s+to|\d%)\s*$", I)
# A score out of ten is a rating when a rated thing leads the clause ("CP, 5/10", "decrease in
# CP to 3/10", "Mood 3/10", "anxiety about a 6/10").
_RATED = re.compile(
    r"\b(?:pain|cp|mood|anxiety|anxious|suds?|distress|urges?|cravings?|rated?|rates|rating|"
    r"scale|score|intensity|depression|depressed|energy|sleep|stress|anger|irritability|"
    r"motivation|confidence|self-?harm|si|hopeless\w*|panic|level)\b",
    I,
)
_CLAUSE_END = re.compile(r"[.;\n]")
_OUT_OF_TEN = re.compile(r"(?:10|[0-9])/10$")


def _clause_before(text: str, start: int, width: int) -> str:
    """The words before `start` back to the clause's start (a full stop, a semicolon, a line)."""
    window = text[max(0, start - width) : start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(window)), default=0)
    return window[cut:]


def _date_context_ok(text: str, start: int, end: int) -> bool:
    """Reject month/day shapes that the surrounding words show to be settings or scores."""
    value = text[start:end]
    before = text[max(0, start - 14) : start]
    dated = re.search(r"\b(?:on|from|since|until|till|by|before|after|dated?)\s*$", before, I)
    if value in _FRACTIONS and not dated:
        return False
    if _NOT_DATE_BEFORE.search(before) and not dated:
        return False
    if _NOT_DATE_AFTER.match(text[end : end + 12]):
        return False
    if _VENT_NEAR.search(text[max(0, start - 12) : start]):
        return False
    clause = _clause_before(text, start, 48)
    if _OUT_OF_TEN.search(value) and _RATED.search(clause) and not dated:
        return False
    if _VENT_BEFORE.search(before):
        return False
    strong = re.search(r"\b(?:since|until|till|dated?|from|after|before)\s*$", before, I)
    return strong is not None or not _VENT_CLAUSE.search(clause)


_NOT_YEAR_BEFORE = re.compile(r"(?i:\b(?:x|hob|walked|ambulated|ft|feet|times)|[\d~@])[ \t]*$")
_MEASURE_BEFORE = re.compile(
    r"\b(?:tv|vt|stv|svr|pvr|hr|bp|volumes?|rate|range|goal|between|sbp|map|plt|wbc|cc|ml|mg)"
    r"\W{0,3}(?:is|of|in the|to|at|was)?\W{0,3}$",
    I,
)


def _not_a_range(text: str, start: int, end: int) -> bool:
    """'500-1000' and 'SVR 954-1183' are ranges of a measurement, not phone numbers."""
    first, _, second = re.split(r"([.\-])", text[start:end], maxsplit=1)
    if first.endswith("0") and second.endswith("00"):
        return False
    return not _MEASURE_BEFORE.search(text[max(0, start - 16) : start])


def _long_number_ok(value: str) -> bool:
    return sum(c.isdigit() for c in value) >= 4


# What an ordinal counts when it is no day of the month: "the 3rd session", "the 2nd time".
_COUNTED = (
    r"(?:time|times|day|week|weekend|month|year|session|attempt|grade|grader|floor|round|dose|"
    r"visit|trimester|place|step|cycle|line|try|percentile|decile|quartile|degree|anniversary|"
    r"birthday|child|kid|baby|pregnancy|marriage|husband|wife|relapse|episode|admission|"
    r"hospitali[sz]ation|overdose|offen[cs]e|period|quarter|half|stage|phase|level|chapter|"
    r"page|person|amendment|century|generation|draft|edition|appointment|meeting|group|"
    r"module|skill|question|item|class|semester|inning|shift|night|call|letter|one)(?:e?s)?\b"
)
# After "the 14th" in prose, what shows it is a day: the clause goes on with a function word,
# a pronoun, a time or a verb of being; anything else (a noun) makes it a count.
_DAY_FOLLOWS = re.compile(
    r"\s*(?:$|[.,;:!?)\]\"”'’]|[-–—]\s|\n|@|\d)|"
    r"\s+(?:of\s+(?:(?:this|next|last|the|each|every|that)\s+)?month\b|of\s+" + MONTH + r"|"
    r"(?:is|was|will|would|works?|worked|at|when|she|he|they|we|i|you|it|too|again|then|"
    r"but|so|because|if|as|since|until|till|instead|still|maybe|are|were|isn't|wasn't|"
    r"she's|he's|it's|we're|they're|i'm|morning|afternoon|evening|am|pm|after|before|"
    r"no|not|went|came|got|could|should|might|may|can|which|seems|sounds|fine|ok|okay|"
    r"because|unless|or\s+so|either|works|already|right|ish)\b)",
    I,
)
# "the 3rd or 4th", "the 3rd, 4th and 5th": days listed together, one span
_DAY_MORE = rf"[ \t]*(?:,|&|and|or|to|through|thru|-)[ \t]*(?:the[ \t]+)?\d{{1,2}}{ORD}\b"
_DAY_LIST = rf"\d{{1,2}}{ORD}\b(?:{_DAY_MORE})*+"
_IN_THE = re.compile(r"\b(?:in|her|his|their|my|our|your)\s+the\s+$", I)


def _day_in_prose(text: str, start: int, end: int) -> bool:
    """ "the 11th was hard", "it's the 3rd.", "tues the 14th @ 2": a day of the month, when the
    words after it are no counted thing ("the 3rd session") and it is no grade ("in the 9th")."""
    if _IN_THE.search(text[max(0, start - 16) : start]):
        return False
    return _DAY_FOLLOWS.match(text, end) is not None


_BIRTH_YEAR_FLOOR = 90  # a birth year this many years back points to an age over 89


def _old_birth_year(value: str) -> bool:
    """A birth year standing alone is allowed, unless it says the person is over 89."""
    return int(value) <= date.today().year - _BIRTH_YEAR_FLOOR


DATE_PATTERNS = [
    Pattern(
        "date-numeric",
        "date",
        re.compile(
            rf"(?<![\d/])(?<!\d[.\-]){MM}([/\-.]){DAY}(?:\1|\.)(?:\d{{4}}|\d{{2}})(?![\d/]|\.\d)"
        ),
        context=_date_context_ok,
    ),
    Pattern(
        "date-day-first",
        "date",
        re.compile(rf"(?<![\d/.\-])(?:1[3-9]|2\d|3[01])([/\-.]){MM}\1(?:\d{{4}}|\d{{2}})(?![\d/])"),
        context=_date_context_ok,
    ),
    # "2000-04-16 11:34:35": a timestamp's time of day goes with its date
    Pattern(
        "date-iso",
        "date",
        re.compile(rf"(?<![\d/.])\d{{4}}-{MM}-{DAY}(?:[ T]\d\d:\d\d(?::\d\d)?)?(?![\d/])"),
    ),
    Pattern("date-iso-slash", "date", re.compile(rf"(?<![\d/.])\d{{4}}/{MM}/{DAY}(?![\d/])")),
    Pattern(
        "date-month-day",
        "date",
        re.compile(rf"(?<![\d/])(?<!\d[.\-]){MM}/{DAY}(?![\d/]|\.\d)"),
        context=_date_context_ok,
    ),
    Pattern(
        "date-month-year",
        "date",
        re.compile(rf"(?<![\d/.\-]){MM}/(?:3[2-9]|[4-9]\d|19\d\d|20\d\d)(?![\d/]|\.\d)"),
    ),
    Pattern(
        "date-name-day",
        "date",
        re.compile(
            rf"\b{MONTH}\s*(?:the\s+{DAY}{ORD}|{DAY}(?:{ORD})?)\b(?:,?\s*(?:\d{{4}}|'\d\d)\b)?", I
        ),
    ),
    Pattern(
        "date-day-name",
        "date",
        re.compile(
            rf"(?<!\w){DAY}(?:{ORD})?(?:\s+of)?[\s\-]*{MONTH}(?![a-z])(?:,?[\s\-]*{YEAR}\b)?", I
        ),
    ),
    Pattern("date-name-year", "date", re.compile(rf"\b{MONTH}\s*(?:of\s+)?,?\s*{YEAR}\b", I)),
    Pattern(
        "date-full-month",
        "date",
        re.compile(rf"\b{_FULL_MONTH}\b", I),
        context=lambda text, start, end: (
            not _HOLIDAY_BEFORE.search(text, max(0, start - 12), start)
        ),
    ),
    Pattern(
        "date-pair",
        "date",
        re.compile(
            rf"(?<![\d/]){MM}/{DAY}/{MM}/{DAY}(?![\d/])"
        ),  # "10/03/10/04": two, run together
    ),
    Pattern(
        "date-range",
        "date",
        re.compile(rf"(?<![\d/]){MM}/{DAY}[ \t]?-[ \t]?{MM}/{DAY}(?![\d/]|\.\d)"),
        check=lambda v: not v.endswith("/10"),  # "4/10-6/10": a range of scores
        context=_date_context_ok,
    ),
    # '92, 74': a two-digit year with an apostrophe dates an event ("MI '92", "CVA 74'"); not
    # "30'" after HOB or x (head of bed, feet walked) nor "80's" (a decade or a range).
    Pattern("date-apostrophe-year", "date", re.compile(r"(?<![\w'])'\d\d(?![\w'])")),
    Pattern(
        "date-year-apostrophe",
        "date",
        re.compile(r"(?<![\w'/.\-])\d\d'(?![\w'])"),
        context=lambda text, start, end: (
            not _NOT_YEAR_BEFORE.search(text[max(0, start - 12) : start])
        ),
    ),
    Pattern(
        "date-month-abbrev",
        "date",
        re.compile(
            r"\b(?:in|since|until|till|by|early|late|mid|end\s+of|beginning\s+of|last|next)"
            r"[ \t]+((?:jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec)\.?|march|may)(?![a-z])",
            I,
        ),
        group=1,
    ),
    Pattern(
        "date-ordinal",
        "date",
        re.compile(
            rf"\b(?:on|by|since|until|till|til|before|after|from|of|for|is|it'?s|was|around|"
            rf"through|thru|starting|over|at|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
            rf"\s+the\s+({_DAY_LIST})"
            rf"(?!\s+{_COUNTED}|-[a-z])",
            I,
        ),
        group=1,
    ),
    # "the 11th was hard", "tues the 14th": a day of the month with no cue before it
    Pattern(
        "date-the-day",
        "date",
        re.compile(rf"\bthe[ \t]+((?:[12]?\d|3[01]){ORD}\b(?:{_DAY_MORE})*+)", I),
        group=1,
        context=_day_in_prose,
    ),
    # "mid-march", "early-june": one word with the month, the month dates an event
    Pattern(
        "date-mid-month",
        "date",
        re.compile(rf"\b(?:mid|early|late)-{MONTH}(?![a-z])", I),
    ),
    # "born in 1931", "DOB: 1929": a year alone is allowed, unless it reveals an age over 89
    Pattern(
        "date-birth-year",
        "date",
        re.compile(
            r"\b(?:born|(?<=\()b\.|dob|d\.o\.b\.?|date\s+of\s+birth|year\s+of\s+birth|"
            r"birth\s*year|yob)[ \t]*(?:in[ \t]+|on[ \t]+|[:\-][ \t]*)?((?:18|19|20)\d\d)"
            r"(?![\d/\-]|\.\d|[ \t]*(?:hrs?|hours|h)\b)",
            I,
        ),
        group=1,
        check=_old_birth_year,
    ),
]

# Ages over 89 in words: "ninety", "ninety-one", "a hundred and two", "ninety-something".
_UNITS_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_NINETY = (
    rf"(?:ninety(?:[ \-]{_UNITS_WORD}|-something|[ \-]ish)?|"
    rf"(?:a|one)[ \-]hundred(?:(?:[ \-]and)?[ \-](?:{_UNITS_WORD}|ten))?)"
)
# What a number word measures when it is no age: "ninety minutes", "ninety percent".
_NOT_AGE_AFTER = (
    r"[ \t\-]*(?:%|minutes?|mins?|percent|days?|dollars|bucks|pounds|lbs|seconds|secs|"
    r"degrees|miles|mph|people|sessions|hours?|hrs|weeks?|months?|kg|beats|bpm|times|"
    r"years?\s+ago|and\s+(?:up|over)|over|pages|calls|texts|units|mg)\b"
)

AGE_PATTERNS = [
    Pattern(
        "age-years",
        "age",
        re.compile(
            r"(?<![\d.])(9\d|1[0-2]\d)(?:\s*-?\s*|\s+)(?:years?|yrs?\.?|y/?o|y\.o\.?|yo[mf]?)"
            r"(?![a-z])",
            I,
        ),
        group=1,
    ),
    Pattern(
        "age-cue",
        "age",
        re.compile(
            r"\b(?:age[ds]?|aged|turn(?:s|ed|ing)?)\s*(?:of\s*)?[:=]?\s*(9\d|1[0-2]\d)"
            r"(?!\d|\.\d)",
            I,
        ),
        group=1,
    ),
    Pattern(
        "age-prose",
        "age",
        re.compile(
            r"\b(?:at|is|was|she's|he's|she’s|he’s|now|nearly|almost)\s+(9\d|1[01]\d)"
            r"(?=\s*(?:[.!?,;\"”)](?!\d)|$)|\s+(?:now|and|but|this|last|next|when)\b)",
            I,
        ),
        group=1,
        context=_age_in_prose,
    ),
    Pattern(
        "age-sex",
        "age",
        re.compile(r"(?<![\d.])(9\d|1[0-2]\d)\s?(?:f|m|female|male|yo[mf])\b", I),
        group=1,
    ),
    Pattern(  # "ninety-one years old", "a ninety one y/o"
        "age-words-unit",
        "age",
        re.compile(
            rf"\b({_NINETY})[ \t\-]+(?:years?[ \t\-]+old|yrs?[ \t\-]+old|y/?o|years?\s+of\s+age)\b",
            I,
        ),
        group=1,
    ),
    Pattern(  # "grandma is ninety-one", "turned ninety": not "ninety minutes", "is ninety percent"
        "age-words-cue",
        "age",
        re.compile(
            r"\b(?:is|was|be|being|turned|turns|turning|turn|aged?|age\s+of|at|now|nearly|almost|"
            r"she's|he's|she’s|he’s|i'm|i’m|over)[ \t]+" + rf"({_NINETY})\b(?!{_NOT_AGE_AFTER})",
            I,
        ),
        group=1,
        context=lambda text, start, end: _unmeasured(text, start),
    ),
    Pattern(  # "her nineties", "his mid-90s": the decade of a life over 89, never "the 90s"
        "age-decade",
        "age",
        re.compile(
            r"\b(?:her|his|their|my|your)[ \t]+(?:(?:early|mid|late)[ \t]+)?"
            r"((?:(?:early|mid|late)-)?(?:nineties|90['’]?s))\b",
            I,
        ),
        group=1,
        context=lambda text, start, end: _unmeasured(text, start),
    ),
    Pattern(  # "her 90th birthday", "his ninety-fifth bday"
        "age-birthday",
        "age",
        re.compile(
            r"(?<![\w.])(9\dth|9[1-3](?:st|nd|rd)|1[01]\d(?:st|nd|rd|th)|ninetieth|"
            r"ninety-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|hundredth)"
            r"[ \t]+(?:birthday|bday|b-day)\b",
            I,
        ),
        group=1,
    ),
    Pattern(  # "grandfather, 102, lives alone", "her father (94)"
        "age-relation",
        "age",
        re.compile(
            r"\b(?:grand(?:mother|father|ma|pa|mom|dad|parent)s?|gran|granny|nana|nanna|mother|"
            r"mom|mum|father|dad|aunt|uncle|husband|wife|spouse|partner|brother|sister|"
            r"neighbou?r|pt|patient|client|widow|widower|friend)(?:-in-law)?"
            r"[ \t]*(?:\([ \t]*|,[ \t]*)(9\d|1[01]\d)(?=[ \t]*[),]|[ \t]+(?:yo|y/o|years?)\b)",
            I,
        ),
        group=1,
    ),
]

_SEP = r"[\s.\-/]{0,3}"
PHONE_PATTERNS = [
    Pattern(
        "phone-us",
        "phone",
        re.compile(
            rf"(?<!\d)(?<!\d-)(?:\+?1[\s.\-]?)?\(?\d{{3}}\)?{_SEP}\d{{3}}{_SEP}\d{{4,5}}(?!\d)"
            r"(?:\s*(?:x|ext\.?|extension)\s*\d{2,5})?",
            I,
        ),
        check=_phone_digits_ok,
    ),
    Pattern(
        "phone-7",
        "phone",
        re.compile(r"(?<![\d\-/.])\d{3}[.\-]\d{4}(?![\d\-/]|\.\d)"),
        context=lambda text, start, end: _not_a_range(text, start, end),
    ),
    Pattern("phone-7-run", "phone", re.compile(r"(?<![\d.\-/])\d{7}(?![\d.]|/\d)")),
    Pattern("phone-ext", "phone", re.compile(r"\b(?:x\d{4,5}|ext\.?\s?\d{2,5})\b", I)),
    Pattern(
        "phone-cue",
        "phone",
        re.compile(
            r"\b(?:pager|pgr|pg|beeper|bpr|beep|page|cell(?:ular)?|tel|telephone|phone|"
            r"mobile|fax|work|office|home|contact|desk|call\s+me\s+(?:at|on)|reach\s+me\s+at|"
            r"answering\s+at|messages\s+to|registered|text\s+me\s+at)"
            r"\s*(?:no\.?|number|num)?[\s:#\-]*"
            r"(\(?\+?\d[\d\s\-).]{2,16}\d)(?![\d:]|\.\d)",
            I,
        ),
        group=1,
        check=_long_number_ok,
    ),
]

PHONE_PATTERNS.append(
    Pattern(
        "phone-before-cue",
        "phone",
        re.compile(
            r"(?<![\d\w])(\(?\+?\d[\d \t\-.()]{5,18}\d)[ \t]*-?[ \t]*"
            r"(?:office|fax|mobile|cell|home|work)\b",
            I,
        ),
        group=1,
        check=_phone_digits_ok,
    )
)
# Words between two numbers in settings and doses, never a street's name.
_NOT_STREET_WORDS = {
    "rate", "peep", "received", "units", "unit", "given", "tidal", "volume", "ps", "fio", "hr",
    "bp", "rr", "map", "cvp", "total", "dose", "doses", "tablets", "times", "hours", "mins",
    "minutes", "days", "weeks", "months", "years", "pressure", "support", "control", "mg",
}  # fmt: skip
ADDRESS_UNIT = Pattern(
    "unit",
    "location",
    re.compile(r"\b(?:Apt|APT|Apartment|Suite|SUITE|Ste)\.?[ \t]*#?\d{1,5}[A-Za-z]?\b"),
)
INTERNATIONAL_STREET = Pattern(
    "street-number-last",
    "location",
    re.compile(
        r"(?<![\w.\-])\d{1,6}[ \t]+"
        r"(?:(?:[A-ZÀ-ÞĀ-žΑ-ΩΆ-Ώ][a-zß-ÿĀ-žα-ωά-ώ]+|Λ\.)[ \t]+"
        r"(?:(?:do|da|de|del|di|van|von)[ \t]+)?){1,3}"
        r"\d{1,5}(?![\d\w./:]|,\d)"
    ),
    check=lambda v: not (set(re.findall(r"[a-z]+", v.lower())) & _NOT_STREET_WORDS),
)

CONTACT_PATTERNS = [
    Pattern(
        "email",
        "email",
        re.compile(r"\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,6}\b"),
        priority=PRIORITY_STRUCTURED,
    ),
    Pattern(
        "url",
        "url",
        re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?]", I),
        priority=PRIORITY_STRUCTURED,
    ),
    Pattern(
        "domain",
        "url",
        re.compile(
            r"\b[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:com|org|net|edu|gov|io|info|biz|us)"
            r"\b(?:/[^\s<>\"'()]*[^\s<>\"'().,;:!?])?",
            I,
        ),
    ),
    Pattern(
        "ipv4",
        "ip",
        re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]|\.\d)"),
        check=_ip_ok,
    ),
    Pattern(
        "ipv6",
        "ip",
        re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:|::)[0-9A-Fa-f:]{2,37}(?![\w:])"),
        check=_ip_ok,
    ),
    Pattern(
        "handle",
        "other",
        re.compile(r"(?<![\w.@])@[A-Za-z_][A-Za-z0-9_.]{2,28}[A-Za-z0-9_]"),
        priority=PRIORITY_STRUCTURED,
        check=lambda v: not v[1:].isupper() and v[1:].lower() not in _AT_WORDS,
    ),
]

_YEAR = re.compile(r"(?:19|20)\d\d")
_RUN = re.compile(r"\d{4}")
# A joined code's run of four digits opens one of its later parts ("SAISD-TR-0098812"): the
# same test gates its pattern, which is then tried only in the rare notes that hold one.
_HYPHEN_RUN = re.compile(r"-[A-Z0-9]{0,4}[0-9]{4}")
_DIGIT_LETTERS = re.compile(r"[0-9][ \-]?[A-Z]{1,5}[ \-]?[0-9]")  # cause numbers, MBIs
_SPACED_DIGITS = 5  # "2025 CRB 041173", never a time and a volume ("2000 CC 1500")
_JOINED_DIGITS = 6  # a code standing alone, with no cue: "PHQ-9", "ICD-10-CM" have fewer
# CMS's MBI letters leave out S, L, O, I, B and Z (read as digits)
_MBI_A = "[AC-HJKMNP-RT-Y]"
_MBI_AN = "[AC-HJKMNP-RT-Y0-9]"


_MEASURE_OR_TIME = re.compile(r"\d+[a-z]{1,4}|[0-2]\d[0-5]\d", re.IGNORECASE)


def _hashed_ok(value: str) -> bool:
    """A number after "#": four digits or more, not a year, a time ("#0800") nor a size or a
    volume ("#1000cc", "#20fr")."""
    return (
        _long_number_ok(value)
        and not _YEAR.fullmatch(value)
        and not _MEASURE_OR_TIME.fullmatch(value)
    )


def _joined_ok(value: str) -> bool:
    """Six digits or more with a run of four: a record number, not a measured range written
    after its name ("sbp-140-160", "tv's-450-540") nor a scale ("PHQ-9")."""
    return (
        sum(c.isdigit() for c in value) >= _JOINED_DIGITS and _HYPHEN_RUN.search(value) is not None
    )


def _court_ok(value: str) -> bool:
    """A cause number's shape (see `_joined_ok`); spaced, it opens with a year ("2025 CRB
    041173"), unlike a measurement after a setting ("24 TV 450")."""
    if sum(c.isdigit() for c in value) < _JOINED_DIGITS or _RUN.search(value) is None:
        return False
    if " " not in value:
        return True
    first, *_, last = value.split(" ")
    return _YEAR.fullmatch(first) is not None and len(last) >= _SPACED_DIGITS


NUMBER_PATTERNS = [
    Pattern("ssn", "id", re.compile(r"(?<![\d\-])\d{3}[\- ]\d{2}[\- ]\d{4}(?![\d\-])")),
    Pattern(
        "id-cue",
        "id",
        re.compile(
            r"\b(?:mrn|mr\s?#|medical\s+record(?:\s+number)?|record|acct|account|policy|plan|"
            r"member|subscriber|group|licen[cs]e|lic|dl|driver'?s\s+licen[cs]e|vin|serial|device|"
            r"claim|case|id|ssn|social\s+security(?:\s+number)?|insurance|medicaid|medicare|mbi|"
            r"passport|badge|certificate|unit\s+no|cause|docket|ticket|incident|ref|reference|"
            r"confirmation|auth|authorization|encounter|tracking|student|employee|inmate|"
            r"booking|rx|file|iban|swift|routing|petition|warrant|citation|permit|registration|plate|"
            r"ending\s+in)(?![a-z])"
            r"\s*(?:#|no\.?|number|num|id)?\s*(?:is\s+|was\s+)?[:#=]?\s*"
            r"((?=[a-z\-]*\d)[a-z0-9][a-z0-9\-]{3,}(?<!-))",
            I,
        ),
        group=1,
        check=lambda v: _long_number_ok(v) and not _YEAR.fullmatch(v),
    ),
    # "#SF-998877", "# 55120-B": a number after a hash sign, with at least four digits
    Pattern(
        "id-hash",
        "id",
        re.compile(r"(?<![\w&#])#[ \t]?((?=[a-z\-]*\d)[a-z0-9][a-z0-9\-]{3,}(?<!-))", I),
        group=1,
        check=_hashed_ok,
    ),
    # Court cause and docket numbers: "2025 CRB 041173", "2024-FL-00123", "77-AB-1023"
    Pattern(
        "id-court",
        "id",
        re.compile(
            r"(?<![\w.\-/])\d{2,4}([ \-])[A-Z]{1,5}\1\d{3,8}(?:-[A-Z0-9]{1,6})?(?![\w\-]|[./]\d)"
        ),
        check=_court_ok,
    ),
    # Medicare Beneficiary Identifiers: "1EG4-TE5-MK73" (CMS's 11-character format)
    Pattern(
        "mbi",
        "id",
        re.compile(
            rf"(?<![\w\-])[1-9]{_MBI_A}{_MBI_AN}\d-?{_MBI_A}{_MBI_AN}\d-?{_MBI_A}{{2}}\d\d(?![\w\-])"
        ),
    ),
    Pattern(
        "card", "id", re.compile(r"(?<![\d\-])\d{4}[ \-]?\d{4}[ \-]?\d{4}[ \-]?\d{1,7}(?![\d\-])")
    ),
    Pattern("long-number", "id", re.compile(r"(?<![\d.,])\d{8,}(?![\d.,]\d)")),
    Pattern(  # record, plan and member numbers with a letter prefix: "SF-998877", "HMO-2345678"
        "code-prefixed",
        "id",
        re.compile(r"\b[A-Z]{1,4}-(?:\d{2,3}-)?\d{4,}(?:-\d+)?\b"),
    ),
    # letters and digits joined by hyphens, standing alone: "SAISD-TR-0098812", "JHB-00-7741-2"
    Pattern(
        "code-joined",
        "id",
        re.compile(r"\b[A-Z][A-Z0-9]{0,7}(?:-[A-Z0-9]{1,8}){1,5}\b(?!-[A-Z0-9])"),
        check=_joined_ok,
    ),
    Pattern(
        "code",
        "id",
        # its hyphenated parts too: "VA0041-23-118477"
        re.compile(
            r"\b(?=[A-Z]*\d[A-Z]*\d[A-Z]*\d[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]{6,}(?:-[A-Z0-9]{2,})*\b"
        ),
        check=lambda v: not re.fullmatch(r"\d+[A-Z]{1,4}", v) and not re.search(r"\dX\d", v),
    ),
]

_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|"
    "MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC"
)
_STREET_SUFFIX = (
    r"(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
    r"terrace|ter|circle|cir|highway|hwy|parkway|pkwy|square|sq|trail|trl|alley|pike|turnpike)"
)
ADDRESS_PATTERNS = [
    Pattern(
        "zip",
        "location",
        re.compile(rf"\b(?:{_STATES})\.?,?\s+(\d{{5}}(?:-\d{{4}})?)(?!\d)"),
        group=1,
    ),
    Pattern(
        "zip-cue",
        "location",
        re.compile(
            r"\b(?:zip|zip\s*code|postal\s+code|postcode)\s*(?:is\s+)?[:#]?\s*"
            r"(\d{3,5}(?:-\d{3,4}|[ ]\d{2}(?![\d:.]))?(?:[ ][A-Z]{2}\b)?)(?![\d:])",
            I,
        ),
        group=1,
    ),
    Pattern(
        "street",
        "location",
        re.compile(
            r"(?<![\w.\-])\d{1,6}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?"
            r"(?:(?:[A-Z][A-Za-z'\-]*|\d{1,3}(?:st|nd|rd|th))\.?\s+){1,4}"
            rf"{_STREET_SUFFIX}\b"
            r"(?:[ \t]+(?:[NS][EW]?|[EW])\.?(?![\w]))?"  # "Fremont Ave N"
            r"(?:,?\s+(?i:apt|apartment|suite|ste|unit|#)\.?\s*#?[A-Za-z0-9\-]+)?"
        ),
        check=_street_ok,
        context=_street_context_ok,
    ),
    Pattern(
        "po-box",
        "location",
        re.compile(r"\b(?:p\.?\s?o\.?\s*box|post\s+office\s+box)\s*\d+", I),
    ),
]

ALL_PATTERNS: list[Pattern] = [
    *DATE_PATTERNS,
    *AGE_PATTERNS,
    *PHONE_PATTERNS,
    *CONTACT_PATTERNS,
    *NUMBER_PATTERNS,
    *ADDRESS_PATTERNS,
    ADDRESS_UNIT,
    INTERNATIONAL_STREET,
]
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NEEDS: dict[str, tuple[str, ...]] = {
    "date-name-day": _MONTHS,
    "date-day-name": _MONTHS,
    "date-name-year": _MONTHS,
    "date-full-month": _MONTHS,
    "date-ordinal": (" the ",),
    "date-the-day": ("the ",),
    "date-mid-month": ("mid-", "early-", "late-"),
    "date-birth-year": ("born", "b.", "dob", "d.o.b", "birth", "yob"),
    "date-range": ("-",),
    "date-apostrophe-year": ("'",),
    "date-year-apostrophe": ("'",),
    "date-month-abbrev": _MONTHS,
    "age-years": ("9", "10", "11", "12"),
    "age-cue": ("age", "turn"),
    "age-prose": ("9", "10", "11"),
    "age-sex": ("9", "10", "11", "12"),
    "age-words-unit": ("ninety", "hundred"),
    "age-words-cue": ("ninety", "hundred"),
    "age-decade": ("nineties", "90s", "90's", "90’s"),
    "age-birthday": ("birthday", "bday", "b-day"),
    "age-relation": ("9", "10", "11"),
    "phone-ext": ("x", "ext"),
    "phone-cue": ("pag", "pg", "bp", "bee", "cell", "tel", "phone", "mobile", "fax", "work",
                  "office", "home", "contact", "desk", "call", "reach", "answering", "messages",
                  "registered", "text"),
    "phone-before-cue": ("office", "fax", "mobile", "cell", "home", "work"),
    "unit": ("apt", "suite", "ste", "apartment"),
    "email": ("@",),
    "handle": ("@",),
    "url": ("http", "www.", "ftp"),
    "domain": (".com", ".org", ".net", ".edu", ".gov", ".io", ".info", ".biz", ".us"),
    "ipv4": (".",),
    "ipv6": ("::", ":"),
    "zip-cue": ("zip", "postal", "postcode"),
    "po-box": ("box",),
    "code-prefixed": ("-",),
    "code-joined": ("-",),
    "id-hash": ("#",),
}  # fmt: skip


# The characters a match can start with (a digit unless listed): each group of patterns that
# share them is searched in one pass that skips to those characters (see _Scan).
_DIGIT = r"\d"
_FIRST: dict[str, str] = {
    "date-name-day": "jfmasond", "date-name-year": "jfmasond", "date-full-month": "jfmasond",
    "date-ordinal": "obsutafiwm", "date-the-day": "t", "date-mid-month": "mel",
    "date-birth-year": "bdy", "date-apostrophe-year": "'", "date-month-abbrev": "iustbelmn",
    "age-cue": "at", "age-words-unit": "nao", "age-words-cue": "iwbtansho", "age-decade": "hmty",
    "age-relation": "gnmfdauhwspc", "age-birthday": r"\dnh", "age-prose": "aiwsnh",
    "phone-us": r"\d(+", "phone-ext": "xe",
    "phone-cue": "pbctmfwohdcranr", "phone-before-cue": r"\d(+", "unit": "AaSs", "url": "hfw",
    "ipv6": r"\da-f:", "handle": "@",
    "id-cue": "mraplsgdvcibutfewo", "id-hash": "#", "code": r"A-Z\d", "code-prefixed": "A-Z",
    "code-joined": "A-Z0-9", "id-court": "0-9", "mbi": "0-9", "zip": "A-Z",
    "zip-cue": "zp", "po-box": "p",
    "email": r"\w.%+\-", "domain": r"a-z\d",
}  # fmt: skip


# A whole month word, not "decreased": tried only at the words that open like a month.
_MONTH_WORD = Scanner("jfmasond", rf"\b{MONTH}(?![a-z])", word=True)
# Cheap tests that open with a character class (the regex engine skips to it in C). A gate
# must be implied by every match of its patterns (on the text they read): it only spares
# the patterns' tries.
_IPV6_HINT = re.compile(r":[0-9a-f]{0,4}:")
_FOUR_DIGITS = re.compile(r"[0-9][A-Z]*[0-9][A-Z]*[0-9][A-Z]*[0-9]")  # a code's digits
_GATES: dict[str, Callable[[str, WordStarts], bool]] = {
    "month": lambda low, words: next(_MONTH_WORD.finditer(low, words), None) is not None,
    "ipv4": lambda low, words: low.count(".") >= 3,
    "ipv6": lambda low, words: _IPV6_HINT.search(low) is not None,
    "code": lambda text, words: _FOUR_DIGITS.search(text) is not None,
    "joined": lambda text, words: _HYPHEN_RUN.search(text) is not None,
    "digit-letters": lambda text, words: _DIGIT_LETTERS.search(text) is not None,
}
_GATE_OF = {
    "date-name-day": "month", "date-day-name": "month", "date-name-year": "month",
    "date-full-month": "month", "date-month-abbrev": "month", "date-mid-month": "month",
    "ipv4": "ipv4",
    "ipv6": "ipv6", "code": "code", "code-joined": "joined", "id-court": "digit-letters",
    "mbi": "digit-letters",
}  # fmt: skip


# No letters in these: the folded text reads the same, and they share its digit pass.
_CASELESS = {
    "date-numeric", "date-day-first", "date-iso", "date-iso-slash", "date-month-day",
    "date-month-year", "phone-7", "phone-7-run", "ipv4", "ssn", "card", "long-number",
    "date-range", "date-year-apostrophe", "date-pair",
}  # fmt: skip


_DIGIT_KINDS = {"date", "age", "phone", "id", "ip", "location"}
_WORDY = {
    "age-words-unit",
    "age-words-cue",
    "age-decade",
    "age-birthday",
    "date-month-abbrev",
    "date-mid-month",
    "date-full-month",
    "date-name-year",
    "date-name-day",
    "date-day-name",
    "handle",
}


def _prepare(pattern: Pattern) -> Pattern:
    """Case-insensitive patterns run on the folded text instead; each gets its cheap gate."""
    needs = _NEEDS.get(pattern.name, ())
    folded = bool(pattern.regex.flags & re.IGNORECASE) or pattern.name in _CASELESS
    source = pattern.regex.pattern.replace("A-Z", "a-z") if folded else pattern.regex.pattern
    flags = pattern.regex.flags & ~re.IGNORECASE
    gate = _GATE_OF.get(pattern.name, "")
    digital = pattern.kind in _DIGIT_KINDS and pattern.name not in _WORDY
    return replace(
        pattern, regex=re.compile(source, flags), folded=folded, needs=needs, gate=gate,
        digital=digital,
    )  # fmt: skip


ALL_PATTERNS = [_prepare(p) for p in ALL_PATTERNS]
_UNITS = re.compile(r"^\d+\s+(?i:mg|mcg|ml|cc|units?|l|liters?|kg|lbs?|hrs?|mins?)\b")


@dataclass(frozen=True, slots=True)
class _Scan:
    """Patterns that share one pass over the text. `trigger` opens with a character class, so
    the regex engine skips in C to the few characters a match can start with, and then asks
    whether any member matches there (a lookahead inside a one-character lookbehind); only at
    those rare positions does Python try each member, keeping each pattern's own leftmost,
    non-overlapping matches exactly as its own `finditer` would."""

    trigger: Scanner
    members: tuple[Pattern, ...]
    folded: bool


def _scans(patterns: list[Pattern]) -> list[_Scan]:
    groups: dict[tuple[bool, str], list[Pattern]] = {}
    for pattern in patterns:
        first = _FIRST.get(pattern.name, _DIGIT)
        if first in (_DIGIT, r"\d(+"):
            first = r"\d(+"  # one pass for everything that opens with a digit
        groups.setdefault((pattern.folded, first), []).append(pattern)
    out = []
    for (folded, first), members in groups.items():
        # A backreference cannot sit in a lookbehind: any character stands in for it (the
        # trigger may then fire too often, never too rarely; the member itself decides).
        alternatives = "|".join(
            "(?:" + re.sub(r"\\\d", ".", p.regex.pattern) + ")" for p in members
        )
        # Patterns that open a word and may start with common letters try only the places
        # after a space or a non-word character; rare first characters keep their own class.
        word = all(p.regex.pattern.startswith(r"\b") for p in members) and len(first) > 3
        fresh = all(_refuses_digit_before(p.regex.pattern) for p in members)
        scanner = Scanner(first, alternatives, word=word, fresh=fresh)
        if scanner.keys is not None:  # tried only at its own words: the needs spare nothing
            members = [replace(p, needs=()) for p in members]
        out.append(_Scan(scanner, tuple(members), folded))
    return out


def _refuses_digit_before(source: str) -> bool:
    """The pattern opens with a lookbehind that refuses a digit (as every digit-led pattern
    does), so it never starts inside a run of digits."""
    opening = _LOOKBEHIND.match(source)
    return opening is not None and any(c in opening.group(1) for c in (r"\d", r"\w"))


_LOOKBEHIND = re.compile(r"\(\?<!\[?((?:\\.|[^\])])*)\]?\)")


_SCANS = _scans(ALL_PATTERNS)


def find_patterns(
    text: str, folded: str | None = None, words: WordStarts | None = None
) -> Iterator[Span]:
    """Every structured identifier in `text`, overlapping freely (the engine resolves them).
    `words`: the note's word starts, where the word-led patterns are tried (built if None)."""
    low = text.lower() if folded is None else folded
    if words is None:
        words = word_starts(text)
    digits = any(c in low for c in "0123456789")
    passed: dict[str, bool] = {}
    present: dict[tuple[str, ...], bool] = {}  # patterns share their needs (the months)

    def allowed(pattern: Pattern) -> bool:
        needs = pattern.needs
        if needs:
            if needs not in present:
                present[needs] = any(n in low for n in needs)
            if not present[needs]:
                return False
        if pattern.gate:
            if pattern.gate not in passed:
                read = low if pattern.folded else text
                passed[pattern.gate] = _GATES[pattern.gate](read, words)
            if not passed[pattern.gate]:
                return False
        return True

    for scan in _SCANS:
        members = [
            p
            for p in scan.members
            if (digits or not p.digital) and ((not p.needs and not p.gate) or allowed(p))
        ]
        if not members:
            continue
        source = low if scan.folded else text
        last_end = [0] * len(members)
        for pos in scan.trigger.candidates(source, words):
            for n, pattern in enumerate(members):
                if pos < last_end[n]:
                    continue
                match = pattern.regex.match(source, pos)
                if match is None:
                    continue
                last_end[n] = max(match.end(), pos + 1)
                start, end = match.span(pattern.group)
                value = text[start:end]
                if pattern.check is not None and not pattern.check(value):
                    continue
                if pattern.context is not None and not pattern.context(text, start, end):
                    continue
                if pattern.name == "street" and _UNITS.match(value):
                    continue
                yield Span(start, end, pattern.kind, pattern.name, pattern.priority)
    if "+" in text:
        yield from find_international_phones(text)
    if "pmh" in low or "past medical" in low:
        yield from history_years(text, low)


# A past-history list dates its events with bare two-digit years: "PMH: CABG 81, MI 92",
# "NQWMI 13", "09 PTCA to LCX". Only inside such a list, never a lab or a vital sign.
_HISTORY = re.compile(r"\b(?:pmh|pmhx|past\s+medical\s+history)\b\s*[:\-]?")
_HISTORY_END = re.compile(
    r"\n[ \t]*\n|\n[ \t]*[a-z][a-z /]{1,20}:|\b(?:hpi|meds|allerg\w*|social)\b"
)
_EVENT_YEAR = re.compile(
    r"\b([a-z]{2,6})[ \t]+(\d\d)(?![\d%/:\-]|\.\d|['’]?s\b|[a-z]|[ \t]*(?:%|x\b|units?|y))"
)
_YEAR_EVENT = re.compile(
    r"(?<![\w/.\-'])(\d\d)[ \t]+(?:ptca|cabg|mi|nqwmi|stent|cva|tia|avr|mvr|ppm|aicd|cath|"
    r"pci|dx|diagnosed)\b"
)
_NOT_EVENTS = {
    "ef", "hr", "bp", "rr", "sat", "sats", "cr", "na", "inr", "ptt", "pt", "ldl", "hdl", "hgb",
    "hct", "wbc", "bun", "gcs", "age", "x", "ck", "trop", "bmi", "wt", "temp", "t", "fev",
    "gtt", "iv", "po", "qd", "bid", "tid", "q", "level", "grade", "stage", "class", "type",
    "nyha", "ii", "iii", "vs", "dm", "chf", "esrd", "ckd", "cri", "arf", "the", "to", "of",
    "in", "at", "up", "rate", "paced", "pcwp", "pip", "cvp", "pap", "sbp", "dbp", "map",
    "smokes", "by", "about", "around", "was", "is", "from", "on", "with", "and", "or", "for",
    "home", "room", "bed", "ra", "nc", "fio", "peep", "psv", "cpap", "dose", "pain",
}  # fmt: skip


def history_years(text: str, low: str) -> Iterator[Span]:
    """Two-digit years of past events inside a history list."""
    for header in _HISTORY.finditer(low):
        start = header.end()
        stop = _HISTORY_END.search(text.lower(), start, start + 400)
        end = stop.start() if stop else min(len(low), start + 300)
        for match in _EVENT_YEAR.finditer(low, start, end):
            if match.group(1) not in _NOT_EVENTS:
                yield Span(match.start(2), match.end(2), "date", "history-year", PRIORITY_PATTERN)
        for match in _YEAR_EVENT.finditer(low, start, end):
            yield Span(match.start(1), match.end(1), "date", "history-year", PRIORITY_PATTERN)


_INTL = re.compile(r"\+\d[\d\s().\-]{6,20}\d")


def find_international_phones(text: str) -> Iterator[Span]:
    """Numbers written with a country code, validated by Google's libphonenumber rules."""
    for candidate in _INTL.finditer(text):
        window = candidate.group()
        matcher = phonenumbers.PhoneNumberMatcher(window, "US", phonenumbers.Leniency.POSSIBLE)
        for found in matcher:
            start = candidate.start() + found.start
            yield Span(start, start + len(found.raw_string), "phone", "phonenumbers")
