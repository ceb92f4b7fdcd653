"""`/api/v1/records/…`: notes over JSON, through the same visibility rule as every page.

A signed-in clinician on the case (or under emergency access) gets what the rule lets them
see; a client gets what the labels share with them; everyone else gets 404, as on the pages.
Each call that returns note content writes one audit "view" event.

Registered in `confide.api.routers` with `api.add_router("/records", "confide.records.api.router")`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.security import SessionAuth

from confide.audit.log import record
from confide.practice.models import Case
from confide.records import access
from confide.records.visibility import ViewerKind, hidden_count


class SegmentOut(Schema):
    position: int
    said_by: str
    discloser_participant_id: int | None
    label: str
    text: str


class NoteOut(Schema):
    id: int
    case_id: int
    written_on: dt.date
    segments: list[SegmentOut]
    withheld_segments: int


class ActiveSession(SessionAuth):
    """Any active signed-in account; what it may see is the visibility rule's business."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


class NotFound(Schema):
    """Missing and not yours look the same (DESIGN: access fails closed with 404)."""

    detail: str


router = Router(tags=["records"], auth=ActiveSession())


def _note_out(note: Any, shown: list[Any], hidden: int) -> dict[str, Any]:
    return {
        "id": note.pk,
        "case_id": note.case_id,
        "written_on": note.written_on,
        "segments": [
            {
                "position": s.position,
                "said_by": s.discloser_name,
                "discloser_participant_id": s.discloser_id,
                "label": s.label,
                "text": s.text,
            }
            for s in shown
        ],
        "withheld_segments": hidden,
    }


def _audit(request: HttpRequest, summary: str, target: Any, emergency: Any = None) -> None:
    detail = {"via": "api"}
    if emergency is not None:
        detail["emergency_access_id"] = emergency.pk
    record(
        actor=request.user,
        action="view",
        target=target,
        summary=summary,
        detail=detail,
        request=request,
    )


@router.get(
    "/notes/{note_id}",
    response={200: NoteOut, 404: NotFound},
    summary="One progress note, as you may see it",
)
def note(request: HttpRequest, note_id: int) -> dict[str, Any]:
    user = request.user
    if getattr(user, "role", None) == "client":
        for found, shown in access.portal_notes(user):
            if found.pk == note_id:
                _audit(request, "Viewed a shared session note (API)", found)
                return _note_out(found, shown, 0)
        raise Http404
    found, sight = access.get_note(user, note_id)
    shown = access.shown_segments(found, sight.viewer)
    _audit(request, "Viewed progress note (API)", found, sight.emergency)
    return _note_out(found, shown, hidden_count(found, sight.viewer))


@router.get(
    "/cases/{case_id}/notes",
    response={200: list[NoteOut], 404: NotFound},
    summary="A case's notes, as you may see them",
)
def case_notes(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    user = request.user
    if getattr(user, "role", None) == "client":
        found = [(n, s) for n, s in access.portal_notes(user) if n.case_id == case_id]
        if not found:
            raise Http404
        _audit(request, "Viewed shared session notes (API)", Case(pk=case_id))
        return [_note_out(n, s, 0) for n, s in found]
    sight = access.get_case(user, case_id)
    if sight.viewer.kind not in (ViewerKind.CLINICIAN, ViewerKind.EMERGENCY):
        raise Http404
    notes = access.notes_of(sight)
    _audit(request, "Viewed case notes (API)", sight.case, sight.emergency)
    return [
        _note_out(n, access.shown_segments(n, sight.viewer), hidden_count(n, sight.viewer))
        for n in notes
    ]
