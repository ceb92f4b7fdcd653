"""The breach rules of 45 CFR 164.402-164.408 as pure functions over plain values.

Kept free of Django so the rule that matters most here (a breach is presumed unless every
factor of the risk assessment points to a low probability of compromise) can be tested over
thousands of generated assessments, and so the deadlines are plain date arithmetic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, TypeAlias

Outcome: TypeAlias = Literal["not_assessed", "not_a_breach", "low_probability", "breach"]

# The answer to each factor that supports a low probability of compromise (164.402(2)(i)-(iv)).
NATURE_LOW = "minimal"
RECIPIENT_LOW = "bound_by_hipaa"
ACQUIRED_LOW = "not_acquired"
MITIGATION_LOW = "fully_mitigated"

NATURE_CHOICES = [
    (NATURE_LOW, "Minimal: few identifiers, no clinical content, hard to link to anyone"),
    ("identifying", "Identifying: names, contact details or other identifiers"),
    ("clinical", "Clinical: diagnoses, notes, or the fact of mental health treatment"),
]
RECIPIENT_CHOICES = [
    (RECIPIENT_LOW, "Someone bound by HIPAA (our workforce or another covered entity)"),
    ("not_bound", "Someone not bound to protect it"),
    ("unknown", "Not known"),
]
ACQUIRED_CHOICES = [
    (ACQUIRED_LOW, "Shown not to have been opened, viewed or acquired"),
    ("acquired", "Opened, viewed or acquired"),
    ("unknown", "Not known"),
]
MITIGATION_CHOICES = [
    (MITIGATION_LOW, "Returned or destroyed, with a written assurance"),
    ("partly", "Partly mitigated"),
    ("not_mitigated", "Not mitigated"),
]
# The three statutory exceptions of 164.402(1): if one applies, nothing here is a breach.
EXCEPTION_CHOICES = [
    ("", "None of these applies"),
    (
        "good_faith_workforce",
        "A workforce member's unintentional, good-faith access within their role",
    ),
    (
        "inadvertent_internal",
        "An inadvertent disclosure between people authorized at this practice",
    ),
    ("could_not_retain", "The recipient could not reasonably have kept the information"),
]

NOTICE_DAYS = 60  # 164.404(b), 164.406(b), 164.408(b): without unreasonable delay, at most 60 days
HHS_NOW_THRESHOLD = 500  # 164.408(b): 500 or more individuals, notify HHS with the individuals
MEDIA_THRESHOLD = 500  # 164.406(a): MORE than 500 residents of one State or jurisdiction


@dataclass(frozen=True, slots=True)
class Assessment:
    """The four factors, plus whether the information was secured and any exception."""

    nature: str = ""
    recipient: str = ""
    acquired: str = ""
    mitigation: str = ""
    unsecured: bool = True
    exception: str = ""

    @property
    def complete(self) -> bool:
        return all((self.nature, self.recipient, self.acquired, self.mitigation))


def outcome_of(assessment: Assessment) -> Outcome:
    """Breach unless an exception applies, the information was secured, or all four factors
    show a low probability of compromise (the burden of proof is on us: 164.414(b))."""
    if assessment.exception:
        return "not_a_breach"
    if not assessment.unsecured:
        return "not_a_breach"
    if not assessment.complete:
        return "not_assessed"
    lows = (
        assessment.nature == NATURE_LOW,
        assessment.recipient == RECIPIENT_LOW,
        assessment.acquired == ACQUIRED_LOW,
        assessment.mitigation == MITIGATION_LOW,
    )
    return "low_probability" if all(lows) else "breach"


OUTCOME_TEXT: dict[str, str] = {
    "not_assessed": "Not yet assessed: treat it as a breach until the assessment is complete",
    "not_a_breach": "Not a breach (an exception applies, or the information was secured)",
    "low_probability": "Low probability of compromise: no notification required; keep this record",
    "breach": "Breach: notification required",
}


@dataclass(frozen=True, slots=True)
class Deadline:
    key: str
    title: str
    due: dt.date
    citation: str


def deadlines(discovered_on: dt.date, individuals: int, most_in_one_state: int) -> list[Deadline]:
    """The notification deadlines that follow a breach discovered on `discovered_on`.

    `individuals` is everyone affected; `most_in_one_state` the residents of the state with
    the most of them (media notice turns on that number, HHS notice on the total).
    """
    within = discovered_on + dt.timedelta(days=NOTICE_DAYS)
    found = [
        Deadline(
            "individuals",
            "Notify each affected individual",
            within,
            "45 CFR 164.404(b)",
        )
    ]
    if most_in_one_state > MEDIA_THRESHOLD:
        found.append(
            Deadline("media", "Notify prominent media in the state", within, "45 CFR 164.406")
        )
    if individuals >= HHS_NOW_THRESHOLD:
        found.append(Deadline("hhs", "Notify the Secretary of HHS", within, "45 CFR 164.408(b)"))
    else:
        year_end = dt.date(discovered_on.year, 12, 31)
        found.append(
            Deadline(
                "hhs",
                "Report in the yearly log to the Secretary of HHS",
                year_end + dt.timedelta(days=NOTICE_DAYS),
                "45 CFR 164.408(c)",
            )
        )
    return sorted(found, key=lambda d: (d.due, d.key))


# The required content of the notice to individuals, 164.404(c)(1)(A)-(E), in order.
LETTER_CONTENT = [
    ("letter_what_happened", "What happened, with the date of the breach and of its discovery"),
    ("letter_information", "The kinds of information involved (for example name, diagnosis)"),
    ("letter_steps", "Steps the person should take to protect themselves"),
    (
        "letter_our_response",
        "What we are doing to investigate, limit the harm and prevent it recurring",
    ),
    (
        "letter_contact",
        "How to reach us: a toll-free number, an email address, a website or a postal address",
    ),
]
