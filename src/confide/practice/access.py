"""Every read of practice records goes through here, with the permission check built in, and
the one sight rule of the whole practice (DESIGN §7 invariant 6): `cases_seen`.

The sight rule: a viewer sees a case when they are an assigned clinician of it, or (to read,
never to write) while they hold emergency ("break-glass") access to that case, which expires
(`records.EmergencyAccess`). Nobody else sees a case through this rule: administrators keep
the roster and schedule (below) but never clinical content; supervisors, privacy officers and
clients have their own views. Every record that belongs to a case (notes, segments, requests,
decisions, releases, authorizations, accounting entries, incidents, agenda items, packets)
is reached, read or write, only through `cases_seen` / `in_sight`, so co-treating one case
(a group) shows nothing of the same client's other cases.

A record that names a client but no case (a legacy row, a client-level authorization) is a
client-level record. It fails closed: only the assigned clinicians of the client's
individual case(s) see it, or, while the client is in no case at all, the clinician who
registered them (intake). Emergency access never reaches client-level records.

Roster sight (who appears on client and case pages):
- a clinician sees the cases they are assigned to and the clients in them, plus clients they
  registered who are not yet in any case (intake);
- an administrator sees the roster and the schedule (names, contact points, cases, sessions),
  never clinical content such as agenda items;
- supervisors, privacy officers and clients see nothing here (they have their own views);
- missing and forbidden look the same: `Http404`, and `record_refusal` writes the one
  `access_denied` audit event of a refused request (`RefusalAuditMiddleware` calls it for every
  `Http404` a view raises, so no call site has to remember).

These functions do not write audit events; the view that shows the data does, once per page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeGuard

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from confide.accounts.models import Role
from confide.accounts.types import Viewer
from confide.practice.models import (
    AgendaItem,
    Case,
    Client,
    ContactPoint,
    Participant,
    RelatedPerson,
    Session,
)
from confide.practice.vocabulary import CaseStatus, CaseType, SessionStatus
from confide.records.models import EmergencyAccess

if TYPE_CHECKING:
    from confide.accounts.models import User


def _role(user: Viewer) -> str | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return getattr(user, "role", None)


def is_clinician(user: Viewer) -> TypeGuard[User]:
    return _role(user) == Role.CLINICIAN


def sees_roster(user: Viewer) -> bool:
    """Clinicians and administrators use the client and case pages at all."""
    return _role(user) in {Role.CLINICIAN, Role.ADMINISTRATOR}


def sees_clinical(user: Viewer) -> bool:
    """Clinical content (agenda items, and later notes) is for assigned clinicians only."""
    return is_clinician(user)


def clients_for(user: Viewer) -> QuerySet[Client]:
    """The roster a user sees: every client for an administrator; for a clinician the clients
    of the cases they write (`cases_seen(write=True)`) and their intake clients. These are
    also the only clients a clinician may file a request or incident about."""
    role = _role(user)
    if role == Role.ADMINISTRATOR:
        return Client.objects.all()
    if role == Role.CLINICIAN:
        assigned = Q(participations__case__in=_seen_ids(user, write=True))
        intake = Q(created_by=user, participations__isnull=True)
        ids = Client.objects.filter(assigned | intake).values("pk")
        return Client.objects.filter(pk__in=ids)
    return Client.objects.none()


def get_client(user: Viewer, pk: Any) -> Client:
    try:
        return clients_for(user).get(pk=pk)
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404("No such client") from None


def contact_points_of(user: Viewer, client: Client) -> QuerySet[ContactPoint]:
    return ContactPoint.objects.filter(client=get_client(user, client.pk))


def related_people_of(user: Viewer, client: Client) -> QuerySet[RelatedPerson]:
    return RelatedPerson.objects.filter(client=get_client(user, client.pk))


def cases_for(user: Viewer) -> QuerySet[Case]:
    """The case roster: every case for an administrator (roster and schedule, never clinical
    content); for a clinician the cases they are assigned to (`cases_seen(write=True)`)."""
    role = _role(user)
    if role == Role.ADMINISTRATOR:
        return Case.objects.all()
    if role == Role.CLINICIAN:
        return cases_seen(user, write=True)
    return Case.objects.none()


def get_case(user: Viewer, pk: Any) -> Case:
    try:
        return cases_for(user).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case") from None


def sessions_for(user: Viewer) -> QuerySet[Session]:
    """The sessions of the case roster (`cases_for`). For a clinician the case ids come
    straight from the sight rule (the snapshot's list on the dashboard), not wrapped in a
    query over cases that names them again."""
    role = _role(user)
    if role == Role.ADMINISTRATOR:
        scope = Session.objects.all()
    elif role == Role.CLINICIAN:
        scope = Session.objects.filter(case__in=_seen_ids(user, write=True))
    else:
        scope = Session.objects.none()
    return scope.select_related("case")


def get_session(user: Viewer, pk: Any) -> Session:
    try:
        return sessions_for(user).get(pk=pk)
    except (Session.DoesNotExist, ValueError, TypeError):
        raise Http404("No such session") from None


def participants_of(user: Viewer, case: Case) -> QuerySet[Participant]:
    """The participants of a case the user may see (checked again, so a stale object is safe)."""
    return Participant.objects.filter(case=get_case(user, case.pk)).select_related("client")


def participants_by_case(
    user: Viewer, cases: Iterable[Case], *, with_clients: bool = True
) -> dict[int, list[Participant]]:
    """Every participant (those who left too, in the order they joined) of `cases`, grouped
    by case, in one query; only of cases the user may see (`cases_for`, checked again).

    For pages that list many cases (the dashboard): `prefetch_related("participants")` gives
    the same lists but builds a filtered queryset per case. `with_clients=False` when only
    `client_id` is used: no client is read, so no name is decrypted.
    """
    wanted = [case.pk for case in cases]
    grouped: dict[int, list[Participant]] = {pk: [] for pk in wanted}
    if not wanted:
        return grouped
    found = Participant.objects.filter(case__in=wanted).filter(case__in=cases_for(user))
    if with_clients:
        found = found.select_related("client")
    for participant in found.order_by("pk"):
        grouped[participant.case_id].append(participant)
    return grouped


def cases_of_client(user: Viewer, client: Client) -> QuerySet[Case]:
    """The cases a client takes part in, limited to those the user may see."""
    return cases_for(user).filter(participants__client=client).distinct()


def agenda_for(user: Viewer, session: Session) -> QuerySet[AgendaItem]:
    """A session's agenda; empty for anyone but an assigned clinician."""
    if not sees_clinical(user):
        return AgendaItem.objects.none()
    return AgendaItem.objects.filter(session=get_session(user, session.pk)).select_related(
        "created_by", "about"
    )


def next_session_of(user: Viewer, client: Client) -> Session | None:
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


def next_session_about(user: Viewer, client: Client) -> Session | None:
    """Where an item about one client goes: their next individual session the user may see
    when there is one, else their next joint session (the item is then the clinician's)."""
    upcoming = (
        sessions_for(user)
        .filter(
            case__participants__client=client,
            case__status=CaseStatus.OPEN,
            status=SessionStatus.SCHEDULED,
            starts_at__gte=timezone.now(),
        )
        .order_by("starts_at", "pk")
    )
    return upcoming.filter(case__case_type="individual").first() or upcoming.first()


def sessions_on(user: Viewer, day: Any = None) -> QuerySet[Session]:
    """The user's sessions on one local day (today by default), cancelled ones included."""
    day = day or timezone.localdate()
    return (
        sessions_for(user)
        .filter(starts_at__date=day)
        .prefetch_related("attendees__client")
        .order_by("starts_at", "pk")
    )


def week_sessions(user: Viewer, monday: Any, clinician: Any = None) -> QuerySet[Session]:
    """One clinician's sessions in the week from `monday` (local midnight to midnight),
    cancelled ones included (shown as such). A clinician sees their own week; an
    administrator, who keeps the schedule, any clinician's (never clinical content)."""
    from confide.practice.schedule import week_bounds

    start, end = week_bounds(monday)
    if is_clinician(user):
        clinician = user
    elif _role(user) != Role.ADMINISTRATOR or clinician is None:
        return Session.objects.none()
    return (
        sessions_for(user)
        .filter(starts_at__gte=start, starts_at__lt=end, case__clinicians=clinician)
        .prefetch_related("attendees__client")
        .order_by("starts_at", "pk")
    )


def calendar_clinicians(user: Viewer) -> QuerySet[Any]:
    """Whose week an administrator may open: the active clinicians."""
    from confide.accounts.models import User

    if _role(user) != Role.ADMINISTRATOR:
        return User.objects.none()
    return User.objects.filter(role=Role.CLINICIAN, is_active=True).order_by(
        "last_name", "username"
    )


def clinicians_of(user: Viewer, case: Case) -> list[Any]:
    """The clinicians assigned to a case the viewer may see (from `get_case`)."""
    return list(case.clinicians.all()) if sees_case(user, case) else []


def attendee_client_ids(sessions: Iterable[Session]) -> list[int]:
    """The clients attending sessions already read through `week_sessions` (attendees are
    prefetched there), for the audit of a week's view."""
    return sorted({p.client_id for s in sessions for p in s.attendees.all()})


def upcoming_sessions_for(user: Viewer, limit: int = 20) -> QuerySet[Session]:
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


# The sight rule ---------------------------------------------------------------------------


class _Sight:
    """The sight rule's answers for one viewer, each read once, when first asked
    (see `sight_snapshot`)."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.user_pk = user.pk
        self._ids: dict[str, list[int] | None] = {}

    def ids(self, which: str) -> list[int] | None:
        """`read`, `write` or `kept` (client-level clients) as ids; None when too many."""
        if which not in self._ids:
            rule: QuerySet[Any] = (
                _client_level_rule(self.user)
                if which == "kept"
                else _cases_seen_rule(self.user, write=which == "write")
            )
            ids = list(rule.values_list("pk", flat=True)[: SNAPSHOT_LIMIT + 1])
            self._ids[which] = ids if len(ids) <= SNAPSHOT_LIMIT else None
        return self._ids[which]


_snapshot: ContextVar[_Sight | None] = ContextVar("confide_sight_snapshot", default=None)
# Beyond this many ids a snapshot would make queries with too many parameters: the rule is
# then asked as a subquery each time, as without a snapshot.
SNAPSHOT_LIMIT = 500


@contextmanager
def sight_snapshot(user: Viewer) -> Iterator[None]:
    """Within the block, the sight rule for `user` is read once and reused as lists of ids.

    A read-only page that asks the rule dozens of times (the dashboard: every app's attention
    provider narrows its records by it) otherwise builds and compiles the rule's nested
    subqueries for every one. The snapshot is explicit and short-lived on purpose: each
    answer is read when first asked inside the block, answers only for this same user, and is
    gone when the block ends, so it never outlives the request nor survives a change of
    assignment made after it (a test or a later request asks the database again). Nothing
    inside the block may change assignments or emergency access; pages that write never
    use it.
    """
    sight = _Sight(user) if is_clinician(user) else None
    token = _snapshot.set(sight)  # an outer snapshot (another viewer) never answers here
    try:
        yield
    finally:
        _snapshot.reset(token)


def _snapshot_ids(user: Viewer, which: str) -> list[int] | None:
    """The ids the snapshot taken for this very user in the current block holds, if any."""
    sight = _snapshot.get()
    if sight is None or not is_clinician(user) or user.pk != sight.user_pk:
        return None
    return sight.ids(which)


def cases_seen(user: Viewer, *, write: bool = False) -> QuerySet[Case]:
    """THE sight rule: the cases whose records `user` may read (or, with `write`, change).

    An assigned clinician of the case; for reading only, also a clinician holding emergency
    access to that case right now (it expires). Everyone else: no case. Fails closed.
    Inside `sight_snapshot(user)` the same answer comes from the ids read at its start.
    """
    ids = _snapshot_ids(user, "write" if write else "read")
    if ids is not None:
        return Case.objects.filter(pk__in=ids)
    return _cases_seen_rule(user, write=write)


def _seen_ids(user: Viewer, *, write: bool) -> list[int] | QuerySet[Case, Any]:
    """For a `case__in` filter: the snapshot's ids, or the rule as a subquery."""
    ids = _snapshot_ids(user, "write" if write else "read")
    if ids is not None:
        return ids
    return _cases_seen_rule(user, write=write).values("pk")


def _cases_seen_rule(user: Viewer, *, write: bool) -> QuerySet[Case]:
    """The sight rule itself, asked of the database (`cases_seen` without a snapshot)."""
    if not is_clinician(user):
        return Case.objects.none()
    seen = Q(pk__in=Case.objects.filter(clinicians=user).values("pk"))
    if not write:
        now = timezone.now()
        emergency = EmergencyAccess.objects.filter(
            clinician=user, opened_at__lte=now, expires_at__gt=now
        ).values("case_id")
        seen |= Q(pk__in=emergency)
    return Case.objects.filter(seen)


def emergency_detail(user: Viewer, case_ids: Iterable[int | None]) -> dict[str, Any]:
    """What a "view" audit event adds when `user` reads records of these cases only through
    emergency access: the access ids (one as `emergency_access_id`, as on note pages; several
    as `emergency_access_ids`). Empty when each case is seen as its assigned clinician, so
    every app's reads under break-glass are told apart the same way."""
    wanted = {int(pk) for pk in case_ids if pk is not None}
    if not wanted or not is_clinician(user):
        return {}
    now = timezone.now()
    ids = sorted(
        EmergencyAccess.objects.filter(
            clinician=user, case_id__in=wanted, opened_at__lte=now, expires_at__gt=now
        )
        .exclude(case__clinicians=user)
        .values_list("pk", flat=True)
    )
    if not ids:
        return {}
    return {"emergency_access_id": ids[0]} if len(ids) == 1 else {"emergency_access_ids": ids}


def sees_case(user: Viewer, case: Case | int | None, *, write: bool = False) -> bool:
    if case is None:
        return False
    case_id = case if isinstance(case, int) else case.pk
    return cases_seen(user, write=write).filter(pk=case_id).exists()


def case_in_sight(user: Viewer, pk: Any, *, write: bool = False) -> Case:
    """A case the sight rule lets `user` read (or write); 404 otherwise."""
    try:
        return cases_seen(user, write=write).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case") from None


def client_level_clients(user: Viewer) -> QuerySet[Client]:
    """Clients whose client-level records (naming no case) `user` keeps: those in an
    individual case `user` is assigned to, and their intake clients (registered by them, in
    no case yet). Emergency access and shared (couple, family, group) cases never count."""
    ids = _snapshot_ids(user, "kept")
    if ids is not None:
        return Client.objects.filter(pk__in=ids)
    return _client_level_rule(user)


def _kept_ids(user: Viewer) -> list[int] | QuerySet[Client, Any]:
    """For a `client__in` filter: the snapshot's ids, or the rule as a subquery."""
    ids = _snapshot_ids(user, "kept")
    return ids if ids is not None else _client_level_rule(user).values("pk")


def _client_level_rule(user: Viewer) -> QuerySet[Client]:
    """`client_level_clients` asked of the database. Two indexed subqueries (the user's
    individual cases' participants; the clients they registered who are in no case), not one
    outer join over every client of the practice."""
    if not is_clinician(user):
        return Client.objects.none()
    individual = Participant.objects.filter(
        case__case_type=CaseType.INDIVIDUAL, case__clinicians=user
    ).values("client_id")
    intake = Client.objects.filter(created_by=user, participations__isnull=True).values("pk")
    return Client.objects.filter(Q(pk__in=individual) | Q(pk__in=intake))


def in_sight(
    records: QuerySet[Any],
    user: Viewer,
    *,
    write: bool = False,
    case_field: str = "case",
    client_field: str | None = "client",
) -> QuerySet[Any]:
    """`records` limited to those the sight rule lets `user` reach: the ones naming a case in
    `cases_seen`, and (when `client_field` is given) client-level ones naming no case whose
    client `user` keeps (`client_level_clients`)."""
    scope = Q(**{f"{case_field}__in": _seen_ids(user, write=write)})
    if client_field is not None:
        kept = _kept_ids(user)
        scope |= Q(**{f"{case_field}__isnull": True, f"{client_field}__in": kept})
    return records.filter(scope)


def may_file(user: Viewer, client: Client | None, case: Case | None) -> bool:
    """Whether a record about (client, case) that `user` writes stays in their sight: the case
    is theirs to write and the client takes part in it, or, with no case, they keep the
    client's client-level records. A record its writer could not see again is refused."""
    if client is None:
        return case is None
    if case is not None:
        return (
            sees_case(user, case, write=True)
            and Participant.objects.filter(case=case, client=client).exists()
        )
    return client_level_clients(user).filter(pk=client.pk).exists()


def check_filing(user: Viewer, client: Client, case: Case | None) -> None:
    """For a clinician's write of a case record: `PermissionDenied` unless `may_file`; when
    they see the client through another case but named none, a `ValidationError` asking for
    the case instead, so that nothing they file leaves their sight."""
    if not is_clinician(user):
        raise PermissionDenied
    if may_file(user, client, case):
        return
    if case is None and clients_for(user).filter(pk=client.pk).exists():
        raise ValidationError({"case": _("Choose the case this concerns.")})
    raise PermissionDenied


def sees_representative_documents(user: Viewer, client: Client) -> bool:
    """A personal representative's basis and document are client-level: administrators keep
    them with the roster (as before), clinicians only as keepers of the client's client-level
    records (`client_level_clients`), never through a shared case."""
    if _role(user) == Role.ADMINISTRATOR:
        return True
    return client_level_clients(user).filter(pk=client.pk).exists()


# Refusals ---------------------------------------------------------------------------------

_REFUSAL_RECORDED = "_confide_refusal_recorded"


def record_refusal(request: HttpRequest, summary: str = "") -> None:
    """Write the one `access_denied` audit event of a refused request (missing and forbidden
    alike answer 404, but the privacy officer sees who tried to open what). Once per request:
    a role check and the middleware behind it never record the same refusal twice. Strangers
    are not recorded: they are sent to sign in before any record is looked up, and a public
    page's 404 must not let them fill the audit trail."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False) or getattr(request, _REFUSAL_RECORDED, False):
        return
    from confide.audit.log import record

    setattr(request, _REFUSAL_RECORDED, True)
    record(
        actor=user,
        action="access_denied",
        summary=(summary or f"Not found or not allowed: {request.method} {request.path}")[:300],
        request=request,
    )
