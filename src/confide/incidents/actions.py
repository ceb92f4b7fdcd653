"""Every write of the incidents app: one transaction each, with its audit event inside it.

Callers pass objects they obtained through `incidents.access` (so sight is checked); these
functions check what only a writer can: the acting user's role and that the data make sense.
Invalid data raise `ValidationError` and change nothing. Nothing here deletes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from confide.accounts.roles import account, require_account
from confide.accounts.types import Actor
from confide.audit.log import record
from confide.incidents import access, checklist, situations
from confide.incidents.models import (
    BreachIncident,
    Concern,
    License,
    Resolution,
    SafetyEvent,
    SafetyStep,
    Setting,
    Violation,
    ViolationBy,
)
from confide.licences import clinician_license
from confide.policy.situation import INFORMATION
from confide.practice import access as practice_access
from confide.practice import actions as practice_actions
from confide.practice.models import Case, Client
from confide.practice.vocabulary import AgendaSource

ASSESSMENT_FIELDS = (
    "nature",
    "nature_note",
    "recipient",
    "recipient_note",
    "acquired",
    "acquired_note",
    "mitigation",
    "mitigation_note",
    "unsecured",
    "exception",
)
LETTER_FIELDS = (
    "letter_what_happened",
    "letter_information",
    "letter_steps",
    "letter_our_response",
    "letter_contact",
)
NOTICE_KEYS = ("individuals", "media", "hhs")


def _require_clinician_of(user: Actor, client: Client, case: Case | None) -> None:
    """Only a clinician who writes the incident's case acts on it (never under emergency
    access); one naming no case is client-level (`practice.access.check_filing`)."""
    practice_access.check_filing(user, client, case)


def _check_case(user: Actor, client: Client, case: Case | None) -> None:
    if case is None:
        return
    if not access.cases_for(user).filter(pk=case.pk, participants__client=client).exists():
        raise ValidationError({"case": _("Choose one of this client's cases.")})


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# --- safety events -------------------------------------------------------------------------


def open_safety_event(
    *,
    acting_user: Actor,
    client: Client,
    case: Case | None,
    concern: str,
    imminent: bool,
    description: str,
    clinician_license: str,
    learned_at: dt.datetime | None = None,
    serious: bool = True,
    alleged_perpetrator: str = "unknown",
    victim_age: int | None = None,
    request: Any = None,
) -> SafetyEvent:
    """Record a safety event, ask the engine, and lay out its checklist with deadlines."""
    _check_case(acting_user, client, case)
    _require_clinician_of(acting_user, client, case)
    description = _text(description, "description", _("Describe what you learned."))
    if concern not in Concern.values:
        raise ValidationError({"concern": _("Choose what the concern is.")})
    if clinician_license not in License.values:
        raise ValidationError({"clinician_license": _("Choose your licence.")})
    learned_at = learned_at or timezone.now()
    if learned_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError(
            {"learned_at": _("The time you learned of it cannot be in the future.")}
        )
    facts = situations.concern_facts(
        concern, serious=serious, alleged_perpetrator=alleged_perpetrator, victim_age=victim_age
    )
    event_data = {"kind": "safety_concern", "concern": concern, "imminent": imminent, **facts}
    decision, place = situations.advise(
        client=client, case=case, event=event_data, license_=clinician_license
    )
    plans = checklist.plan(decision, place, concern)
    with transaction.atomic():
        event = SafetyEvent(
            client=client,
            case=case,
            concern=concern,
            imminent=imminent,
            serious=facts.get("serious", True),
            alleged_perpetrator=facts.get("alleged_perpetrator", "unknown"),
            victim_age=facts.get("victim_age"),
            description=description,
            jurisdiction=place.code,
            clinician_license=clinician_license,
            decision=decision.to_dict(),
            learned_at=learned_at,
            reported_by=account(acting_user),
        )
        event.save()
        for position, plan in enumerate(plans, start=1):
            SafetyStep.objects.create(
                event=event,
                position=position,
                action=plan.action,
                kind=plan.kind,
                title=plan.title,
                detail=plan.detail,
                recipient_hint=plan.recipient_hint,
                citation=plan.citation,
                due_at=(
                    learned_at + dt.timedelta(hours=plan.due_hours)
                    if plan.due_hours is not None
                    else None
                ),
            )
        record(
            actor=acting_user,
            action="create",
            target=event,
            client_id=client.pk,
            summary=f"Safety event recorded ({concern})",
            detail={
                "concern": concern,
                "imminent": imminent,
                **facts,
                "outcome": decision.outcome,
                "obligation": decision.obligation,
                "steps": len(plans),
            },
            request=request,
        )
        _tell_urgent_deadline(acting_user, event, request)
        return event


URGENT_WITHIN = dt.timedelta(hours=24)


def responsible_clinicians(client: Client, case: Case | None) -> list[Any]:
    """Who answers for a client's matter: the case's clinicians, or, for a matter naming no
    case, the clinicians of the client's open cases."""
    if case is not None:
        return list(case.clinicians.all())
    from confide.accounts.models import User

    return list(
        User.objects.filter(
            cases__participants__client=client, cases__status="open", is_active=True
        ).distinct()
    )


