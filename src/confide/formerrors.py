"""Showing an action's ValidationError on the form that asked for it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm


def apply_errors(form: BaseForm, error: ValidationError) -> None:
    """Put each message on the field it names where the form has that field, else on the form,
    so actions can validate once and every view still shows errors beside the right control."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
