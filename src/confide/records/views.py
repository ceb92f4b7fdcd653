"""Note pages. Reads go through `access` (which applies `records.visibility`), writes through
`actions`; each page showing client data writes exactly one audit "view" event, which names
the emergency access when that is how the clinician got in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confide.accounts.roles import client_required, role_required
from confide.audit.log import record, record_view
from confide.formerrors import apply_errors, submit
from confide.records import access, actions, agreement_link, note_formats
from confide.records.forms import (
    AddendumForm,
    EmergencyAccessForm,
    EmergencyFindingForm,
    NoteFilterForm,
    NoteMetaForm,
    NoteSearchForm,
    PsychotherapyNoteForm,
    RelabelForm,
    SegmentForm,
    TemplatePickForm,
    draft_rows,
    segment_forms,
    segment_indexes,
    template_rows,
)
from confide.records.visibility import hidden_count

clinician_required = role_required("clinician")
privacy_officer_required = role_required("privacy_officer")


def _viewed(
    request: HttpRequest,
    summary: str,
    *,
    target: Any = None,
    sight: access.CaseSight | None = None,
    client_ids: Any = (),
) -> None:
    """The one audit "view" event of a page showing note data, naming any emergency access."""
    detail: dict[str, Any] = {}
    if sight is not None:
        detail["case_id"] = sight.case.pk
        if sight.emergency is not None:
            detail["emergency_access_id"] = sight.emergency.pk
    record_view(
        request, summary, page="records", target=target, client_ids=client_ids, detail=detail
    )


def _case_client_ids(sight: access.CaseSight) -> list[int]:
    return [p.client_id for p in access.participants_of(sight.case)]


# A case's notes -------------------------------------------------------------------------


@require_GET
@clinician_required
def case_notes(request: HttpRequest, case_pk: int) -> HttpResponse:
    sight = access.get_case(request.user, case_pk)
    notes = [
        (note, access.shown_segments(note, sight.viewer), hidden_count(note, sight.viewer))
        for note in access.notes_of(sight, request.user)
    ]
    psychotherapy = access.psychotherapy_notes_of(request.user, sight)
    _viewed(
        request,
        "Viewed case notes",
        target=sight.case,
        sight=sight,
        client_ids=_case_client_ids(sight),
    )
    return render(
        request,
        "records/case_notes.html",
        {
            "sight": sight,
            "case": sight.case,
            "notes": notes,
            "psychotherapy_notes": psychotherapy,
            "notes_allowed": agreement_link.notes_allowed(sight.case),
            "unsigned": agreement_link.unsigned_names(sight.case),
            "agreement_url": agreement_link.agreement_url(sight.case),
        },
    )


def _gate_closed(request: HttpRequest, case: Any) -> HttpResponse:
    return render(
        request,
        "records/gate_closed.html",
        {
            "case": case,
            "unsigned": agreement_link.unsigned_names(case),
            "agreement_url": agreement_link.agreement_url(case),
            "policy_changed": agreement_link.policy_outdates_agreement(case),
        },
        status=409,
    )


@require_http_methods(["GET", "POST"])
@clinician_required
def note_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Write a progress note: one row per segment; "Add segment" (or Ctrl+Enter) adds a row.

    `?template=soap` starts from a template's sections; `?session=<id>` picks the session
    (the "Write the note" link of a session page)."""
    case = access.writable_case(request.user, case_pk)
    if not agreement_link.notes_allowed(case):
        return _gate_closed(request, case)
    return _note_form(request, case, None)


@require_http_methods(["GET", "POST"])
@clinician_required
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rework one's own draft: change, add or drop segments, then save or sign it."""
    note = access.editable_draft(request.user, pk)
    if not agreement_link.notes_allowed(note.case):
        return _gate_closed(request, note.case)
    return _note_form(request, note.case, note)


def _initial_meta(request: HttpRequest, case: Any, note: Any) -> dict[str, Any]:
    if note is not None:
        return {
            "written_on": note.written_on,
            "session": note.session_id,
            "template": note.template,
        }
    initial: dict[str, Any] = {"written_on": timezone.localdate()}
    session = access.session_of(case, request.GET.get("session"))
    if session is not None:
        initial["session"] = session.pk
        initial["written_on"] = timezone.localtime(session.starts_at).date()
    picked = request.GET.get("template", "")
    initial["template"] = picked if picked in note_formats.FORMATS else ""
    return initial


