"""The privacy officer's view of the trail. Reading the trail is itself audited."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from confide.accounts.models import Role
from confide.accounts.roles import role_required
from confide.audit.forms import TrailFilterForm
from confide.audit.log import record
from confide.audit.query import csv_lines, events, position, trail_page

officers_only = role_required(Role.PRIVACY_OFFICER, Role.ADMINISTRATOR)


def _filters(form: TrailFilterForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "actor": data.get("actor") or "",
        "action": data.get("action") or "",
        "client_id": data.get("client_id"),
        "case_id": data.get("case_id"),
        "since": data.get("since"),
        "until": data.get("until"),
    }


def _for_record(filters: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in filters.items() if v not in (None, "")}


@officers_only
def trail(request: HttpRequest) -> HttpResponse:
    form = TrailFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        # Bad filter values are the reader's to correct: say which, show nothing unfiltered.
        invalid: dict[str, Any] = {"form": form, "page": None, "query": ""}
        return render(request, "audit/trail.html", invalid, status=400)
    filters = _filters(form) if request.GET else {}
    # Newest first on screen; the recorded view is part of the trail the next reader sees.
    record(
        actor=request.user,
        action="view",
        target_type="audit.trail",
        client_id=filters.get("client_id"),
        case_id=filters.get("case_id"),
        summary="Viewed the audit trail",
        detail={"filters": _for_record(filters)},
        request=request,
    )
    page = trail_page(
        filters,
        before=position(request.GET.get("before")),
        after=position(request.GET.get("after")),
    )
    query = request.GET.copy()
    for cursor in ("before", "after"):
        query.pop(cursor, None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/trail.html", context)


@officers_only
def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    form = TrailFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return HttpResponse(
            "Bad filter: " + form.errors.as_text(), status=400, content_type="text/plain"
        )
    filters = _filters(form) if request.GET else {}
    record(
        actor=request.user,
        action="export",
        target_type="audit.trail",
        client_id=filters.get("client_id"),
        case_id=filters.get("case_id"),
        summary="Exported the audit trail as CSV",
        detail={"filters": _for_record(filters)},
        request=request,
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    # Streamed: the trail may hold millions of events, and none is kept in memory.
    lines = csv_lines(events(**filters).iterator(chunk_size=2000))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="confide-audit-{stamp}.csv"'
    return response
