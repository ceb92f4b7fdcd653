"""The licence choices an agreement offers. Their engine words come from `confide.licences`,
the one table the decisions use too, so an agreement states the duties the decisions reason
with, and a name that table does not know is marked as such on the builder."""

from __future__ import annotations

from confide.licences import UNRECOGNISED_NOTE, read_licence


def licence_choices(practice_licences: list[str]) -> list[tuple[str, str]]:
    """Form choices: the practice's own licence names, or "other" when it lists none."""
    names = [str(n) for n in practice_licences if str(n).strip()]
    return [(n, _label(n)) for n in names] or [("other", _label("Other"))]


def _label(name: str) -> str:
    return name if read_licence(name).recognised else f"{name} (not recognised)"


def licence_help(practice_licences: list[str]) -> str:
    """The licence field's help: the protective reading is spelled out when a choice is unknown."""
    known = all(read_licence(value).recognised for value, _ in licence_choices(practice_licences))
    base = "Some legal duties differ by licence."
    return base if known else f"{base} {UNRECOGNISED_NOTE}"
