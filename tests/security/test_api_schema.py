"""schemathesis against /api/v1/openapi.json through the Django WSGI app, signed in as a
clinician of the demo practice: no 5xx and no answer outside the schema, for bounded examples."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from confide.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """As Django's test client does: requests must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _signed_in_app(user: User) -> Callable[..., Any]:
    """The WSGI app, with every request carrying the clinician's session and CSRF token."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    token = _get_new_csrf_string()
    cookie = (
        f"{django_settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{django_settings.CSRF_COOKIE_NAME}={token}"
    )
    app = get_wsgi_application()

    def signed_in(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        environ["HTTP_COOKIE"] = cookie
        environ["HTTP_X_CSRFTOKEN"] = token
        return app(environ, start_response)

    return signed_in


def _run(user: User, only: str = "/", **checks: Any) -> list[str]:
    """Every operation under `only`, 30 generated cases each; the labels of those checked."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _signed_in_app(user))
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if only not in operation.label:
            continue

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def check(case: Any) -> None:
            case.call_and_validate(**checks)

        check()
        checked.append(operation.label)
    return checked


def test_the_api_never_fails_and_answers_as_its_schema_says(insider: User) -> None:
    checked = _run(
        insider,
        checks=[
            not_a_server_error,
            content_type_conformance,
            response_schema_conformance,
            response_headers_conformance,
        ],
    )
    assert "POST /api/v1/advise" in checked, checked


def test_every_status_the_advise_api_answers_is_documented(insider: User) -> None:
    checked = _run(insider, checks=[status_code_conformance], only="/api/v1/advise")
    assert checked == ["POST /api/v1/advise"]


def test_every_status_the_records_api_answers_is_documented(insider: User) -> None:
    _run(insider, checks=[status_code_conformance], only="/api/v1/records/")


def test_every_request_the_schema_calls_valid_is_accepted(insider: User) -> None:
    _run(insider, checks=[positive_data_acceptance])
