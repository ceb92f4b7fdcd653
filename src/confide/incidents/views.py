"""Incident pages. Reads go through `access`, writes through `actions`; each page that shows
client data writes exactly one audit event (a "view", or the write it reports)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confide.accounts.roles import client_required, role_required
from confide.audit.log import record_view
from confide.formerrors import apply_errors
from confide.incidents import access, actions, explain
from confide.incidents.forms import PrivacyConcernForm
from confide.incidents.models import BreachIncident, SafetyEvent, Violation
from confide.incidents.staff_forms import (
    AssessmentForm,
    BreachReportForm,
    LetterForm,
    NoticeForm,
    ResolveForm,
    SafetyEventForm,
    StepDoneForm,
    ViolationForm,
)
from confide.practice import access as practice_access
from confide.practice.models import Practice

clinician_required = role_required("clinician")
breach_manager_required = role_required("privacy_officer", "administrator")
breach_reporter_required = role_required("clinician", "privacy_officer", "administrator")
incident_staff_required = role_required("clinician", "privacy_officer", "administrator")


def _viewed(
    request: HttpRequest,
    summary: str,
    *,
    target: Any = None,
    client_ids: Iterable[int] = (),
    case_ids: Iterable[int | None] = (),
) -> None:
    """The one audit "view" event of a page showing client data; a read under emergency
    access names the access (the target's case and every case of the records listed)."""
    cases = [getattr(target, "case_id", None), *case_ids]
    detail = practice_access.emergency_detail(request.user, cases)
    record_view(
        request, summary, page="incidents", target=target, client_ids=client_ids, detail=detail
    )


# Overview -----------------------------------------------------------------------------------


@require_GET
@incident_staff_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    events = list(access.safety_events_for(user).filter(closed_at__isnull=True))
    violations = list(access.violations_for(user).filter(resolved_at__isnull=True))
    breaches = list(access.breaches_for(user).filter(closed_at__isnull=True))
    ids = [e.client_id for e in events] + [v.client_id for v in violations]
    if events or violations or breaches:
        cases = [e.case_id for e in events] + [v.case_id for v in violations]
        _viewed(request, "Viewed open incidents", client_ids=ids, case_ids=cases)
    return render(
        request,
        "incidents/index.html",
        {
            "events": events,
            "violations": violations,
            "breaches": breaches,
            "is_clinician": getattr(user, "role", None) == "clinician",
            "manages_breaches": access.manages_breaches(user),
        },
    )


# Safety events ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@clinician_required
def safety_new(request: HttpRequest) -> HttpResponse:
    form = SafetyEventForm(request.POST or None, user=request.user, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = actions.open_safety_event(
                acting_user=request.user,
                client=data["client"],
                case=data["case"],
                concern=data["concern"],
                imminent=data["imminent"],
                description=data["description"],
                clinician_license=data["clinician_license"],
                learned_at=data["learned_at"],
                serious=data["serious"],
                alleged_perpetrator=data["alleged_perpetrator"],
                victim_age=data["victim_age"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("incidents:safety_detail", pk=event.pk)
    _listed(request, form, "Viewed client list to record a safety event")
    return render(request, "incidents/safety_form.html", {"form": form})


def _listed(request: HttpRequest, form: Any, summary: str) -> None:
    """A form listing clients to choose from is a view of those clients (only the viewer's
    own: `access.clients_for`, or every client for those who manage breaches)."""
    field = form.fields.get("client") or form.fields.get("affected_clients")
    ids = list(field.queryset.values_list("pk", flat=True)) if field is not None else []
    record_view(request, summary, page="incidents", client_ids=ids)


def _render_event(
    request: HttpRequest,
    event: SafetyEvent,
    *,
    bound: StepDoneForm | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    steps = list(access.steps_of(request.user, event))
    forms = {
        step.pk: (
            bound if bound is not None and bound.step.pk == step.pk else StepDoneForm(step=step)
        )
        for step in steps
        if not step.is_done
    }
    rows = [(step, forms.get(step.pk)) for step in steps]
    return render(
        request,
        "incidents/safety_detail.html",
        {
            "event": event,
            "decision": event.decision,
            "advice": explain.advice_label(event.decision),
            "rows": rows,
            "open_steps": len(forms),
            "error": error,
        },
        status=status,
    )


@require_GET
@clinician_required
def safety_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_safety_event(request.user, pk)
    _viewed(request, "Viewed safety event", target=event, client_ids=[event.client_id])
    return _render_event(request, event)


@require_POST
@clinician_required
def step_done(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    event = access.get_safety_event(request.user, pk, write=True)
    step = access.get_step(request.user, event, step_pk)
    form = StepDoneForm(request.POST, step=step)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.complete_step(
                acting_user=request.user,
                step=step,
                note=data["note"],
                recipient=data.get("recipient", ""),
                recipient_address=data.get("recipient_address", ""),
                categories=data.get("categories", ()),
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            done = (
                _("%(step)s: Done and entered in the accounting of disclosures.")
                if step.releases
                else _("%(step)s: Done.")
            )
            messages.success(request, done % {"step": step.title})
            return redirect(f"{event_url(event)}#step-{step.pk}")
    _viewed(request, "Viewed safety event", target=event, client_ids=[event.client_id])
    return _render_event(request, event, bound=form, status=422)


def event_url(event: SafetyEvent) -> str:
    return reverse("incidents:safety_detail", args=[event.pk])


@require_POST
@clinician_required
def safety_close(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_safety_event(request.user, pk, write=True)
    try:
        actions.close_safety_event(acting_user=request.user, event=event, request=request)
    except ValidationError as error:
        _viewed(request, "Viewed safety event", target=event, client_ids=[event.client_id])
        return _render_event(request, event, status=422, error=" ".join(error.messages))
    messages.success(request, _("Safety event closed."))
    return redirect("incidents:safety_detail", pk=event.pk)


# Suspected violations -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@clinician_required
def violation_new(request: HttpRequest) -> HttpResponse:
    form = ViolationForm(request.POST or None, user=request.user, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            violation = actions.report_violation(
                acting_user=request.user,
                client=data["client"],
                case=data["case"],
                by=data["by"],
                setting=data["setting"],
                description=data["description"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("incidents:violation_detail", pk=violation.pk)
    _listed(request, form, "Viewed client list to record a suspected violation")
    return render(request, "incidents/violation_form.html", {"form": form})


def _render_violation(
    request: HttpRequest,
    violation: Violation,
    *,
    form: ResolveForm | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    case = violation.case
    cases = list(access.cases_for(request.user).filter(participants__client=violation.client))
    return render(
        request,
        "incidents/violation_detail.html",
        {
            "violation": violation,
            "decision": violation.decision,
            "advice": explain.advice_label(violation.decision),
            "why_not": explain.why_not(violation),
            "why_in_session": explain.WHY_IN_SESSION,
            "item": violation.agenda_item,
            "schedule_case": case if case in cases else (cases[0] if cases else None),
            "form": form or ResolveForm(),
            "error": error,
        },
        status=status,
    )


@require_GET
@clinician_required
def violation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    violation = access.get_violation(request.user, pk)
    _viewed(
        request, "Viewed suspected violation", target=violation, client_ids=[violation.client_id]
    )
    return _render_violation(request, violation)


@require_POST
@clinician_required
def violation_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    violation = access.get_violation(request.user, pk, write=True)
    try:
        actions.place_violation_on_agenda(
            acting_user=request.user, violation=violation, request=request
        )
    except ValidationError as error:
        _viewed(
            request,
            "Viewed suspected violation",
            target=violation,
            client_ids=[violation.client_id],
        )
        return _render_violation(request, violation, status=422, error=" ".join(error.messages))
    messages.success(request, _("Put on the agenda of the next session."))
    return redirect("incidents:violation_detail", pk=violation.pk)


@require_POST
@clinician_required
def violation_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    violation = access.get_violation(request.user, pk, write=True)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            actions.resolve_violation(
                acting_user=request.user,
                violation=violation,
                resolution=form.cleaned_data["resolution"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Recorded how it was addressed."))
            return redirect("incidents:violation_detail", pk=violation.pk)
    _viewed(
        request, "Viewed suspected violation", target=violation, client_ids=[violation.client_id]
    )
    return _render_violation(request, violation, form=form, status=422)


# Portal: a client raises a privacy concern --------------------------------------------------


@require_http_methods(["GET", "POST"])
@client_required
def portal_concern(request: HttpRequest) -> HttpResponse:
    access.portal_client(request.user)
    form = PrivacyConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.raise_privacy_concern(
                acting_user=request.user,
                by=form.cleaned_data["by"],
                description=form.cleaned_data["description"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("incidents:portal_concern_sent")
    return render(request, "incidents/portal_concern.html", {"form": form})


@require_GET
@client_required
def portal_concern_sent(request: HttpRequest) -> HttpResponse:
    access.portal_client(request.user)
    return render(request, "incidents/portal_concern_sent.html")


# Breach incidents ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@breach_reporter_required
def breach_new(request: HttpRequest) -> HttpResponse:
    form = BreachReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident = actions.report_breach(
                acting_user=request.user,
                title=data["title"],
                description=data["description"],
                discovered_on=data["discovered_on"],
                occurred_from=data["occurred_from"],
                occurred_until=data["occurred_until"],
                affected_clients=data["affected_clients"],
                individuals_affected=data["individuals_affected"] or 0,
                most_in_one_state=data["most_in_one_state"] or 0,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if access.manages_breaches(request.user):
                return redirect("incidents:breach_detail", pk=incident.pk)
            messages.success(
                request, _("Reported. The privacy officer will assess it and may contact you.")
            )
            return redirect("incidents:index")
    _listed(request, form, "Viewed client list to report a possible breach")
    return render(request, "incidents/breach_form.html", {"form": form})


def _render_breach(
    request: HttpRequest,
    incident: BreachIncident,
    *,
    assessment: AssessmentForm | None = None,
    letter: LetterForm | None = None,
    notice: NoticeForm | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    clients = list(access.affected_clients(request.user, incident))
    trail = access.who_saw_what(request.user, incident)
    deadlines = [
        (
            d,
            incident.notified_on(d.key),
            notice
            if notice is not None and notice.key == d.key
            else NoticeForm(key=d.key, title=d.title),
        )
        for d in incident.deadlines()
    ]
    _viewed(request, "Viewed breach incident", target=incident, client_ids=[c.pk for c in clients])
    return render(
        request,
        "incidents/breach_detail.html",
        {
            "incident": incident,
            "clients": clients,
            "trail": trail,
            "deadlines": deadlines,
            "assessment": assessment or AssessmentForm(instance=incident),
            "letter": letter or LetterForm(instance=incident),
            "error": error,
        },
        status=status,
    )


@require_GET
@breach_manager_required
def breach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_breach(request, access.get_breach(request.user, pk))


@require_POST
@breach_manager_required
def breach_assess(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access.get_breach(request.user, pk)
    form = AssessmentForm(request.POST, instance=access.get_breach(request.user, pk))
    if form.is_valid():
        try:
            actions.assess_breach(
                acting_user=request.user, incident=incident, data=form.cleaned_data, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Risk assessment saved."))
            return redirect("incidents:breach_detail", pk=incident.pk)
    return _render_breach(request, incident, assessment=form, status=422)


@require_POST
@breach_manager_required
def breach_letter(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access.get_breach(request.user, pk)
    form = LetterForm(request.POST, instance=access.get_breach(request.user, pk))
    if form.is_valid():
        try:
            actions.save_letter(
                acting_user=request.user, incident=incident, data=form.cleaned_data, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Letter saved."))
            return redirect("incidents:breach_letters", pk=incident.pk)
    return _render_breach(request, incident, letter=form, status=422)


@require_POST
@breach_manager_required
def breach_notice(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    incident = access.get_breach(request.user, pk)
    titles = {d.key: d.title for d in incident.deadlines()}
    form = NoticeForm(request.POST, key=key, title=titles.get(key, ""))
    if form.is_valid():
        try:
            actions.mark_notified(
                acting_user=request.user,
                incident=incident,
                key=key,
                on=form.cleaned_data["on"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Notice recorded."))
            return redirect("incidents:breach_detail", pk=incident.pk)
    return _render_breach(request, incident, notice=form, status=422)


@require_POST
@breach_manager_required
def breach_close(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access.get_breach(request.user, pk)
    try:
        actions.close_breach(acting_user=request.user, incident=incident, request=request)
    except ValidationError as error:
        return _render_breach(request, incident, status=422, error=" ".join(error.messages))
    messages.success(request, _("Incident closed."))
    return redirect("incidents:breach_detail", pk=incident.pk)


@require_GET
@breach_manager_required
def breach_letters(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft letters, one per affected client and one per personal representative of
    one, each in the language on its reader's record, ready to print."""
    incident = access.get_breach(request.user, pk)
    clients = list(access.affected_clients(request.user, incident))
    representatives = list(access.representatives_of_affected(request.user, incident))
    _viewed(
        request,
        "Viewed breach notification letters",
        target=incident,
        client_ids=[c.pk for c in clients],
    )
    letters = [
        BreachLetter(f"c{c.pk}", c.full_name, c.display_name, c.preferred_language, c)
        for c in clients
    ]
    letters += [
        BreachLetter(
            f"r{r.pk}", r.name, r.name, r.preferred_language, r.client, representative=True
        )
        for r in representatives
    ]
    return render(
        request,
        "incidents/breach_letters.html",
        {"incident": incident, "letters": letters, "practice": Practice.current()},
    )


@dataclass(frozen=True)
class BreachLetter:
    """Who one letter goes to, in which language, and about which client."""

    key: str
    full_name: str
    greeting_name: str
    language: str
    client: Any
    representative: bool = False