def _tell_urgent_deadline(acting_user: Actor, event: SafetyEvent, request: Any) -> None:
    """A step due within a day (or an imminent danger) emails the responsible clinicians:
    when, and a link; the concern, the client and what was learned stay in confide."""
    dated = [s.due_at for s in event.steps.all() if s.due_at is not None]
    first = min(dated) if dated else None
    if not event.imminent and (first is None or first - timezone.now() > URGENT_WITHIN):
        return
    from confide.followup.mail import tell_staff

    if first is None or first <= timezone.now():
        when = "now"
    else:
        when = f"by {timezone.localtime(first):%d %b %Y %H:%M}"
    tell_staff(
        responsible_clinicians(event.client, event.case),
        "safety_deadline",
        reverse("incidents:safety_detail", args=[event.pk]),
        acting_user=acting_user,
        target=event,
        request=request,
        when=when,
    )


def _release_for_step(
    acting_user: Actor,
    step: SafetyStep,
    recipient: str,
    recipient_address: str,
    note: str,
    categories: Iterable[str],
    request: Any,
) -> int:
    """Write the warning or report into the client's accounting (it is a release)."""
    from confide.disclosures.actions import record_release

    cats = list(dict.fromkeys(categories))
    if not cats or not set(cats) <= set(INFORMATION):
        raise ValidationError({"categories": _("Choose what kinds of information you shared.")})
    event = step.event
    basis = event.decision.get("basis") or []
    release = record_release(
        acting_user=acting_user,
        client=event.client,
        recipient=recipient,
        recipient_address=recipient_address,
        description=f"{step.title}: {note}",
        purpose="safety",
        categories=cats,
        basis=basis,
        decision=event.decision,
        case=event.case,
        request=request,
    )
    return int(release.pk)


def complete_step(
    *,
    acting_user: Actor,
    step: SafetyStep,
    note: str,
    recipient: str = "",
    recipient_address: str = "",
    categories: Iterable[str] = (),
    request: Any = None,
) -> SafetyStep:
    """Mark a checklist step done. A warning or report becomes a release in the accounting;
    "take it up at the next session" goes on that session's agenda."""
    event = step.event
    _require_clinician_of(acting_user, event.client, event.case)
    if step.is_done:
        raise ValidationError(_("This step is already done."))
    note = _text(note, "note", _("Say what you did (when, how, what you said)."))
    recipient = recipient.strip()
    if step.releases and not recipient:
        raise ValidationError({"recipient": _("Name whom you warned or reported to.")})
    with transaction.atomic():
        step = SafetyStep.objects.select_for_update().get(pk=step.pk)
        if step.is_done:
            raise ValidationError(_("This step is already done."))
        if step.releases:
            step.release_id = _release_for_step(
                acting_user, step, recipient, recipient_address, note, categories, request
            )
            step.recipient, step.recipient_address = recipient, recipient_address.strip()
        if step.kind == "agenda":
            _agenda_for_safety(acting_user, event, request)
        step.note = note
        step.done_at = timezone.now()
        step.done_by = account(acting_user)
        step.save()
        record(
            actor=acting_user,
            action="change",
            target=step,
            client_id=event.client_id,
            summary=f"Safety step done: {step.title}"[:300],
            detail={"event_id": event.pk, "action": step.action, "release_id": step.release_id},
            request=request,
        )
        return step


def _agenda_for_safety(acting_user: Actor, event: SafetyEvent, request: Any) -> None:
    session = access.next_session_about(acting_user, event.client)
    if session is None:
        raise ValidationError(
            _("No session is scheduled with this client. Schedule one, then mark this done.")
        )
    learned = timezone.localtime(event.learned_at)
    practice_actions.add_agenda_item(
        acting_user=acting_user,
        session=session,
        text=f"Follow up the safety concern recorded on {learned:%Y-%m-%d} "
        f"({event.get_concern_display().lower()}).",
        source=AgendaSource.OTHER,
        about=event.client,
        link=reverse("incidents:safety_detail", args=[event.pk]),
        request=request,
    )


