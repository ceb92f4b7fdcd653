"""Packet pages. Reads go through `access`, writes through `actions`; each page that shows
client data (or a packet) writes one audit event: a "view", or the write it reports."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confide.accounts.roles import role_required
from confide.audit.log import record_view
from confide.consultation import access, actions
from confide.consultation.advice import consultation_advice
from confide.consultation.build import pieces_of
from confide.consultation.forms import (
    ConfirmForm,
    DraftSettingsForm,
    PacketForm,
    PeerGroupForm,
    RestoreForm,
    ShareForm,
)
from confide.consultation.models import Packet, PacketText
from confide.consultation.packing import ENGINE, Mark, Piece
from confide.formerrors import apply_errors
from confide.practice import access as practice_access

clinician_required = role_required("clinician")
member_required = role_required("clinician", "supervisor")


def _viewed(
    request: HttpRequest,
    summary: str,
    *,
    target: Any = None,
    client_ids: Iterable[int] = (),
    detail: dict[str, Any] | None = None,
) -> None:
    """The one audit "view" event of a page; a read under emergency access names the access."""
    emergency = practice_access.emergency_detail(request.user, [getattr(target, "case_id", None)])
    detail = {**(detail or {}), **emergency} or None
    record_view(
        request, summary, page="consultation", target=target, client_ids=client_ids, detail=detail
    )


def _client_ids(packet: Packet) -> list[int]:
    if packet.case is None:
        return []
    return list(packet.case.participants.values_list("client_id", flat=True))


# Lists ------------------------------------------------------------------------------------


@require_GET
@member_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    own = list(access.own_packets(user))
    if own:
        ids = [i for p in own for i in _client_ids(p)]
        _viewed(request, "Viewed own consultation packets", client_ids=ids)
    return render(
        request,
        "consultation/index.html",
        {
            "own": own,
            "shared": list(access.shared_packets(user)),
            "builds": access.builds_packets(user),
        },
    )


@require_GET
@clinician_required
def pick_case(request: HttpRequest) -> HttpResponse:
    cases = list(access.cases_for(request.user))
    if cases:
        _viewed(request, "Viewed cases to build a consultation packet from")
    return render(request, "consultation/pick_case.html", {"cases": cases})


@require_http_methods(["GET", "POST"])
@clinician_required
def new_packet(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = access.get_case(request.user, case_pk)
    form = PacketForm(request.POST or None, user=request.user, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            packet = actions.create_packet(
                acting_user=request.user,
                case=case,
                audience=data["audience"],
                notes=list(data["notes"]),
                summary=data["summary"],
                question=data["question"],
                keep_clinicians=data["keep_clinicians"],
                dates=data["dates"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("consultation:packet", pk=packet.pk)
    ids = case.participants.values_list("client_id", flat=True)
    _viewed(request, "Viewed notes to build a consultation packet", target=case, client_ids=ids)
    previews = {str(choice.note.pk): choice for choice in form.choices}
    rows = [(box, previews.get(str(box.data["value"]))) for box in form["notes"]]
    return render(
        request,
        "consultation/new.html",
        {"case": case, "form": form, "note_rows": rows},
        status=400 if form.errors else 200,
    )


# One packet -------------------------------------------------------------------------------


@require_GET
@member_required
def packet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        packet = access.get_own_packet(request.user, pk)
    except Http404:
        return _shared_view(request, access.get_shared_packet(request.user, pk))
    if packet.is_draft:
        return _draft_page(request, packet)
    _viewed(request, "Viewed own confirmed consultation packet", target=packet)
    return _confirmed_page(request, packet)


def _shared_view(request: HttpRequest, packet: Packet) -> HttpResponse:
    _viewed(request, "Viewed a consultation packet shared with them", target=packet)
    return render(
        request,
        "consultation/shared.html",
        {"packet": packet, "texts": access.texts_of(packet)},
    )


def _draft_page(
    request: HttpRequest,
    packet: Packet,
    *,
    settings_form: DraftSettingsForm | None = None,
    restore_form: RestoreForm | None = None,
    confirm_form: ConfirmForm | None = None,
    status: int = 200,
    audit: bool = True,
) -> HttpResponse:
    texts = access.texts_of(packet)
    pieces = pieces_of(packet, texts)
    restorations = {r.key: r for r in access.restorations_of(packet)}
    sections = []
    for text, piece in zip(texts, pieces, strict=True):
        rows = []
        for number, mark in enumerate(piece.marks, start=1):
            key = (text.position, mark.start, mark.end)
            row_id = f"span-{text.position}-{number}"
            bound = restore_form if _is_for(restore_form, key) else None
            if bound is not None and bound.errors:
                attrs = {"aria-describedby": f"{row_id}-error", "aria-invalid": "true"}
                bound.fields["reason"].widget.attrs.update(attrs)
            rows.append(
                {
                    "id": row_id,
                    "original": piece.original[mark.start : mark.end],
                    "mark": mark,
                    "restoration": restorations.get(key) if mark.restored else None,
                    "form": bound
                    or RestoreForm(
                        initial={"position": key[0], "start": key[1], "end": key[2]},
                        auto_id=f"id_{text.position}_{number}_%s",
                    ),
                    "restorable": mark.source == ENGINE and not mark.restored,
                }
            )
        is_open = any(row["form"] is restore_form for row in rows)
        sections.append(
            {
                "text": text,
                "chunks": piece.chunks(),
                "rows": rows,
                "open": is_open,
                "kinds": kinds_found(piece.marks),
            }
        )
    query = " ".join(request.GET.get("q", "").split())[:100]
    search = search_deidentified(query, texts, pieces) if query else None
    if audit:
        _viewed(
            request,
            "Viewed a draft consultation packet (original and de-identified)",
            target=packet,
            client_ids=_client_ids(packet),
        )
    initial = {
        "also_remove": packet.also_remove,
        "dates": packet.dates,
        "keep_clinicians": packet.keep_clinicians,
    }
    return render(
        request,
        "consultation/draft.html",
        {
            "packet": packet,
            "sections": sections,
            "settings_form": settings_form or DraftSettingsForm(initial=initial),
            "confirm_form": confirm_form or ConfirmForm(),
            "decision": consultation_advice(packet),
            "query": query,
            "search": search,
        },
        status=status,
    )


def kinds_found(marks: Sequence[Mark]) -> list[tuple[str, int]]:
    """Each kind of identifier replaced in a text, with how many: the review names them."""
    counts: dict[str, int] = {}
    for mark in marks:
        if not mark.restored:
            counts[mark.kind] = counts.get(mark.kind, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def search_deidentified(
    query: str, texts: Sequence[PacketText], pieces: Sequence[Piece]
) -> list[dict[str, object]]:
    """Where `query` (any word, any case) still appears in the de-identified texts, with a
    little context each side: the clinician's last check before sharing."""
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    hits: list[dict[str, object]] = []
    for number, (text, piece) in enumerate(zip(texts, pieces, strict=True), start=1):
        shown = piece.text
        for match in pattern.finditer(shown):
            hits.append(
                {
                    "number": number,
                    "position": text.position,
                    "before": shown[max(0, match.start() - 40) : match.start()],
                    "match": match.group(),
                    "after": shown[match.end() : match.end() + 40],
                }
            )
    return hits


