"""`{% licence_note user %}`: what an advice screen must say when confide does not know the
licence it reasoned for (see `confide.licences`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from confide.licences import clinician_reading

register = template.Library()


@register.simple_tag
def licence_note(user: Any) -> str:
    """A warning paragraph for an unrecognised licence; nothing when the licence is known."""
    note = clinician_reading(user).note
    if not note:
        return ""
    return format_html(
        '<p class="decision-note" data-licence="unrecognised">'
        '<span class="badge warn">Licence not recognised</span> {}</p>',
        note,
    )