def close_safety_event(
    *, acting_user: Actor, event: SafetyEvent, request: Any = None
) -> SafetyEvent:
    """Close an event once every step is done: an open duty must not disappear from view."""
    _require_clinician_of(acting_user, event.client, event.case)
    with transaction.atomic():
        event = SafetyEvent.objects.select_for_update().get(pk=event.pk)
        if event.closed_at is not None:
            raise ValidationError(_("This safety event is already closed."))
        if event.steps.filter(done_at__isnull=True).exists():
            raise ValidationError(_("Finish every step of the checklist before closing the event."))
        event.closed_at = timezone.now()
        event.save(update_fields=["closed_at"])
        record(
            actor=acting_user,
            action="change",
            target=event,
            client_id=event.client_id,
            summary="Safety event closed",
            request=request,
        )
        return event


# --- suspected violations by clients ------------------------------------------------------


VIOLATION_AGENDA_TEXT = (
    "Suspected breach of confidentiality: take it up with the client first, and revisit the "
    "confidentiality agreement (see the incident record)."
)
CONCERN_AGENDA_TEXT = (
    "The client raised a privacy concern through the portal: take it up with them "
    "(see the incident record)."
)


def _violation_event(by: str, setting: str) -> dict[str, Any]:
    if by not in ViolationBy.values:
        raise ValidationError({"by": _("Choose who may have shared it.")})
    if setting not in Setting.values:
        raise ValidationError({"setting": _("Choose where it was said.")})
    return {"kind": "suspected_violation", "by": by, "setting": setting}


def _place_on_agenda(acting_user: Actor, violation: Violation, request: Any) -> None:
    session = access.next_session_about(acting_user, violation.client)
    if session is None:
        return
    source = AgendaSource.PRIVACY_CONCERN if violation.raised_via_portal else AgendaSource.VIOLATION
    text = CONCERN_AGENDA_TEXT if violation.raised_via_portal else VIOLATION_AGENDA_TEXT
    violation.agenda_item = practice_actions.add_agenda_item(
        acting_user=acting_user,
        session=session,
        text=text,
        source=source,
        about=violation.client,
        link=reverse("incidents:violation_detail", args=[violation.pk]),
        request=request,
    )
    violation.save(update_fields=["agenda_item"])


def report_violation(
    *,
    acting_user: Actor,
    client: Client,
    case: Case | None,
    by: str,
    setting: str,
    description: str,
    license_: str | None = None,
    request: Any = None,
) -> Violation:
    """Record a suspected violation and put it on the agenda of the client's next session
    (if none is scheduled, the violation page asks the clinician to schedule one)."""
    _check_case(acting_user, client, case)
    _require_clinician_of(acting_user, client, case)
    description = _text(description, "description", _("Describe what happened."))
    decision, _place = situations.advise(
        client=client,
        case=case,
        event=_violation_event(by, setting),
        license_=license_ or clinician_license(acting_user),
    )
    with transaction.atomic():
        violation = Violation.objects.create(
            client=client,
            case=case,
            by=by,
            setting=setting,
            description=description,
            decision=decision.to_dict(),
            raised_by=account(acting_user),
        )
        _place_on_agenda(acting_user, violation, request)
        _record_violation(acting_user, violation, "Suspected violation recorded", request)
        return violation


def raise_privacy_concern(
    *, acting_user: Actor, by: str, description: str, request: Any = None
) -> Violation:
    """A client's own privacy concern from the portal: it goes to their next session."""
    client = access.portal_client(acting_user)
    description = _text(description, "description", _("Tell us what happened."))
    cases = client.participations.select_related("case")
    case = next((p.case for p in cases if p.case.status == "open"), None)
    setting = case.case_type if case is not None else "individual"
    decision, _place = situations.advise(
        client=client,
        case=case,
        event=_violation_event(by, setting),
        license_=clinician_license(None),
    )
    with transaction.atomic():
        violation = Violation.objects.create(
            client=client,
            case=case,
            by=by,
            setting=setting,
            description=description,
            decision=decision.to_dict(),
            raised_by=account(acting_user),
            raised_via_portal=True,
        )
        _place_on_agenda(acting_user, violation, request)
        _record_violation(acting_user, violation, "Privacy concern raised in the portal", request)
        from confide.followup.mail import tell_staff

        tell_staff(
            responsible_clinicians(client, case),
            "portal_concern",
            reverse("incidents:violation_detail", args=[violation.pk]),
            target=violation,
            request=request,
        )
        if by == ViolationBy.STAFF:
            _breach_from_portal(acting_user, client, description, request)
        return violation


PORTAL_BREACH_TITLE = "Privacy concern about staff raised by a client"


