"""Showing an action's ValidationError on the form that asked for it, and `submit`: the one
way a view runs a form's action (form → action → errors on the form, or a message and a
redirect)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

T = TypeVar("T")


def apply_errors(form: BaseForm, error: ValidationError) -> None:
    """Put each message on the field it names where the form has that field, else on the form,
    so actions can validate once and every view still shows errors beside the right control."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def submit(
    request: HttpRequest,
    form: BaseForm,
    act: Callable[[], T],
    *,
    done: str | Callable[[T], str],
    then: str | Callable[[T], str],
) -> HttpResponse | None:
    """On a valid POST, run `act` (which calls one action with `form.cleaned_data`).

    Success: `done` becomes the success message and the answer redirects to `then` (a URL
    name or a path; either may be computed from the action's result). A ValidationError from
    the action lands on the form's fields (`apply_errors`): the action changed nothing, so
    None comes back and the view renders the form again, exactly as for a GET or an invalid
    form. Views therefore read:

        form = SomeForm(request.POST or None)
        if answer := submit(request, form, lambda: actions.do_x(acting_user=..., ...),
                            done="Saved.", then="app:list"):
            return answer
        return render(request, "app/form.html", {"form": form})
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = act()
    except ValidationError as error:
        apply_errors(form, error)
        return None
    messages.success(request, done(result) if callable(done) else done)
    return redirect(then(result) if callable(then) else then)
