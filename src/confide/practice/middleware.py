"""Every refusal is audited in one place: a view (or an access function it calls) that raises
`Http404` has refused the request, whether the record is missing or not the user's (the two
look the same), and `practice.access.record_refusal` writes its `access_denied` event."""

from __future__ import annotations

import time
import zoneinfo
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

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


ZONE_TTL_SECONDS = 60.0
_zone_memo: tuple[float, str] = (0.0, "")


def practice_time_zone() -> str:
    """The practice's zone name ("" for the installation default), read at most once a
    minute per process so a page costs no extra query."""
    global _zone_memo
    now = time.monotonic()
    at, name = _zone_memo
    if now - at < ZONE_TTL_SECONDS and at:
        return name
    from confide.practice.models import Practice

    practice = Practice.objects.only("time_zone").order_by("pk").first()
    name = practice.time_zone if practice is not None else ""
    _zone_memo = (now, name)
    return name


def forget_time_zone() -> None:
    """After the practice's zone changes: the next request reads it again."""
    global _zone_memo
    _zone_memo = (0.0, "")


class TimeZoneMiddleware:
    """Every time on every page in the practice's zone: activates it for the request (Django
    renders aware datetimes, `localtime` and `localdate` in the active zone)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            # Proof of life touches no database (a monitor must not wait on it) and shows
            # no time.
            return self.get_response(request)
        name = practice_time_zone()
        if name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
