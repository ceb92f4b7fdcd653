"""The agreement's words, rendered once per version and never again re-rendered for signing.

Rendering is deterministic: the same inputs give the same text byte for byte (fixed language,
explicit date format, participants in case order), so the SHA-256 stored with a signature
identifies exactly what was signed. The words live in plain-text templates with Django's
translation tags: each version is rendered in every language confide ships (settings.LANGUAGES)
from the same rule data, and a signature records the language and the hash of the text read.

What one person signs is the shared text followed by their own part (their choices); nobody
else's own part is in it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace

from django.template.loader import render_to_string
from django.utils import dateformat, translation

from confide.agreements.exceptions import ExceptionGroup, Footnote
from confide.rule_titles import rule_title

LANGUAGE = "en"  # the source language, kept in the version's own rows
DATE_FORMAT = "%d %B %Y"
# Other languages write dates with Django's localized month names (e.g. "14 de marzo de 2027").
DATE_FORMATS = {"es": r"j \d\e F \d\e Y"}


def long_date(day: dt.date, language: str = LANGUAGE) -> str:
    """A date in words, fixed per language (the English form predates translations: kept)."""
    if language == LANGUAGE:
        return day.strftime(DATE_FORMAT)
    with translation.override(language):
        return dateformat.format(day, DATE_FORMATS.get(language, "j F Y"))


@dataclass(frozen=True)
class PersonLine:
    name: str
    role: str = ""
    is_minor: bool = False


@dataclass(frozen=True)
class SharedInputs:
    """Everything the shared text depends on."""

    practice_name: str
    case_title: str
    case_type: str
    version: int
    secrets_policy: str
    secrets_explanation: str
    people: tuple[PersonLine, ...]
    clinicians: tuple[str, ...]
    exceptions: tuple[ExceptionGroup, ...]
    minors: ExceptionGroup | None
    minor_rule_summary: str
    concern_contact: str
    revisit_on: dt.date
    extra_terms: str = ""
    # Under a no-secrets policy Private is not a choice (`builder.label_choices_for`).
    no_secrets: bool = False

    @property
    def footnotes(self) -> list[Footnote]:
        notes = [f for g in self.exceptions for f in g.footnotes]
        if self.minors is not None:
            notes += list(self.minors.footnotes)
        return notes


@dataclass(frozen=True)
class OwnInputs:
    """One participant's part: their choices, contact preferences and who signs."""

    name: str
    label: str
    private_topics: str
    contacts: tuple[str, ...] = field(default=())
    guardian_required: bool = False
    guardian_name: str = ""


def _render(template: str, context: dict[str, object], language: str = LANGUAGE) -> str:
    with translation.override(language):
        text = render_to_string(template, context)
    lines = [line.rstrip() for line in text.splitlines()]
    # Collapse runs of blank lines left by template tags: one blank line between blocks.
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


def footnotes_in(inputs: SharedInputs, language: str) -> list[Footnote]:
    """The footnotes with each rule's title in `language`; citations stay as written."""
    return [replace(f, title=rule_title(f.title, language)) for f in inputs.footnotes]


def render_shared(inputs: SharedInputs, language: str = LANGUAGE) -> str:
    return _render(
        "agreements/text/shared.txt",
        {
            "a": inputs,
            "revisit": long_date(inputs.revisit_on, language),
            "notes": footnotes_in(inputs, language),
        },
        language,
    )


def render_own(inputs: OwnInputs, language: str = LANGUAGE) -> str:
    return _render("agreements/text/own.txt", {"o": inputs}, language)


def signed_text(shared_text: str, own_text: str) -> str:
    """Exactly what one participant (or their guardian) signs."""
    return f"{shared_text}\n{own_text}"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
