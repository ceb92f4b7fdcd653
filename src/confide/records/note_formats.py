"""Structured progress-note formats (SOAP, DAP, BIRP) as sections of attributed segments.

A template never merges voices: a section about what a person said or did ("Subjective",
"Data", "Behavior", "Response") becomes one segment per participant, attributed to them and
labelled by their agreement like any segment; the clinician's own sections ("Objective",
"Assessment", "Intervention", "Plan") are one clinician segment each. So a SOAP note of a
family session keeps every participant's words under their own sharing label.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    # True: one segment per participant (their words); False: one clinician segment.
    per_participant: bool


@dataclass(frozen=True)
class NoteFormat:
    key: str
    name: str
    sections: tuple[Section, ...]


FORMATS: dict[str, NoteFormat] = {
    f.key: f
    for f in (
        NoteFormat(
            "soap",
            "SOAP (Subjective, Objective, Assessment, Plan)",
            (
                Section("S", "Subjective", True),
                Section("O", "Objective", False),
                Section("A", "Assessment", False),
                Section("P", "Plan", False),
            ),
        ),
        NoteFormat(
            "dap",
            "DAP (Data, Assessment, Plan)",
            (
                Section("D", "Data", True),
                Section("A", "Assessment", False),
                Section("P", "Plan", False),
            ),
        ),
        NoteFormat(
            "birp",
            "BIRP (Behavior, Intervention, Response, Plan)",
            (
                Section("B", "Behavior", True),
                Section("I", "Intervention", False),
                Section("R", "Response", True),
                Section("P", "Plan", False),
            ),
        ),
    )
}

CHOICES = [("", "Free-form segments"), *((f.key, f.name) for f in FORMATS.values())]


def section_title(template: str, code: str) -> str:
    """The section's title in words ("" when the note has no such template or section)."""
    fmt = FORMATS.get(template)
    if fmt is None:
        return ""
    return next((s.title for s in fmt.sections if s.code == code), "")


def section_codes(template: str) -> frozenset[str]:
    fmt = FORMATS.get(template)
    return frozenset(s.code for s in fmt.sections) if fmt else frozenset()


@dataclass(frozen=True)
class Slot:
    """One row a template starts the note with: its section and whose voice it is
    (a participant's primary key, or None for the clinician)."""

    section: str
    title: str
    participant_id: int | None


def slots(template: str, participant_ids: list[int]) -> list[Slot]:
    """The rows a note in this format starts with, in order; [] for a free-form note."""
    fmt = FORMATS.get(template)
    if fmt is None:
        return []
    rows: list[Slot] = []
    for section in fmt.sections:
        voices: list[int | None] = (
            list(participant_ids) if section.per_participant and participant_ids else [None]
        )
        rows.extend(Slot(section.code, section.title, pid) for pid in voices)
    return rows
