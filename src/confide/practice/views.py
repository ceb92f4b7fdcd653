"""Practice pages. Reads go through `access`, writes through `actions`; each page that shows
client data writes exactly one audit event (a "view", or the write it reports)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confide.accounts.roles import has_role, role_required, staff_required
from confide.agreements.gate import gate_status
from confide.audit.log import record_view
from confide.formerrors import apply_errors, submit
from confide.practice import access, actions, attention, schedule, search
from confide.practice.forms import (
    AddressAgendaItemForm,
    AgendaItemForm,
    CaseEditForm,
    CaseForm,
    ClientForm,
    CloseCaseForm,
    ConfirmForm,
    ContactPointForm,
    ParticipantForm,
    RelatedPersonForm,
    SessionForm,
)
from confide.practice.models import AgendaItem, Case, Client, Session
from confide.practice.vocabulary import (
    SECRETS_POLICY_EXPLANATIONS,
    CaseStatus,
    SecretsPolicy,
    SessionStatus,
)
from confide.records.agreement_link import policy_outdates_agreement

roster_required = role_required("clinician", "administrator")

CLIENTS_PER_PAGE = 50
View = TypeVar("View", bound=Callable[..., HttpResponse])


def denials_recorded(view: View) -> View:
    """Record a refused read: a record that is missing or not the user's answers 404 alike,
    but the privacy officer sees who tried to open what."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404:
            access.record_refusal(request)
            raise

    return wrapped  # type: ignore[return-value]


def _viewed(
    request: HttpRequest,
    summary: str,
    *,
    target: Any = None,
    client_id: int | None = None,
    client_ids: Iterable[int] = (),
) -> None:
    """The one audit "view" event of a page showing client data."""
    record_view(
        request, summary, page="practice", target=target, client_id=client_id, client_ids=client_ids
    )


