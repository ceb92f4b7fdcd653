"""`{% licence_note user %}`: what an advice screen must say when confide does not know the
licence it reasoned for (see `confide.licences`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from confide.licences import clinician_reading, read_licence

register = template.Library()


@register.simple_tag
def licence_note(user: Any, licence: str = "") -> str:
    """A warning paragraph when the advice reasons for an unrecognised licence: `licence` is
    the engine word the decision was drawn for where the page knows it (the clinician chose
    it on a form), else the user's own reading. Nothing when the licence is known."""
    note = (read_licence(licence) if licence else clinician_reading(user)).note
    if not note:
        return ""
    return format_html(
        '<p class="decision-note" data-licence="unrecognised">'
        '<span class="badge warn">Licence not recognised</span> {}</p>',
        note,
    )
