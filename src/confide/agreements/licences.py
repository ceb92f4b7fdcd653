"""Practice licence names (as a practice writes them) mapped to the decision engine's words.

Duties differ by licence, so the agreement states the licence its exceptions were drawn for.
An unknown licence maps to "other", which the rule data treats most cautiously.
"""

from __future__ import annotations

ENGINE_LICENCES = {
    "LMFT": "marriage_family_therapist",
    "MFT": "marriage_family_therapist",
    "LCSW": "social_worker",
    "LICSW": "social_worker",
    "LMSW": "social_worker",
    "LPC": "counselor",
    "LPCC": "counselor",
    "LMHC": "counselor",
    "PSYD": "psychologist",
    "PHD": "psychologist",
    "PSYCHOLOGIST": "psychologist",
    "MD": "psychiatrist",
    "DO": "psychiatrist",
}


def engine_licence(name: str) -> str:
    """The decision engine's licence word for a practice's licence name."""
    return ENGINE_LICENCES.get(name.strip().upper().replace(".", ""), "other")


def licence_choices(practice_licences: list[str]) -> list[tuple[str, str]]:
    """Form choices: the practice's own licence names, or "other" when it lists none."""
    names = [str(n) for n in practice_licences if str(n).strip()]
    return [(n, n) for n in names] or [("other", "Other")]
