"""The one licence table: practice licence names in the decision engine's words.

Some state duties (to warn, to report) and permissions differ by licence. The agreement a
client signs and the decision a clinician is advised with must reason for the same licence,
so both read this table and nothing else.

A licence this table does not know becomes "other", never a named licence: naming one (say
"psychologist") would claim that licence's permissions and privileges for someone who may
not hold them. "other" is the engine's word for a licence the statutes do not name, and
confide cannot tell whether a duty named for particular licences binds such a clinician, so
`UNRECOGNISED_NOTE` tells the clinician to take the protective reading: every duty shown
applies to them until their board or counsel says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from confide.policy.situation import LICENSES

# Licence names as practices write them (upper case, no dots) -> the engine's word.
LICENCE_TABLE: MappingProxyType[str, str] = MappingProxyType(
    {
        "PSYCHOLOGIST": "psychologist",
        "PSYD": "psychologist",
        "PHD": "psychologist",
        "LP": "psychologist",
        "LMFT": "marriage_family_therapist",
        "MFT": "marriage_family_therapist",
        "LCSW": "social_worker",
        "LICSW": "social_worker",
        "LMSW": "social_worker",
        "LSW": "social_worker",
        "MSW": "social_worker",
        "LPC": "counselor",
        "LPCC": "counselor",
        "LMHC": "counselor",
        "MD": "psychiatrist",
        "DO": "psychiatrist",
    }
)
UNRECOGNISED = "other"
UNRECOGNISED_NOTE = (
    "confide does not recognise this licence, so it reasons as for a licence the statutes do "
    "not name. A duty to warn or to report that binds named licences may bind you too: read "
    "every duty shown as applying to you unless your licensing board or counsel says otherwise. "
    "You, the clinician, decide."
)


@dataclass(frozen=True)
class LicenceReading:
    """The engine's word for a licence, and whether the table knew it."""

    word: str
    recognised: bool

    @property
    def note(self) -> str:
        """What the screen must say about this reading; empty when the licence is known."""
        return "" if self.recognised else UNRECOGNISED_NOTE


def engine_word(held: str) -> str | None:
    """`LMFT`, `Ph.D.` or `social_worker` as the engine's word, or None if unknown."""
    raw = str(held).strip()
    if raw.lower() in LICENSES and raw.lower() != UNRECOGNISED:
        return raw.lower()
    return LICENCE_TABLE.get(raw.upper().replace(".", "").replace(" ", ""))


def read_licence(held: str) -> LicenceReading:
    """Any licence name as the engine reads it; unknown (or "other") fails to "other"."""
    word = engine_word(held)
    return LicenceReading(word, True) if word else LicenceReading(UNRECOGNISED, False)


def engine_licence(held: str) -> str:
    """The engine's word for a licence name; "other" for one the table does not know."""
    return read_licence(held).word


def practice_reading() -> LicenceReading:
    """The practice's first recognised licence, else the unrecognised reading."""
    from confide.practice.models import Practice

    practice = Practice.current()
    for held in practice.licence_types if practice is not None else []:
        reading = read_licence(held)
        if reading.recognised:
            return reading
    return LicenceReading(UNRECOGNISED, False)


def clinician_reading(user: Any = None) -> LicenceReading:
    """The user's own licence when recorded (their "other" included), else the practice's."""
    own = getattr(user, "license", "") or ""
    return read_licence(own) if own else practice_reading()


def practice_license() -> str:
    return practice_reading().word


def clinician_license(user: Any = None) -> str:
    """The engine word a decision for `user` reasons with (see `clinician_reading`)."""
    return clinician_reading(user).word