def _note_form(request: HttpRequest, case: Any, note: Any) -> HttpResponse:
    participants = access.participants_of(case)
    sessions = access.sessions_of(case)
    data = request.POST if request.method == "POST" else None
    initial = _initial_meta(request, case, note)
    template = note.template if note is not None else initial["template"]
    if data is not None and note is None:
        posted = data.get("template", "")
        template = posted if posted in note_formats.FORMATS else ""
    indexes = segment_indexes(request.POST) if data else [0]
    if data is not None and "add_segment" not in request.POST:
        # A blank row left over from "Add segment" is not a segment; skip it.
        indexes = [n for n in indexes if data.get(f"seg-{n}-text", "").strip()] or indexes[:1]
    no_secrets = agreement_link.is_no_secrets(case)
    meta = NoteMetaForm(data, sessions=sessions, initial=initial, no_secrets=no_secrets)
    if data is not None:
        rows = segment_forms(participants, data, indexes, template)
    elif note is not None:
        rows = draft_rows(participants, note) or segment_forms(participants, None, [0], template)
    else:
        rows = template_rows(participants, template) or segment_forms(participants, None, [0])
    if data is None:
        indexes = list(range(len(rows)))
    if data is not None and "add_segment" in request.POST:
        # Adding a row without JavaScript: keep what was typed, validate nothing yet.
        meta = NoteMetaForm(sessions=sessions, initial=data.dict(), no_secrets=no_secrets)
        rows = [
            *_rows_as_typed(participants, data, indexes, template),
            *segment_forms(participants, None, [max(indexes) + 1], template),
        ]
        indexes = [*indexes, max(indexes) + 1]
    elif data is not None:
        valid = meta.is_valid() & all([row.is_valid() for row in rows])
        if valid:
            saved = _save_note(request, case, note, meta, rows, template)
            if saved is not None:
                return saved
    _viewed(
        request,
        "Opened note form" if note is None else "Opened a draft note",
        target=note or case,
        client_ids=[p.client_id for p in participants],
    )
    return render(
        request,
        "records/note_form.html",
        {
            "case": case,
            "note": note,
            "meta": meta,
            "rows": rows,
            "next_index": max(indexes) + 1,
            "picker": TemplatePickForm(initial={"template": template}),
            "template_name": note_formats.FORMATS[template].name if template else "",
        },
        status=422 if meta.errors or any(r.errors for r in rows) else 200,
    )


def _save_note(
    request: HttpRequest, case: Any, note: Any, meta: NoteMetaForm, rows: Any, template: str
) -> HttpResponse | None:
    """Save the draft or sign it; None when the action refused (errors are on `meta`)."""
    sign = "sign" in request.POST
    confirmed = meta.private_confirmed()
    try:
        if note is None:
            note = actions.write_note(
                acting_user=request.user,
                case=case,
                segments=[row.to_input() for row in rows],
                session=meta.cleaned_data["session"],
                written_on=meta.cleaned_data["written_on"],
                template=template,
                sign=sign,
                private_confirmed=confirmed,
                request=request,
            )
        else:
            note = actions.update_draft(
                acting_user=request.user,
                note=note,
                segments=[row.to_input() for row in rows],
                session=meta.cleaned_data["session"],
                written_on=meta.cleaned_data["written_on"],
                sign=sign,
                private_confirmed=confirmed,
                request=request,
            )
    except ValidationError as error:
        apply_errors(meta, error)
        return None
    messages.success(
        request,
        _("The note is signed and locked.")
        if sign
        else _("The draft is saved. Only you can see it."),
    )
    return redirect("records:note_detail", pk=note.pk)


def _rows_as_typed(
    participants: Any, data: Any, indexes: list[int], template: str = ""
) -> list[SegmentForm]:
    return [
        SegmentForm(
            participants=participants,
            template=template,
            prefix=f"seg-{n}",
            auto_id="id_%s",
            initial={
                k: data.get(f"seg-{n}-{k}", "") for k in ("discloser", "label", "text", "section")
            },
        )
        for n in indexes
    ]


