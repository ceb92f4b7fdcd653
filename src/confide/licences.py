"""Which licence the engine should reason for: some state duties (to warn, to report) differ
by licence, so a decision uses the deciding clinician's own licence, and only falls back to
the practice's first recognised licence when the clinician's is not on record."""

from __future__ import annotations

from typing import Any

from confide.policy.situation import LICENSES

# Licence abbreviations as practices write them, in the engine's words.
LICENCE_WORDS = {
    "psyd": "psychologist",
    "phd": "psychologist",
    "psychologist": "psychologist",
    "lmft": "marriage_family_therapist",
    "mft": "marriage_family_therapist",
    "lcsw": "social_worker",
    "licsw": "social_worker",
    "lsw": "social_worker",
    "msw": "social_worker",
    "lpc": "counselor",
    "lpcc": "counselor",
    "lmhc": "counselor",
    "md": "psychiatrist",
    "do": "psychiatrist",
}
DEFAULT_LICENSE = "psychologist"


def engine_word(held: str) -> str | None:
    """`LMFT` or `Ph.D.` or `social_worker` as the engine's word, or None if unknown."""
    key = str(held).strip().lower().replace(".", "")
    if key in LICENSES:
        return key
    return LICENCE_WORDS.get(key)


def practice_license() -> str:
    from confide.practice.models import Practice

    practice = Practice.current()
    for held in practice.licence_types if practice is not None else []:
        word = engine_word(held)
        if word:
            return word
    return DEFAULT_LICENSE


def clinician_license(user: Any = None) -> str:
    """The user's own licence when recorded, else the practice's."""
    own = getattr(user, "license", "") or ""
    return own if own in LICENSES else practice_license()
