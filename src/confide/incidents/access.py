"""Every read of incident records, with the permission check built in.

Who sees what:
- safety events and suspected violations are clinical and belong to the case they name: the
  sight rule (`practice.access.in_sight`) gives them to the case's assigned clinicians, and
  to read to a clinician under emergency access to that case; one naming no case is
  client-level, seen only by the clinicians of the client's individual case(s). Acting on
  them (steps, closing, agenda, resolving) needs the case to be the clinician's to write.
  A client sees the privacy concerns they raised;
- breach incidents belong to the privacy officer and the administrator; a clinician may report
  one but not read the register;
- missing and forbidden look the same: `Http404`. Anyone else gets nothing (fail closed).

These functions do not write audit events; the view showing the data does, once per page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeGuard

from django.db.models import Q, QuerySet
from django.http import Http404

from confide.accounts.models import Role
from confide.accounts.types import Viewer
from confide.audit.models import AuditEvent
from confide.incidents.models import BreachIncident, SafetyEvent, SafetyStep, Violation
from confide.practice import access as practice_access
from confide.practice.models import Case, Client, RelatedPerson, Session, upcoming_sessions
from confide.practice.vocabulary import CaseType

if TYPE_CHECKING:
    from confide.accounts.models import User


BREACH_MANAGERS = (Role.PRIVACY_OFFICER, Role.ADMINISTRATOR)


def _role(user: Viewer) -> str | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return getattr(user, "role", None)


def manages_breaches(user: Viewer) -> bool:
    return _role(user) in BREACH_MANAGERS


def reports_breaches(user: Viewer) -> bool:
    return _role(user) in (Role.CLINICIAN, *BREACH_MANAGERS)


def is_portal_client(user: Viewer) -> TypeGuard[User]:
    return _role(user) == Role.CLIENT


def _get(qs: QuerySet[Any], pk: Any) -> Any:
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404("Not found") from None


# Clients and cases a clinician may pick ---------------------------------------------------


def clients_for(user: Viewer) -> QuerySet[Client]:
    """Clients a clinician may record a safety event or violation about: those of the cases
    they write, and their intake clients (never every client)."""
    if not practice_access.is_clinician(user):
        return Client.objects.none()
    return practice_access.clients_for(user)


def cases_for(user: Viewer) -> QuerySet[Case]:
    if not practice_access.is_clinician(user):
        return Case.objects.none()
    return practice_access.cases_for(user)


def next_session(user: Viewer, client: Client, case: Case | None = None) -> Session | None:
    """The client's next scheduled session that `user` can see (any case if `case` is None).

    A client raising a concern through the portal cannot see sessions, so for them the
    client's own next session is used: the concern goes to whoever treats them.
    """
    sessions = upcoming_sessions(client)
    if case is not None:
        sessions = sessions.filter(case=case)
    if not is_portal_client(user):
        sessions = sessions.filter(pk__in=practice_access.sessions_for(user).values("pk"))
    return sessions.first()


def next_session_about(user: Viewer, client: Client) -> Session | None:
    """Where an item about one client goes: their next individual session when there is one
    (what one participant did is not the group's business first), else their next joint
    session, where the item is marked for the clinician."""
    sessions = upcoming_sessions(client)
    if not is_portal_client(user):
        sessions = sessions.filter(pk__in=practice_access.sessions_for(user).values("pk"))
    own = sessions.filter(case__case_type=CaseType.INDIVIDUAL).first()
    return own or sessions.first()


# Safety events -----------------------------------------------------------------------------


def safety_events_for(user: Viewer, *, write: bool = False) -> QuerySet[SafetyEvent]:
    found = practice_access.in_sight(SafetyEvent.objects.all(), user, write=write)
    return found.select_related("client", "case")


def get_safety_event(user: Viewer, pk: Any, *, write: bool = False) -> SafetyEvent:
    event: SafetyEvent = _get(safety_events_for(user, write=write), pk)
    return event


def get_step(user: Viewer, event: SafetyEvent, pk: Any) -> SafetyStep:
    event = get_safety_event(user, event.pk)
    step: SafetyStep = _get(SafetyStep.objects.filter(event=event), pk)
    return step


def steps_of(user: Viewer, event: SafetyEvent) -> QuerySet[SafetyStep]:
    return SafetyStep.objects.filter(event=get_safety_event(user, event.pk))


# Suspected violations ----------------------------------------------------------------------


def violations_for(user: Viewer, *, write: bool = False) -> QuerySet[Violation]:
    qs = Violation.objects.select_related("client", "case", "agenda_item__session")
    if is_portal_client(user):
        return qs.filter(raised_by=user, raised_via_portal=True)
    return practice_access.in_sight(qs, user, write=write)


def get_violation(user: Viewer, pk: Any, *, write: bool = False) -> Violation:
    violation: Violation = _get(violations_for(user, write=write), pk)
    return violation


def portal_client(user: Viewer) -> Client:
    """The client record behind a portal account; 404 for anyone else."""
    if not is_portal_client(user):
        raise Http404("Not found")
    try:
        client: Client = Client.objects.get(portal_user=user)
    except Client.DoesNotExist:
        raise Http404("Not found") from None
    return client


# Breach incidents --------------------------------------------------------------------------


def breaches_for(user: Viewer) -> QuerySet[BreachIncident]:
    if not manages_breaches(user):
        return BreachIncident.objects.none()
    return BreachIncident.objects.all()


def get_breach(user: Viewer, pk: Any) -> BreachIncident:
    incident: BreachIncident = _get(breaches_for(user), pk)
    return incident


def breach_clients(user: Viewer) -> QuerySet[Client]:
    """Clients who may be named as affected: every client for those who manage breaches (they
    must be able to name anyone affected), a clinician's own clients for a clinician."""
    if manages_breaches(user):
        return Client.objects.all()
    return clients_for(user)


def affected_clients(user: Viewer, incident: BreachIncident) -> QuerySet[Client]:
    return get_breach(user, incident.pk).affected_clients.all()


def representatives_of_affected(user: Viewer, incident: BreachIncident) -> QuerySet[RelatedPerson]:
    """The personal representatives of the affected clients (164.502(g): a representative
    is told as the client would be), each with the client it represents."""
    clients = affected_clients(user, incident)
    return RelatedPerson.objects.filter(
        client__in=clients, is_personal_representative=True
    ).select_related("client")


def who_saw_what(user: Viewer, incident: BreachIncident, limit: int = 500) -> list[AuditEvent]:
    """The audit events touching the affected clients in the incident's time window: those
    about one of them (client_id), and page views listing several (detail.client_ids)."""
    incident = get_breach(user, incident.pk)
    ids = set(incident.affected_clients.values_list("pk", flat=True))
    if not ids:
        return []
    window = AuditEvent.objects.filter(
        at__gte=incident.occurred_from, at__lte=incident.occurred_until
    ).filter(Q(client_id__in=ids) | Q(client_id__isnull=True))
    found: list[AuditEvent] = []
    for event in window.select_related("actor").order_by("seq").iterator():
        listed = event.detail.get("client_ids") if isinstance(event.detail, dict) else None
        if event.client_id in ids or (isinstance(listed, list) and ids.intersection(listed)):
            found.append(event)
            if len(found) >= limit:
                break
    return found