@require_POST
@clinician_required
def note_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign one's own draft as it stands: it is locked from now on."""
    note = access.editable_draft(request.user, pk)
    try:
        actions.sign_note(acting_user=request.user, note=note, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The note is signed and locked."))
    return redirect("records:note_detail", pk=note.pk)


@require_POST
@clinician_required
def note_addendum(request: HttpRequest, pk: int) -> HttpResponse:
    """Append a dated, attributed addendum to a signed note."""
    note = access.signed_note_for_addendum(request.user, pk)
    form = AddendumForm(request.POST, participants=access.participants_of(note.case))
    if not form.is_valid():
        messages.error(
            request, _("Write the addendum and say who it comes from; nothing was added.")
        )
        return redirect("records:note_detail", pk=note.pk)
    try:
        actions.add_addendum(
            acting_user=request.user, note=note, addendum=form.to_input(), request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The addendum is added."))
    return redirect("records:note_detail", pk=note.pk)


@require_GET
@clinician_required
def note_search(request: HttpRequest) -> HttpResponse:
    """Words in the clinician's own notes (their cases, what they may see)."""
    form = NoteSearchForm(request.GET or None)
    hits: list[access.NoteHit] = []
    total = 0
    if form.is_bound and form.is_valid():
        hits, total = access.search_notes(request.user, form.cleaned_data["q"])
    _viewed(
        request,
        "Searched notes",
        client_ids=access.hit_client_ids(hits),
    )
    return render(
        request,
        "records/note_search.html",
        {"form": form, "hits": hits, "total": total, "searched": form.is_bound},
        status=422 if form.errors else 200,
    )


@require_GET
@clinician_required
def segment_row(request: HttpRequest, case_pk: int) -> HttpResponse:
    """One empty segment row, added by htmx at the end of the note form."""
    case = access.writable_case(request.user, case_pk)
    try:
        index = max(0, min(int(request.GET.get("n", "1")), 999))
    except ValueError:
        index = 1
    participants = access.participants_of(case)
    row = SegmentForm(participants=participants, prefix=f"seg-{index}", auto_id="id_%s")
    # The row names the participants: a read of client data, so it is recorded too.
    _viewed(
        request,
        "Added a segment row to a note form",
        target=case,
        client_ids=[p.client_id for p in participants],
    )
    return render(
        request,
        "records/_segment_row.html",
        {"row": row, "index": index, "case": case, "next_index": index + 1},
    )


@require_GET
@clinician_required
def note_detail(request: HttpRequest, pk: int) -> HttpResponse:
    note, sight = access.get_note(request.user, pk)
    shown = access.shown_segments(note, sight.viewer)
    no_secrets = agreement_link.is_no_secrets(sight.case)
    _viewed(
        request,
        "Viewed progress note",
        target=note,
        sight=sight,
        client_ids=_case_client_ids(sight),
    )
    return render(
        request,
        "records/note_detail.html",
        {
            "note": note,
            "sight": sight,
            "case": sight.case,
            "segments": [
                (
                    s,
                    RelabelForm(
                        initial={"label": s.label},
                        prefix=f"s{s.pk}",
                        no_secrets=no_secrets and s.discloser_id is not None,
                    ),
                )
                for s in shown
            ],
            "hidden": hidden_count(note, sight.viewer),
            "can_relabel": not sight.is_emergency,
            "is_author": note.author_id == request.user.pk,
            "addendum_form": (
                AddendumForm(participants=access.participants_of(sight.case))
                if not sight.is_emergency and not note.is_draft
                else None
            ),
        },
    )


@require_GET
@clinician_required
def note_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The note as plain text, exactly what the viewer may see; the export is audited."""
    note, sight = access.get_note(request.user, pk)
    shown = access.shown_segments(note, sight.viewer)
    lines = [f"{sight.case.title}: progress note {note.written_on:%Y-%m-%d}", ""]
    for segment in shown:
        added = (
            f" · addendum {timezone.localtime(segment.added_at):%Y-%m-%d %H:%M}"
            if segment.added_at
            else ""
        )
        section = f"{segment.section_title}: " if segment.section else ""
        lines.append(f"[{section}{segment.discloser_name} · {segment.label}{added}]")
        lines.append(segment.text)
        lines.append("")
    hidden = hidden_count(note, sight.viewer)
    if hidden:
        lines.append(f"({hidden} segments not shown to you)")
    detail: dict[str, Any] = {"case_id": sight.case.pk, "segments": [s.pk for s in shown]}
    if sight.emergency is not None:
        detail["emergency_access_id"] = sight.emergency.pk
    record(
        actor=request.user,
        action="export",
        target=note,
        summary="Exported a progress note",
        detail=detail,
        request=request,
    )
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="note-{note.pk}.txt"'
    return response


@require_POST
@clinician_required
def segment_relabel(request: HttpRequest, pk: int) -> HttpResponse:
    segment, sight = access.get_segment(request.user, pk)
    if sight.is_emergency:
        # Emergency access reads; a write under it is refused like any other (404, audited).
        raise Http404("No such segment")
    no_secrets = agreement_link.is_no_secrets(segment.note.case)
    form = RelabelForm(request.POST, prefix=f"s{segment.pk}", no_secrets=no_secrets)
    if not form.is_valid():
        messages.error(request, _("Choose private, case or clinical; nothing was changed."))
        return redirect("records:note_detail", pk=segment.note_id)
    try:
        actions.relabel_segment(
            acting_user=request.user,
            segment=segment,
            label=form.cleaned_data["label"],
            private_confirmed=bool(form.cleaned_data.get("confirm_private")),
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Segment %(position)s is now labelled %(label)s.")
            % {"position": segment.position, "label": form.cleaned_data["label"]},
        )
    return redirect("records:note_detail", pk=segment.note_id)


# Psychotherapy notes -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@clinician_required
def psychotherapy_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = access.writable_case(request.user, case_pk)
    if not agreement_link.notes_allowed(case):
        return _gate_closed(request, case)
    form = PsychotherapyNoteForm(
        request.POST or None,
        sessions=access.sessions_of(case),
        initial={"written_on": timezone.localdate()},
    )
    if answer := submit(
        request,
        form,
        lambda: actions.write_psychotherapy_note(
            acting_user=request.user,
            case=case,
            text=form.cleaned_data["text"],
            session=form.cleaned_data["session"],
            written_on=form.cleaned_data["written_on"],
            request=request,
        ),
        done=_("The psychotherapy note is saved. Only you can see it."),
        then=lambda note: reverse("records:psychotherapy_detail", args=[note.pk]),
    ):
        return answer
    _viewed(request, "Opened psychotherapy note form", target=case)
    return render(
        request,
        "records/psychotherapy_form.html",
        {"case": case, "form": form},
        status=422 if form.errors else 200,
    )


@require_GET
@clinician_required
def psychotherapy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    note = access.get_psychotherapy_note(request.user, pk)
    _viewed(request, "Viewed own psychotherapy note", target=note)
    return render(request, "records/psychotherapy_detail.html", {"note": note, "case": note.case})


# The note list --------------------------------------------------------------------------


@require_GET
@clinician_required
def note_list(request: HttpRequest) -> HttpResponse:
    participants = access.filter_clients(request.user)
    form = NoteFilterForm(request.GET or None, participants=participants)
    filters = access.NoteFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = access.NoteFilter(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            client_id=data.get("client") or None,
            label=data.get("label") or "",
            status=data.get("status") or "",
        )
    page, notes = (
        access.note_list(request.user, filters, request.GET.get("page"))
        if not form.errors
        else (None, [])
    )
    cases = list(access.assigned_cases(request.user))
    _viewed(
        request, "Viewed note list", client_ids=[p.client_id for p in participants] if notes else []
    )
    return render(
        request,
        "records/note_list.html",
        {
            "form": form,
            "notes": notes,
            "page": page,
            "query": _without_page(request),
            "cases": cases,
            "emergencies": access.my_emergency_accesses(request.user),
        },
        status=422 if form.errors else 200,
    )


# Emergency access -----------------------------------------------------------------------


def _without_page(request: HttpRequest) -> str:
    """The filters of this request, to carry into the links to other pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_http_methods(["GET", "POST"])
@clinician_required
def emergency_open(request: HttpRequest) -> HttpResponse:
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cases = access.emergency_cases(request.user, data["last_name"], data["date_of_birth"])
        if not cases:
            form.add_error(
                None,
                _(
                    "No open case of another clinician matches that name and "
                    "date of birth. Nothing was opened."
                ),
            )
        else:
            try:
                for case in cases:
                    actions.open_emergency_access(
                        acting_user=request.user,
                        case=case,
                        reason=data["reason"],
                        hours=data["hours"],
                        request=request,
                    )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.warning(
                    request,
                    _(
                        "Emergency access is open and recorded; the privacy officer has been "
                        "alerted."
                    ),
                )
                return redirect("records:case_notes", case_pk=cases[0].pk)
    return render(
        request, "records/emergency_form.html", {"form": form}, status=422 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@privacy_officer_required
def emergency_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The privacy officer reads an emergency access and records a finding on it."""
    emergency = access.get_emergency_for_review(request.user, pk)
    form = EmergencyFindingForm(request.POST if request.method == "POST" else None)
    if answer := submit(
        request,
        form,
        lambda: actions.acknowledge_emergency(
            acting_user=request.user,
            access=emergency,
            finding=form.cleaned_data["finding"],
            note=form.cleaned_data["note"],
            request=request,
        ),
        done=_("Your finding is recorded."),
        then=reverse("records:emergency_review", args=[emergency.pk]),
    ):
        return answer
    _viewed(request, "Reviewed an emergency access", target=emergency)
    return render(
        request,
        "records/emergency_review.html",
        {"emergency": emergency, "active": emergency.active_at(), "form": form},
        status=422 if form.errors else 200,
    )


# The portal -------------------------------------------------------------------------------


@require_GET
@client_required
def portal_notes(request: HttpRequest) -> HttpResponse:
    """ "Session notes shared with me": only what the labels allow this participant."""
    notes = access.portal_notes(request.user)
    client = getattr(request.user, "client_record", None)
    _viewed(
        request,
        "Viewed session notes shared with me",
        client_ids=[client.pk] if client is not None else [],
    )
    return render(request, "records/portal_notes.html", {"notes": notes})