def _breach_from_portal(acting_user: Actor, client: Client, description: str, request: Any) -> None:
    """A client who suspects someone at the practice raises a possible breach: the privacy
    officer must assess it. When it happened is not known, so the window covers the whole
    time the practice has held the client's information."""
    incident = BreachIncident.objects.create(
        title=PORTAL_BREACH_TITLE,
        description=description,
        discovered_on=timezone.localdate(),
        occurred_from=client.created_at,
        occurred_until=timezone.now(),
        reported_by=require_account(acting_user),
        individuals_affected=1,
        most_in_one_state=1,
    )
    incident.affected_clients.set([client])
    record(
        actor=acting_user,
        action="create",
        target=incident,
        client_id=client.pk,
        summary="Possible breach reported by a client",
        detail={"client_ids": [client.pk], "individuals_affected": 1},
        request=request,
    )


def _record_violation(acting_user: Actor, violation: Violation, summary: str, request: Any) -> None:
    record(
        actor=acting_user,
        action="create",
        target=violation,
        client_id=violation.client_id,
        summary=summary,
        detail={
            "by": violation.by,
            "setting": violation.setting,
            "agenda_item_id": violation.agenda_item_id,
            "outcome": violation.decision.get("outcome"),
        },
        request=request,
    )


def place_violation_on_agenda(
    *, acting_user: Actor, violation: Violation, request: Any = None
) -> Violation:
    """After a session has been scheduled: put the waiting violation on its agenda."""
    _require_clinician_of(acting_user, violation.client, violation.case)
    if violation.agenda_item_id is not None:
        raise ValidationError(_("This is already on a session's agenda."))
    with transaction.atomic():
        violation = Violation.objects.select_for_update().get(pk=violation.pk)
        _place_on_agenda(acting_user, violation, request)
        if violation.agenda_item_id is None:
            raise ValidationError(
                _("No session is scheduled with this client yet: schedule one first.")
            )
        _record_violation(acting_user, violation, "Suspected violation put on an agenda", request)
        return violation


def resolve_violation(
    *,
    acting_user: Actor,
    violation: Violation,
    resolution: str,
    note: str = "",
    request: Any = None,
) -> Violation:
    """Record how it was addressed, closing its agenda item with the same resolution."""
    _require_clinician_of(acting_user, violation.client, violation.case)
    if resolution not in Resolution.values:
        raise ValidationError({"resolution": _("Choose how it was addressed.")})
    if resolution == Resolution.OTHER and not note.strip():
        raise ValidationError({"note": _("Say how it was addressed.")})
    with transaction.atomic():
        violation = Violation.objects.select_for_update().get(pk=violation.pk)
        if violation.resolved_at is not None:
            raise ValidationError(_("This has already been resolved."))
        item = violation.agenda_item
        if item is not None and item.addressed_at is None:
            practice_actions.address_agenda_item(
                acting_user=acting_user,
                item=item,
                resolution=str(Resolution(resolution).label),
                request=request,
            )
        violation.resolution = resolution
        violation.resolution_note = note.strip()
        violation.resolved_at = timezone.now()
        violation.resolved_by = account(acting_user)
        violation.save()
        record(
            actor=acting_user,
            action="change",
            target=violation,
            client_id=violation.client_id,
            summary="Suspected violation resolved",
            detail={"resolution": resolution},
            request=request,
        )
        return violation


# --- breach incidents ----------------------------------------------------------------------


def _require_breach_manager(user: Actor) -> None:
    if not access.manages_breaches(user):
        raise PermissionDenied


def report_breach(
    *,
    acting_user: Actor,
    title: str,
    description: str,
    discovered_on: dt.date,
    occurred_from: dt.datetime,
    occurred_until: dt.datetime,
    affected_clients: Iterable[Client] = (),
    individuals_affected: int = 0,
    most_in_one_state: int = 0,
    request: Any = None,
) -> BreachIncident:
    """Open a breach incident: a clinician reports, the privacy officer assesses."""
    if not access.reports_breaches(acting_user):
        raise PermissionDenied
    chosen = list(affected_clients)
    allowed = set(access.breach_clients(acting_user).values_list("pk", flat=True))
    errors: dict[str, str] = {}
    if any(c.pk not in allowed for c in chosen):
        errors["affected_clients"] = _("Choose affected clients from those you can see.")
    if not title.strip():
        errors["title"] = _("Give the incident a short label.")
    if not description.strip():
        errors["description"] = _("Describe what happened.")
    if discovered_on > timezone.localdate():
        errors["discovered_on"] = _("The discovery date cannot be in the future.")
    if occurred_until < occurred_from:
        errors["occurred_until"] = _("The end of the window must come after its start.")
    individuals = max(individuals_affected, len(chosen))
    if most_in_one_state > individuals:
        errors["most_in_one_state"] = _("This cannot exceed the number of people affected.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        incident = BreachIncident.objects.create(
            title=title.strip(),
            description=description.strip(),
            discovered_on=discovered_on,
            occurred_from=occurred_from,
            occurred_until=occurred_until,
            reported_by=require_account(acting_user),
            individuals_affected=individuals,
            most_in_one_state=most_in_one_state or individuals,
        )
        incident.affected_clients.set(chosen)
        record(
            actor=acting_user,
            action="create",
            target=incident,
            summary="Possible breach reported",
            detail={
                "client_ids": [c.pk for c in chosen],
                "individuals_affected": individuals,
                "discovered_on": discovered_on,
            },
            request=request,
        )
        return incident