# Dashboard ------------------------------------------------------------------------------


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Everyone lands here after signing in: clients go on to their portal."""
    if has_role(request.user, "client"):
        return redirect("portal:home")
    return _staff_dashboard(request)


@staff_required
def _staff_dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    # Every provider narrows its records by the sight rule: read it once for this page.
    with access.sight_snapshot(user):
        today = list(access.sessions_on(user))
        upcoming = [s for s in access.upcoming_sessions_for(user, limit=10) if s not in today]
        items = attention.items_for(user)
    client_ids = {p.client_id for s in [*today, *upcoming] for p in s.attendees.all()}
    client_ids |= {cid for item in items for cid in item.client_ids}
    if today or upcoming or items:
        _viewed(request, "Viewed dashboard", client_ids=client_ids)
    return render(
        request,
        "practice/dashboard.html",
        {
            "today": today,
            "upcoming": upcoming,
            "attention_items": items,
            "sees_roster": access.sees_roster(user),
            "now": timezone.localtime(),
        },
    )


# Clients --------------------------------------------------------------------------------


@require_GET
@roster_required
def client_list(request: HttpRequest) -> HttpResponse:
    """The roster, searched through the blind index, sorted after decryption, then paged."""
    query = request.GET.get("q", "").strip()[:100]
    clients = access.clients_for(request.user)
    if query:
        clients = search.filter_clients(clients, query)
    page, shown = search.page_of_clients(clients, request.GET.get("page"), CLIENTS_PER_PAGE)
    _viewed(request, "Viewed client list", client_ids=[c.pk for c in shown])
    return render(
        request, "practice/client_list.html", {"clients": shown, "page": page, "q": query}
    )


@require_http_methods(["GET", "POST"])
@roster_required
def client_create(request: HttpRequest) -> HttpResponse:
    """Register a client, and (optionally) the first way to reach them, with its permissions."""
    data = request.POST if request.method == "POST" else None
    form = ClientForm(data)
    contact = ContactPointForm(data, prefix="contact", use_required_attribute=False)
    wants_contact = data is not None and bool(data.get("contact-value", "").strip())
    if data is not None and form.is_valid() and (not wants_contact or contact.is_valid()):
        try:
            client = actions.create_client(
                acting_user=request.user,
                data=form.cleaned_data,
                contact_points=[contact.cleaned_data] if wants_contact else [],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": client.display_name})
            return redirect("practice:client_detail", pk=client.pk)
    if not wants_contact:
        contact = ContactPointForm(prefix="contact")  # nothing typed: no errors to show
    return render(request, "practice/client_form.html", {"form": form, "contact": contact})


def _client_context(request: HttpRequest, client: Client, **forms: Any) -> dict[str, Any]:
    return {
        "client": client,
        "contact_points": list(access.contact_points_of(request.user, client)),
        "related_people": sorted(
            access.related_people_of(request.user, client), key=lambda p: (p.name.casefold(), p.pk)
        ),
        "sees_representative": access.sees_representative_documents(request.user, client),
        "cases": search.sorted_cases(access.cases_of_client(request.user, client)),
        "next_session": access.next_session_of(request.user, client),
        "contact_form": forms.get("contact_form") or ContactPointForm(prefix="contact"),
    }


@require_http_methods(["GET", "POST"])
@roster_required
@denials_recorded
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = access.get_client(request.user, pk)
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The form wrote its values onto `client`; the action re-reads it from the database.
        try:
            actions.update_client(
                acting_user=request.user, client=client, data=data, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Client details saved."))
            return redirect("practice:client_detail", pk=client.pk)
    _viewed(request, "Viewed client record to edit", target=client, client_id=client.pk)
    return render(request, "practice/client_form.html", {"form": form, "client": client})


@require_GET
@roster_required
@denials_recorded
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = access.get_client(request.user, pk)
    _viewed(request, "Viewed client record", target=client, client_id=client.pk)
    return render(request, "practice/client_detail.html", _client_context(request, client))


@require_POST
@roster_required
@denials_recorded
def contact_point_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a contact point; with htmx only the contact-points section is swapped in."""
    client = access.get_client(request.user, pk)
    form = ContactPointForm(request.POST, prefix="contact")
    if form.is_valid():
        try:
            actions.add_contact_point(
                acting_user=request.user, client=client, data=form.cleaned_data, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(request, _("Contact point added."))
                return redirect("practice:client_detail", pk=client.pk)
            context = _client_context(request, client)
            context["added"] = True
            return render(request, "practice/client_detail.html#contact-points", context)
    _viewed(request, "Viewed client record", target=client, client_id=client.pk)
    context = _client_context(request, client, contact_form=form)
    template = "practice/client_detail.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#contact-points"
    return render(request, template, context, status=422 if request.htmx else 200)  # type: ignore[attr-defined]


@require_http_methods(["GET", "POST"])
@roster_required
@denials_recorded
def related_person_add(request: HttpRequest, pk: int) -> HttpResponse:
    client = access.get_client(request.user, pk)
    form = RelatedPersonForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "representative_document"}
        try:
            actions.add_related_person(
                acting_user=request.user,
                client=client,
                data=data,
                document=form.cleaned_data.get("representative_document") or None,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Related person added."))
            return redirect("practice:client_detail", pk=client.pk)
    _viewed(request, "Viewed client record", target=client, client_id=client.pk)
    return render(request, "practice/related_person_form.html", {"client": client, "form": form})


@require_GET
@roster_required
@denials_recorded
def related_person_document(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """A personal representative's supporting document, only through the client's record and
    only for those who keep the client's client-level records (never through a shared case)."""
    client = access.get_client(request.user, pk)
    if not access.sees_representative_documents(request.user, client):
        raise Http404
    person = access.related_people_of(request.user, client).filter(pk=person_pk).first()
    if person is None or not person.representative_document:
        raise Http404
    _viewed(request, "Viewed representative document", target=person, client_id=client.pk)
    document = person.representative_document
    with document.open("rb") as handle:  # at most 10 MB: the form says so
        content = handle.read()
    response = HttpResponse(content, content_type="application/octet-stream")
    filename = Path(document.name or "document").name
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


# Cases ----------------------------------------------------------------------------------


@require_GET
@roster_required
def case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", CaseStatus.OPEN)
    if status not in CaseStatus.values:
        status = CaseStatus.OPEN
    cases = search.sorted_cases(
        access.cases_for(request.user)
        .filter(status=status)
        .prefetch_related("participants__client", "clinicians")
    )
    _viewed(
        request,
        "Viewed case list",
        client_ids=[p.client_id for c in cases for p in c.participants.all()],
    )
    return render(
        request,
        "practice/case_list.html",
        {"cases": cases, "status": status, "statuses": CaseStatus.choices},
    )


@require_http_methods(["GET", "POST"])
@roster_required
def case_create(request: HttpRequest) -> HttpResponse:
    clients = access.clients_for(request.user)
    # "Open a case" from a client's page arrives with ?client=<id>: that client is ticked.
    wanted = request.GET.get("client", "")
    chosen = list(clients.filter(pk=int(wanted))) if wanted.isdigit() else []
    initial = {"participants": chosen} if chosen else {}
    form = CaseForm(request.POST or None, clients=clients, initial=initial)

    def open_case() -> Case:
        data = form.cleaned_data
        return actions.create_case(
            acting_user=request.user,
            title=data["title"],
            case_type=data["case_type"],
            secrets_policy=data["secrets_policy"],
            participants=[
                (client, _default_role(data["case_type"])) for client in data["participants"]
            ],
            clinicians=data["clinicians"],
            request=request,
        )

    if answer := submit(
        request,
        form,
        open_case,
        done=lambda case: _("Case “%(title)s” is open.") % {"title": case.title},
        then=lambda case: _case_url(case.pk),
    ):
        return answer
    _viewed(request, "Viewed client roster to open a case", client_ids=[c.pk for c in clients])
    return render(
        request,
        "practice/case_form.html",
        {"form": form, "explanations": SECRETS_POLICY_EXPLANATIONS},
    )


def _case_url(pk: int) -> str:
    return reverse("practice:case_detail", args=[pk])


def _default_role(case_type: str) -> str:
    return {"couple": "partner", "group": "member", "family": "family member"}.get(case_type, "")


def _case_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    participants = list(access.participants_of(request.user, case))
    sessions = list(
        access.sessions_for(request.user)
        .filter(case=case)
        .prefetch_related("attendees__client")
        .order_by("-starts_at")
    )
    now = timezone.now()
    return {
        "case": case,
        "participants": participants,
        "upcoming": sorted((s for s in sessions if s.starts_at >= now), key=lambda s: s.starts_at),
        "past": [s for s in sessions if s.starts_at < now][:20],
        "clinicians": list(case.clinicians.all()),
        "secrets_explanation": (
            SECRETS_POLICY_EXPLANATIONS[SecretsPolicy(case.secrets_policy)]
            if case.secrets_policy
            else ""
        ),
        "sees_clinical": access.sees_clinical(request.user),
        # Confidentiality first: the case page says whether the agreement is signed by all.
        "gate": gate_status(case),
        "policy_outdated": policy_outdates_agreement(case),
    }


@require_GET
@roster_required
@denials_recorded
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case(request.user, pk)
    context = _case_context(request, case)
    _viewed(
        request,
        "Viewed case",
        target=case,
        client_ids=[p.client_id for p in context["participants"]],
    )
    return render(request, "practice/case_detail.html", context)


@require_http_methods(["GET", "POST"])
@roster_required
@denials_recorded
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case(request.user, pk)
    clients = access.clients_for(request.user).exclude(
        participations__case=case, participations__left_on__isnull=True
    )
    form = ParticipantForm(request.POST or None, clients=clients)
    if answer := submit(
        request,
        form,
        lambda: actions.add_participant(
            acting_user=request.user,
            case=case,
            client=form.cleaned_data["client"],
            role_in_case=form.cleaned_data["role_in_case"],
            request=request,
        ),
        done=_(
            "Participant added to the case and to its sessions still to come. The "
            "agreement needs a new version that includes them."
        ),
        then=_case_url(case.pk),
    ):
        return answer
    _viewed(request, "Viewed client roster to add a participant", target=case)
    return render(request, "practice/participant_form.html", {"case": case, "form": form})


# Sessions -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@roster_required
@denials_recorded
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Book a session or a series; double bookings are listed and need a confirmation."""
    case = access.get_case(request.user, pk)
    participants = access.participants_of(request.user, case)
    form = SessionForm(request.POST or None, participants=participants)
    conflicts: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sessions = actions.schedule_series(
                acting_user=request.user,
                case=case,
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                attendees=data["attendees"],
                recurrence=data["recurrence"],
                count=data["count"],
                until=data["until"],
                book_despite_conflicts=data["book_anyway"],
                request=request,
            )
        except ValidationError as error:
            if any(getattr(e, "code", "") == "conflict" for e in error.error_list):
                conflicts = list(error.messages)
            else:
                apply_errors(form, error)
        else:
            if len(sessions) > 1:
                messages.success(
                    request, _("%(count)s sessions scheduled.") % {"count": len(sessions)}
                )
            else:
                messages.success(request, _("Session scheduled."))
            return redirect("practice:session_detail", pk=sessions[0].pk)
    _viewed(
        request,
        "Viewed case to schedule a session",
        target=case,
        client_ids=[p.client_id for p in participants],
    )
    return render(
        request,
        "practice/session_form.html",
        {"case": case, "form": form, "conflicts": conflicts},
        status=409 if conflicts else 200,
    )


@require_GET
@roster_required
def calendar(request: HttpRequest) -> HttpResponse:
    """A clinician's week, Monday to Sunday, in the practice's time zone: one's own, or for
    an administrator the clinician they pick."""
    day = _parse_day(request.GET.get("week")) or timezone.localdate()
    monday, sunday = schedule.week_of(day)
    choices = list(access.calendar_clinicians(request.user))
    wanted = request.GET.get("clinician", "")
    shown = next((c for c in choices if str(c.pk) == wanted), None)
    if choices and shown is None:
        shown = choices[0]
    whose = request.user if access.is_clinician(request.user) else shown
    sessions = list(access.week_sessions(request.user, monday, shown))
    _viewed(
        request,
        "Viewed week calendar",
        client_ids=access.attendee_client_ids(sessions),
    )
    return render(
        request,
        "practice/calendar.html",
        {
            "days": schedule.by_day(monday, sessions),
            "monday": monday,
            "sunday": sunday,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
            "today": timezone.localdate(),
            "time_zone": timezone.get_current_timezone_name(),
            "clinicians": choices,
            "whose": whose,
            "own": whose == request.user,
        },
    )


def _parse_day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _render_session(
    request: HttpRequest, session: Session, agenda_form: AgendaItemForm | None = None
) -> HttpResponse:
    attendees = list(session.attendees.select_related("client"))
    _viewed(
        request,
        "Viewed session",
        target=session,
        client_ids=[p.client_id for p in attendees],
    )
    return render(
        request,
        "practice/session_detail.html",
        {
            "session": session,
            "case": session.case,
            "attendees": attendees,
            "agenda": list(access.agenda_for(request.user, session)),
            "sees_clinical": access.sees_clinical(request.user),
            "agenda_form": agenda_form or AgendaItemForm(),
            "address_form": AddressAgendaItemForm(),
            "statuses": SessionStatus.choices,
        },
    )


@require_GET
@roster_required
@denials_recorded
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_session(request, access.get_session(request.user, pk))


@require_http_methods(["GET", "POST"])
@roster_required
@denials_recorded
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a case with a reason and a discharge summary, after a confirmation."""
    case = access.get_case(request.user, pk)
    if case.status != CaseStatus.OPEN:
        messages.error(request, _("This case is already closed."))
        return redirect("practice:case_detail", pk=case.pk)
    form = CloseCaseForm(request.POST if request.method == "POST" else None)
    if answer := submit(
        request,
        form,
        lambda: actions.close_case(
            acting_user=request.user,
            case=case,
            reason=form.cleaned_data["reason"],
            discharge_summary=form.cleaned_data["discharge_summary"],
            request=request,
        ),
        done=_("Case closed; sessions still to come are cancelled."),
        then=_case_url(case.pk),
    ):
        return answer
    upcoming = access.sessions_for(request.user).filter(
        case=case, status=SessionStatus.SCHEDULED, starts_at__gte=timezone.now()
    )
    _viewed(request, "Viewed case to close it", target=case)
    return render(
        request,
        "practice/case_close.html",
        {"case": case, "form": form, "upcoming": upcoming.count()},
        status=422 if form.errors else 200,
    )


@require_POST
@roster_required
@denials_recorded
def case_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case(request.user, pk)
    try:
        actions.reopen_case(acting_user=request.user, case=case, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The case is open again. Schedule its next session."))
    return redirect("practice:case_detail", pk=case.pk)


@require_http_methods(["GET", "POST"])
@roster_required
@denials_recorded
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Title, clinicians and (couple and family cases) the secrets policy."""
    case = access.get_case(request.user, pk)
    initial = {
        "title": case.title,
        "secrets_policy": case.secrets_policy,
        "clinicians": access.clinicians_of(request.user, case),
    }
    form = CaseEditForm(request.POST or None, case_type=case.case_type, initial=initial)
    if request.method == "POST" and form.is_valid():
        before = case.secrets_policy
        try:
            case = actions.update_case(
                acting_user=request.user,
                case=case,
                title=form.cleaned_data["title"],
                clinicians=form.cleaned_data["clinicians"],
                secrets_policy=form.cleaned_data["secrets_policy"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if case.secrets_policy != before:
                messages.warning(
                    request,
                    _(
                        "The secrets policy changed. Issue a new version of the agreement: notes "
                        "wait until every participant has signed it."
                    ),
                )
            messages.success(request, _("Case details saved."))
            return redirect("practice:case_detail", pk=case.pk)
    _viewed(request, "Viewed case to edit it", target=case)
    return render(
        request,
        "practice/case_edit.html",
        {"case": case, "form": form, "explanations": SECRETS_POLICY_EXPLANATIONS},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@roster_required
@denials_recorded
def participant_remove(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    """A participant leaves the case, after a confirmation; their past words stay theirs."""
    case = access.get_case(request.user, pk)
    participant = access.participants_of(request.user, case).filter(pk=participant_pk).first()
    if participant is None or participant.left_on is not None:
        raise Http404("No such participant")
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if answer := submit(
        request,
        form,
        lambda: actions.remove_participant(
            acting_user=request.user, participant=participant, request=request
        ),
        done=_("%(name)s has left the case.") % {"name": participant.client.display_name},
        then=_case_url(case.pk),
    ):
        return answer
    _viewed(request, "Viewed participant to remove", target=case, client_id=participant.client_id)
    return render(
        request,
        "practice/participant_remove.html",
        {"case": case, "participant": participant, "form": form},
        status=422 if form.errors else 200,
    )


@require_POST
@roster_required
@denials_recorded
def session_status(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_session(request.user, pk)
    try:
        actions.set_session_status(
            acting_user=request.user,
            session=session,
            status=request.POST.get("status", ""),
            request=request,
        )
    except ValidationError:
        messages.error(request, _("Choose a session status."))
    else:
        messages.success(request, _("Session status saved."))
    return redirect("practice:session_detail", pk=session.pk)


@require_POST
@role_required("clinician")
@denials_recorded
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_session(request.user, pk)
    form = AgendaItemForm(request.POST)
    if answer := submit(
        request,
        form,
        lambda: actions.add_agenda_item(
            acting_user=request.user,
            session=session,
            text=form.cleaned_data["text"],
            request=request,
        ),
        done=_("Added to the agenda."),
        then=reverse("practice:session_detail", args=[session.pk]),
    ):
        return answer
    return _render_session(request, session, agenda_form=form)


@require_POST
@role_required("clinician")
@denials_recorded
def agenda_item_address(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    session = access.get_session(request.user, pk)
    try:
        item = access.agenda_for(request.user, session).get(pk=item_pk)
    except (AgendaItem.DoesNotExist, ValueError):
        raise Http404 from None
    form = AddressAgendaItemForm(request.POST)
    resolution = form.cleaned_data["resolution"] if form.is_valid() else ""
    actions.address_agenda_item(
        acting_user=request.user, item=item, resolution=resolution, request=request
    )
    messages.success(request, _("Marked as addressed."))
    return redirect("practice:session_detail", pk=session.pk)