def _own_draft(request: HttpRequest, pk: int) -> Packet:
    """The user's own draft; a confirmed packet has no draft steps left (404)."""
    packet = access.get_own_packet(request.user, pk)
    if not packet.is_draft:
        raise Http404("No such draft")
    return packet


def _is_for(form: RestoreForm | None, key: tuple[int, int, int]) -> bool:
    if form is None or not form.is_bound:
        return False
    raw = (form.data.get("position"), form.data.get("start"), form.data.get("end"))
    return raw == tuple(str(k) for k in key)


def _confirmed_page(
    request: HttpRequest, packet: Packet, share_form: ShareForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "consultation/packet.html",
        {
            "packet": packet,
            "texts": access.texts_of(packet),
            "shares": access.shares_of(packet),
            "restorations": access.restorations_of(packet),
            "share_form": share_form or ShareForm(user=request.user, audience=packet.audience),
            "decision": consultation_advice(packet),
        },
        status=status,
    )


@require_POST
@clinician_required
def update_draft(request: HttpRequest, pk: int) -> HttpResponse:
    packet = _own_draft(request, pk)
    form = DraftSettingsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_draft(
                acting_user=request.user,
                packet=packet,
                also_remove=data["also_remove"],
                keep_clinicians=data["keep_clinicians"],
                dates=data["dates"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("De-identified again with your changes."))
            return redirect("consultation:packet", pk=packet.pk)
    return _draft_page(request, packet, settings_form=form, status=400)


@require_POST
@clinician_required
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    packet = _own_draft(request, pk)
    form = RestoreForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.restore_span(
                acting_user=request.user,
                packet=packet,
                position=data["position"],
                start=data["start"],
                end=data["end"],
                reason=data["reason"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Kept as written; your reason is recorded."))
            return redirect("consultation:packet", pk=packet.pk)
    return _draft_page(request, packet, restore_form=form, status=400)


@require_POST
@clinician_required
def remove_again(request: HttpRequest, pk: int, restoration_pk: int) -> HttpResponse:
    packet = _own_draft(request, pk)
    restoration = next((r for r in access.restorations_of(packet) if r.pk == restoration_pk), None)
    if restoration is None:
        raise Http404("No such span")
    try:
        actions.remove_again(acting_user=request.user, restoration=restoration, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed again."))
    return redirect("consultation:packet", pk=packet.pk)


@require_POST
@clinician_required
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    packet = _own_draft(request, pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            actions.confirm_packet(acting_user=request.user, packet=packet, request=request)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Confirmed. The original text is deleted from the packet."))
            return redirect("consultation:packet", pk=packet.pk)
    return _draft_page(request, packet, confirm_form=form, status=400)


@require_POST
@clinician_required
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    packet = _own_draft(request, pk)
    try:
        actions.discard_draft(acting_user=request.user, packet=packet, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("consultation:packet", pk=packet.pk)
    messages.success(request, _("Draft discarded; nothing of it is kept."))
    return redirect("consultation:index")


@require_POST
@clinician_required
def share(request: HttpRequest, pk: int) -> HttpResponse:
    packet = access.get_own_packet(request.user, pk)
    if packet.is_draft:
        raise Http404("Confirm the packet before sharing it")
    form = ShareForm(request.POST, user=request.user, audience=packet.audience)
    if form.is_valid():
        try:
            actions.share_packet(
                acting_user=request.user,
                packet=packet,
                supervisor=form.cleaned_data.get("supervisor"),
                peer_group=form.cleaned_data.get("peer_group"),
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Shared. They see the de-identified text and nothing else.")
            )
            return redirect("consultation:packet", pk=packet.pk)
    return _confirmed_page(request, packet, share_form=form, status=400)


# Peer groups ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@clinician_required
def peer_groups(request: HttpRequest) -> HttpResponse:
    form = PeerGroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_peer_group(
                acting_user=request.user,
                name=form.cleaned_data["name"],
                members=list(form.cleaned_data["members"]),
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Peer group created."))
            return redirect("consultation:peer_groups")
    return render(
        request,
        "consultation/peer_groups.html",
        {"groups": list(access.peer_groups_of(request.user)), "form": form},
        status=400 if form.errors else 200,
    )
