"""`formerrors.submit`: the one form → action → errors-or-redirect idiom of the views."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import reverse

from confide.accounts.models import Role, User
from confide.formerrors import submit
from tests.web.test_practice_records import make_user


class NameForm(forms.Form):
    name = forms.CharField(max_length=10)


def _request(method: str, data: dict[str, str] | None = None) -> HttpRequest:
    factory = RequestFactory()
    request = factory.post("/x", data or {}) if method == "POST" else factory.get("/x")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


class Calls:
    def __init__(self, error: ValidationError | None = None) -> None:
        self.made: list[str] = []
        self.error = error

    def act(self, form: forms.Form) -> Any:
        def run() -> str:
            if self.error is not None:
                raise self.error
            self.made.append(form.cleaned_data["name"])
            return form.cleaned_data["name"]

        return run


def test_a_get_or_an_invalid_form_runs_nothing() -> None:
    for request, form in [
        (_request("GET"), NameForm()),
        (_request("POST", {"name": "x" * 11}), NameForm({"name": "x" * 11})),
    ]:
        calls = Calls()
        assert submit(request, form, calls.act(form), done="Saved.", then="/") is None
        assert calls.made == []


def test_success_flashes_the_message_and_redirects_from_the_result() -> None:
    request = _request("POST", {"name": "Ada"})
    form = NameForm({"name": "Ada"})
    calls = Calls()
    answer = submit(
        request,
        form,
        calls.act(form),
        done=lambda name: f"Saved {name}.",
        then=lambda name: f"/people/{name}/",
    )
    assert answer is not None and answer.status_code == 302
    assert answer["Location"] == "/people/Ada/"
    assert calls.made == ["Ada"]
    assert [str(m) for m in get_messages(request)] == ["Saved Ada."]


def test_an_action_error_lands_on_the_field_it_names_and_nothing_redirects() -> None:
    request = _request("POST", {"name": "Ada"})
    form = NameForm({"name": "Ada"})
    failing = Calls(ValidationError({"name": "Taken.", "elsewhere": "Whole form."}))
    assert submit(request, form, failing.act(form), done="Saved.", then="/") is None
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Whole form."]
    assert list(get_messages(request)) == []


@pytest.mark.django_db
def test_an_administrator_cannot_demote_themselves_and_sees_why() -> None:
    """The accounts views run through `submit`: a refusal is a form error, nothing saved."""
    admin = make_user("ann", Role.ADMINISTRATOR)
    http = Client()
    http.force_login(admin)
    url = reverse("accounts:user_edit", args=[admin.pk])
    page = http.post(
        url, {"username": "ann", "first_name": "Ann", "role": Role.CLINICIAN, "is_active": "on"}
    )
    assert page.status_code == 200
    assert b"You cannot remove your own administrator role" in page.content
    assert User.objects.get(pk=admin.pk).role == Role.ADMINISTRATOR


LIFECYCLE_VIEWS = {
    "confide.practice.views": (
        "case_create",
        "participant_add",
        "case_close",
        "participant_remove",
        "agenda_item_add",
    ),
    "confide.records.views": ("psychotherapy_create", "emergency_review"),
}


@pytest.mark.parametrize(
    ("module", "name"), [(m, n) for m, names in LIFECYCLE_VIEWS.items() for n in names]
)
def test_lifecycle_views_run_their_action_through_submit(module: str, name: str) -> None:
    """The case, session and note lifecycle views use `submit`, not their own copy of its
    try / apply_errors / redirect block (a copy that drifts shows errors differently)."""
    import ast
    import importlib
    import inspect

    source = inspect.getsource(importlib.import_module(module))
    view = next(
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef) and node.name == name
    )
    called = {
        node.func.id
        for node in ast.walk(view)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert "submit" in called
    assert "apply_errors" not in called
    assert not any(isinstance(node, ast.Try) for node in ast.walk(view))
