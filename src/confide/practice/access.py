"""Every read of practice records goes through here, with the permission check built in.

Who sees what:
- a clinician sees the cases they are assigned to and the clients in them, plus clients they
  registered who are not yet in any case (intake);
- an administrator sees the roster and the schedule (names, contact points, cases, sessions),
  never clinical content such as agenda items;
- supervisors, privacy officers and clients see nothing here (they have their own views);
- missing and forbidden look the same: `Http404`.

These functions do not write audit events; the view that shows the data does, once per page.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from confide.accounts.models import Role
from confide.practice.models import (
    AgendaItem,
    Case,
    Client,
    ContactPoint,
    Participant,
    RelatedPerson,
    Session,
)
from confide.practice.vocabulary import CaseStatus, SessionStatus


def _role(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return getattr(user, "role", None)


def is_clinician(user: Any) -> bool:
    return _role(user) == Role.CLINICIAN


def sees_roster(user: Any) -> bool:
    """Clinicians and administrators use the client and case pages at all."""
    return _role(user) in {Role.CLINICIAN, Role.ADMINISTRATOR}


def sees_clinical(user: Any) -> bool:
    """Clinical content (agenda items, and later notes) is for assigned clinicians only."""
    return is_clinician(user)


def clients_for(user: Any) -> QuerySet[Client]:
    role = _role(user)
    if role == Role.ADMINISTRATOR:
        return Client.objects.all()
    if role == Role.CLINICIAN:
        assigned = Q(participations__case__clinicians=user)
        intake = Q(created_by=user, participations__isnull=True)
        ids = Client.objects.filter(assigned | intake).values("pk")
        return Client.objects.filter(pk__in=ids)
    return Client.objects.none()


def get_client(user: Any, pk: Any) -> Client:
    try:
        return clients_for(user).get(pk=pk)
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404("No such client") from None


def contact_points_of(user: Any, client: Client) -> QuerySet[ContactPoint]:
    return ContactPoint.objects.filter(client=get_client(user, client.pk))


def related_people_of(user: Any, client: Client) -> QuerySet[RelatedPerson]:
    return RelatedPerson.objects.filter(client=get_client(user, client.pk))


def cases_for(user: Any) -> QuerySet[Case]:
    role = _role(user)
    if role == Role.ADMINISTRATOR:
        return Case.objects.all()
    if role == Role.CLINICIAN:
        ids = Case.objects.filter(clinicians=user).values("pk")
        return Case.objects.filter(pk__in=ids)
    return Case.objects.none()


def get_case(user: Any, pk: Any) -> Case:
    try:
        return cases_for(user).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case") from None


def sessions_for(user: Any) -> QuerySet[Session]:
    return Session.objects.filter(case__in=cases_for(user)).select_related("case")


def get_session(user: Any, pk: Any) -> Session:
    try:
        return sessions_for(user).get(pk=pk)
    except (Session.DoesNotExist, ValueError, TypeError):
        raise Http404("No such session") from None


def participants_of(user: Any, case: Case) -> QuerySet[Participant]:
    """The participants of a case the user may see (checked again, so a stale object is safe)."""
    return Participant.objects.filter(case=get_case(user, case.pk)).select_related("client")


def cases_of_client(user: Any, client: Client) -> QuerySet[Case]:
    """The cases a client takes part in, limited to those the user may see."""
    return cases_for(user).filter(participants__client=client).distinct()


def agenda_for(user: Any, session: Session) -> QuerySet[AgendaItem]:
    """A session's agenda; empty for anyone but an assigned clinician."""
    if not sees_clinical(user):
        return AgendaItem.objects.none()
    return AgendaItem.objects.filter(session=get_session(user, session.pk)).select_related(
        "created_by"
    )


def next_session_of(user: Any, client: Client) -> Session | None:
    """The client's next scheduled session among the cases the user may see."""
    return (
        sessions_for(user)
        .filter(
            case__participants__client=client,
            case__status=CaseStatus.OPEN,
            status=SessionStatus.SCHEDULED,
            starts_at__gte=timezone.now(),
        )
        .order_by("starts_at", "pk")
        .first()
    )


def sessions_on(user: Any, day: Any = None) -> QuerySet[Session]:
    """The user's sessions on one local day (today by default), cancelled ones included."""
    day = day or timezone.localdate()
    return (
        sessions_for(user)
        .filter(starts_at__date=day)
        .prefetch_related("attendees__client")
        .order_by("starts_at", "pk")
    )


def upcoming_sessions_for(user: Any, limit: int = 20) -> QuerySet[Session]:
    return (
        sessions_for(user)
        .filter(
            starts_at__gte=timezone.now(),
            status=SessionStatus.SCHEDULED,
            case__status=CaseStatus.OPEN,
        )
        .prefetch_related("attendees__client")
        .order_by("starts_at", "pk")[:limit]
    )
