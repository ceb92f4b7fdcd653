"""`words`: the engine's snake_case words as plain language on the page."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

register = template.Library()


@register.filter
def words(value: str | Iterable[str]) -> str:
    """ "treatment_progress" -> "treatment progress"; a list becomes a comma-separated phrase."""
    if isinstance(value, str):
        return value.replace("_", " ")
    return ", ".join(str(v).replace("_", " ") for v in value)
