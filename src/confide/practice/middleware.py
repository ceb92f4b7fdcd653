"""Every refusal is audited in one place: a view (or an access function it calls) that raises
`Http404` has refused the request, whether the record is missing or not the user's (the two
look the same), and `practice.access.record_refusal` writes its `access_denied` event."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

from confide.practice.access import record_refusal


class RefusalAuditMiddleware:
    """Writes `access_denied` for each `Http404` raised by a view, then lets Django answer 404.

    Runs outside any view transaction (process_exception), so a view's rollback never takes the
    refusal's audit event with it. The JSON API answers its 404s itself and calls the same
    helper (`confide.api.routers`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, Http404):
            record_refusal(request)