def assess_breach(
    *, acting_user: Actor, incident: BreachIncident, data: Mapping[str, Any], request: Any = None
) -> BreachIncident:
    """Record the four-factor risk assessment; the outcome follows from it (breach.outcome_of)."""
    _require_breach_manager(acting_user)
    with transaction.atomic():
        incident = BreachIncident.objects.select_for_update().get(pk=incident.pk)
        for name in ASSESSMENT_FIELDS:
            if name in data:
                setattr(incident, name, data[name])
        incident.full_clean(exclude=["affected_clients"])
        if not incident.assessment.complete and not incident.exception and incident.unsecured:
            raise ValidationError(_("Answer all four factors (or name an exception)."))
        incident.assessed_at = timezone.now()
        incident.assessed_by = account(acting_user)
        incident.save()
        record(
            actor=acting_user,
            action="decision",
            target=incident,
            summary=f"Breach risk assessed: {incident.outcome}",
            detail={
                "outcome": incident.outcome,
                "factors": [
                    incident.nature,
                    incident.recipient,
                    incident.acquired,
                    incident.mitigation,
                ],
                "unsecured": incident.unsecured,
                "exception": incident.exception,
            },
            request=request,
        )
        return incident


def save_letter(
    *, acting_user: Actor, incident: BreachIncident, data: Mapping[str, str], request: Any = None
) -> BreachIncident:
    """Save the content of the notice to individuals; every element of 164.404(c) is required."""
    _require_breach_manager(acting_user)
    missing = {
        name: _("This is required content of the notice.")
        for name in LETTER_FIELDS
        if not str(data.get(name, "")).strip()
    }
    if missing:
        raise ValidationError(missing)
    with transaction.atomic():
        incident = BreachIncident.objects.select_for_update().get(pk=incident.pk)
        for name in LETTER_FIELDS:
            setattr(incident, name, str(data[name]).strip())
        incident.save()
        record(
            actor=acting_user,
            action="change",
            target=incident,
            summary="Breach notification letter drafted",
            request=request,
        )
        return incident


def mark_notified(
    *, acting_user: Actor, incident: BreachIncident, key: str, on: dt.date, request: Any = None
) -> BreachIncident:
    """Record that a notice went out (individuals, media or HHS) on a given day."""
    _require_breach_manager(acting_user)
    if key not in NOTICE_KEYS:
        raise ValidationError({"key": _("Unknown notice.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if on < incident.discovered_on:
        raise ValidationError({"on": _("A notice cannot go out before the breach was discovered.")})
    with transaction.atomic():
        incident = BreachIncident.objects.select_for_update().get(pk=incident.pk)
        setattr(incident, f"{key}_notified_on", on)
        incident.save(update_fields=[f"{key}_notified_on"])
        record(
            actor=acting_user,
            action="change",
            target=incident,
            summary=f"Breach notice sent: {key}",
            detail={"key": key, "on": on},
            request=request,
        )
        return incident


def close_breach(
    *, acting_user: Actor, incident: BreachIncident, request: Any = None
) -> BreachIncident:
    """Close an assessed incident whose notices have all gone out."""
    _require_breach_manager(acting_user)
    with transaction.atomic():
        incident = BreachIncident.objects.select_for_update().get(pk=incident.pk)
        if incident.closed_at is not None:
            raise ValidationError(_("This incident is already closed."))
        if incident.assessed_at is None:
            raise ValidationError(_("Assess the risk before closing the incident."))
        if incident.pending_deadlines():
            raise ValidationError(_("Some notices have not gone out yet."))
        incident.closed_at = timezone.now()
        incident.save(update_fields=["closed_at"])
        record(
            actor=acting_user,
            action="change",
            target=incident,
            summary="Breach incident closed",
            request=request,
        )
        return incident
