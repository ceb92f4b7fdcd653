"""Every write to practice records: one transaction each, with its audit event inside it.

Callers obtain the objects they pass through `practice.access`, so permission to see them is
already checked; these functions check what only a writer can: the acting user's role and
that the data make sense. Invalid data raise `ValidationError` and change nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from confide.accounts.models import Role
from confide.accounts.roles import account, has_role
from confide.accounts.types import Actor
from confide.audit.log import record
from confide.practice import access, schedule
from confide.practice.middleware import forget_time_zone
from confide.practice.models import (
    AgendaItem,
    Case,
    Client,
    ContactPoint,
    Participant,
    Practice,
    RelatedPerson,
    Session,
)
from confide.practice.vocabulary import (
    SHARED_CASE_TYPES,
    AgendaSource,
    CaseStatus,
    CaseType,
    CloseReason,
    Recurrence,
    SecretsPolicy,
    SessionStatus,
)

MAX_SUMMARY = 20_000

CLIENT_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "pronouns",
    "preferred_language",
    "school",
    "employer",
    "date_of_death",
)
CONTACT_FIELDS = (
    "kind",
    "value",
    "label",
    "may_call",
    "may_leave_voicemail",
    "may_text",
    "may_email",
    "may_mail",
    "discreet",
    "preferred",
)
RELATED_FIELDS = (
    "name",
    "relationship",
    "contact",
    "employer",
    "is_personal_representative",
    "representative_basis",
    "preferred_language",
)
# How many participants each case type takes: (at least, at most or None for no limit).
PARTICIPANT_LIMITS: dict[str, tuple[int, int | None]] = {
    CaseType.INDIVIDUAL: (1, 1),
    CaseType.COUPLE: (2, 2),
    CaseType.FAMILY: (2, None),
    CaseType.GROUP: (2, None),
}


def _require_roster_writer(user: Actor) -> None:
    """Clinicians and administrators keep the records; nobody else writes them."""
    if not access.sees_roster(user):
        raise PermissionDenied


def _pick(data: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    return {name: data[name] for name in fields if name in data}


def _save_valid(obj: Any, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude)
    obj.save()


def ensure_practice(
    *,
    acting_user: Actor,
    name: str,
    jurisdiction: str,
    licence_types: list[str],
    time_zone: str = "",
) -> Practice:
    """Create this installation's practice, or return it if it already exists."""
    with transaction.atomic():
        existing = Practice.current()
        if existing is not None:
            return existing
        practice = Practice(
            name=name, jurisdiction=jurisdiction, licence_types=licence_types, time_zone=time_zone
        )
        _save_valid(practice)
        forget_time_zone()
        record(actor=acting_user, action="create", target=practice, summary="Practice created")
        return practice


def set_substance_use_records(*, acting_user: Actor, holds: bool, request: Any = None) -> Practice:
    """Say whether the practice keeps 42 CFR Part 2 records: the privacy officer's setting,
    read by the Notice of Privacy Practices."""
    if not has_role(acting_user, Role.PRIVACY_OFFICER):
        raise PermissionDenied
    with transaction.atomic():
        practice = Practice.objects.select_for_update().order_by("pk").first()
        if practice is None:
            raise ValidationError(_("Set up the practice first."))
        if practice.holds_substance_use_records != holds:
            practice.holds_substance_use_records = holds
            practice.save(update_fields=["holds_substance_use_records"])
            record(
                actor=acting_user,
                action="change",
                target=practice,
                summary="Practice setting changed: substance use disorder records",
                detail={"holds_substance_use_records": holds},
                request=request,
            )
        return practice


def set_time_zone(*, acting_user: Actor, time_zone: str, request: Any = None) -> Practice:
    """Show every time in `time_zone` (an IANA name; "" for the installation default)."""
    if not has_role(acting_user, Role.ADMINISTRATOR):
        raise PermissionDenied
    with transaction.atomic():
        practice = Practice.objects.select_for_update().order_by("pk").first()
        if practice is None:
            raise ValidationError({"time_zone": _("Set up the practice first.")})
        practice.time_zone = time_zone.strip()
        _save_valid(practice)
        record(
            actor=acting_user,
            action="change",
            target=practice,
            summary=f"Practice time zone set to {practice.time_zone or 'the default'}",
            request=request,
        )
    forget_time_zone()
    return practice


def create_client(
    *,
    acting_user: Actor,
    data: Mapping[str, Any],
    contact_points: Iterable[Mapping[str, Any]] = (),
    request: Any = None,
) -> Client:
    """Register a client, with the contact points taken at registration: all or nothing, so
    a refused contact point leaves no half-registered client behind."""
    _require_roster_writer(acting_user)
    with transaction.atomic():
        client = Client(**_pick(data, CLIENT_FIELDS), created_by=account(acting_user))
        _save_valid(client, exclude=["portal_user", "created_by"])
        record(
            actor=acting_user,
            action="create",
            target=client,
            client_id=client.pk,
            summary="Client registered",
            request=request,
        )
        for point in contact_points:
            add_contact_point(acting_user=acting_user, client=client, data=point, request=request)
        return client


def update_client(
    *, acting_user: Actor, client: Client, data: Mapping[str, Any], request: Any = None
) -> Client:
    _require_roster_writer(acting_user)
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client.pk)
        changes = {k: v for k, v in _pick(data, CLIENT_FIELDS).items() if getattr(client, k) != v}
        for name, value in changes.items():
            setattr(client, name, value)
        _save_valid(client, exclude=["portal_user", "created_by"])
        record(
            actor=acting_user,
            action="change",
            target=client,
            client_id=client.pk,
            summary=_change_summary(changes),
            detail={"fields": sorted(changes)},
            request=request,
        )
        return client


def _change_summary(changes: Mapping[str, Any]) -> str:
    """A recorded death changes what confide advises, so the trail names it."""
    if "date_of_death" in changes:
        if changes["date_of_death"] is None:
            return "Client details changed: date of death removed"
        return "Client details changed: recorded as deceased"
    return "Client details changed"


def add_contact_point(
    *, acting_user: Actor, client: Client, data: Mapping[str, Any], request: Any = None
) -> ContactPoint:
    """Add a contact point; a new preferred one takes over from the old of the same kind."""
    _require_roster_writer(acting_user)
    with transaction.atomic():
        point = ContactPoint(client=client, **_pick(data, CONTACT_FIELDS))
        _save_valid(point)
        if point.preferred:
            client.contact_points.filter(kind=point.kind, preferred=True).exclude(
                pk=point.pk
            ).update(preferred=False)
        record(
            actor=acting_user,
            action="create",
            target=point,
            client_id=client.pk,
            summary=f"Contact point added ({point.kind})",
            detail={"permissions": point.permissions, "discreet": point.discreet},
            request=request,
        )
        return point


def add_related_person(
    *,
    acting_user: Actor,
    client: Client,
    data: Mapping[str, Any],
    document: UploadedFile | None = None,
    request: Any = None,
) -> RelatedPerson:
    _require_roster_writer(acting_user)
    person = RelatedPerson(client=client, **_pick(data, RELATED_FIELDS))
    if person.is_personal_representative and not person.representative_basis.strip():
        raise ValidationError(
            {"representative_basis": _("Say why this person is a personal representative.")}
        )
    if not person.is_personal_representative:
        person.representative_basis = ""
        document = None
    with transaction.atomic():
        person.full_clean(exclude=["representative_document"])
        person.save()
        if document is not None:
            # Saved after the row so a failed upload rolls the row back with it.
            person.representative_document.save(document.name or "document", document)
        record(
            actor=acting_user,
            action="create",
            target=person,
            client_id=client.pk,
            summary="Related person added",
            detail={
                "relationship": person.relationship,
                "is_personal_representative": person.is_personal_representative,
            },
            request=request,
        )
        return person


def _participant_entries(
    participants: Iterable[Client | tuple[Client, str]],
) -> list[tuple[Client, str]]:
    entries = [(p, "") if isinstance(p, Client) else (p[0], p[1]) for p in participants]
    seen: set[int] = set()
    for client, _role in entries:
        if client.pk in seen:
            raise ValidationError({"participants": _("Each client can take part only once.")})
        seen.add(client.pk)
    return entries


def _check_case_shape(case_type: str, secrets_policy: str | None, count: int) -> str | None:
    if case_type not in CaseType.values:
        raise ValidationError({"case_type": _("Choose a case type.")})
    low, high = PARTICIPANT_LIMITS[case_type]
    if count < low or (high is not None and count > high):
        expected = str(low) if low == high else f"at least {low}"
        label = CaseType(case_type).label.lower()
        raise ValidationError(
            {
                "participants": _("A %(label)s case has %(expected)s participant(s).")
                % {"label": label, "expected": expected}
            }
        )
    if case_type in SHARED_CASE_TYPES:
        if secrets_policy not in SecretsPolicy.values:
            raise ValidationError(
                {"secrets_policy": _("Choose how you will treat what one person tells you alone.")}
            )
        return secrets_policy
    return None


def _check_clinicians(acting_user: Actor, clinicians: Iterable[Any]) -> list[Any]:
    chosen = list(clinicians)
    if access.is_clinician(acting_user) and acting_user not in chosen:
        chosen.insert(0, acting_user)
    if not chosen:
        raise ValidationError({"clinicians": _("Assign at least one clinician.")})
    if any(getattr(c, "role", None) != Role.CLINICIAN or not c.is_active for c in chosen):
        raise ValidationError(
            {"clinicians": _("Only active clinicians can be assigned to a case.")}
        )
    return chosen


def create_case(
    *,
    acting_user: Actor,
    title: str,
    case_type: str,
    secrets_policy: str | None,
    participants: Iterable[Client | tuple[Client, str]],
    clinicians: Iterable[Any] = (),
    opened_on: dt.date | None = None,
    request: Any = None,
) -> Case:
    """Open a case. `participants` are clients, or (client, role_in_case) pairs.

    A clinician who opens a case is assigned to it. A secrets policy is kept only for couple
    and family cases, where it must be chosen.
    """
    _require_roster_writer(acting_user)
    entries = _participant_entries(participants)
    policy = _check_case_shape(case_type, secrets_policy, len(entries))
    chosen = _check_clinicians(acting_user, clinicians)
    visible = set(access.clients_for(acting_user).values_list("pk", flat=True))
    if any(client.pk not in visible for client, _ in entries):
        raise ValidationError({"participants": _("Choose participants from your clients.")})
    with transaction.atomic():
        case = Case(
            title=title.strip(),
            case_type=case_type,
            secrets_policy=policy,
            opened_on=opened_on or timezone.localdate(),
        )
        _save_valid(case)
        case.clinicians.set(chosen)
        for client, role in entries:
            Participant.objects.create(case=case, client=client, role_in_case=role.strip())
        record(
            actor=acting_user,
            action="create",
            target=case,
            summary=f"Case opened ({case_type})",
            detail={
                "case_type": case_type,
                "secrets_policy": policy,
                "client_ids": [client.pk for client, _ in entries],
                "clinician_ids": [c.pk for c in chosen],
            },
            request=request,
        )
        return case


def update_case(
    *,
    acting_user: Actor,
    case: Case,
    title: str,
    clinicians: Iterable[Any],
    secrets_policy: str | None,
    request: Any = None,
) -> Case:
    """Change a case's title, clinicians or secrets policy.

    A new secrets policy changes what every participant agreed to: the change is stamped on
    the case, and notes wait until a new agreement version is issued and signed (see
    `records.agreement_link`). The audit names what changed, never the title."""
    _require_roster_writer(acting_user)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the case a title.")})
    chosen = _check_clinicians(acting_user, clinicians)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        policy = _check_case_shape(case.case_type, secrets_policy, _current(case).count())
        changed = []
        if case.title != title:
            case.title = title
            changed.append("title")
        policy_changed = (case.secrets_policy or None) != policy
        if policy_changed:
            before = case.secrets_policy
            case.secrets_policy = policy
            case.secrets_policy_changed_at = timezone.now()
            changed.append("secrets_policy")
        before_ids = set(case.clinicians.values_list("pk", flat=True))
        after_ids = {c.pk for c in chosen}
        if before_ids != after_ids:
            changed.append("clinicians")
        if not changed:
            return case
        _save_valid(case)
        case.clinicians.set(chosen)
        detail: dict[str, Any] = {"fields": changed}
        if policy_changed:
            detail |= {"secrets_policy": {"from": before, "to": policy}}
            detail["new_agreement_version_required"] = True
        if "clinicians" in changed:
            detail["clinician_ids"] = {"added": sorted(after_ids - before_ids)}
            detail["clinician_ids"]["removed"] = sorted(before_ids - after_ids)
        record(
            actor=acting_user,
            action="change",
            target=case,
            summary="Case details changed",
            detail=detail,
            request=request,
        )
        return case


def _attendees(
    case: Case, attendees: Iterable[Participant] | None, first_day: dt.date
) -> list[Participant]:
    """Who attends from `first_day` on: those chosen, or every current participant who is
    alive then. A client who has died cannot be seen in session, so naming one is refused."""
    if attendees is None:
        current = list(_current(case).select_related("client"))
        alive = [p for p in current if not _died_by(p.client, first_day)]
        if current and not alive:
            raise ValidationError({"case": _("Every participant of this case has died.")})
        return alive
    chosen = list(attendees)
    if any(p.case_id != case.pk for p in chosen):
        raise ValidationError({"attendees": _("Attendees must be participants of this case.")})
    for participant in chosen:
        if _died_by(participant.client, first_day):
            raise ValidationError(
                {
                    "attendees": _("%(name)s has died: remove them.")
                    % {"name": participant.client.display_name}
                }
            )
    return chosen


def _died_by(client: Client, day: dt.date) -> bool:
    return client.date_of_death is not None and client.date_of_death <= day


def _current(case: Case) -> Any:
    """The participants still taking part (not those who left)."""
    return case.participants.filter(left_on__isnull=True)


def close_case(
    *,
    acting_user: Actor,
    case: Case,
    reason: str = CloseReason.OTHER,
    discharge_summary: str = "",
    closed_on: dt.date | None = None,
    request: Any = None,
) -> Case:
    """Close a case with a reason and a discharge summary: it leaves the open list, and
    scheduled sessions still to come are cancelled. The summary is sealed, never audited."""
    _require_roster_writer(acting_user)
    if reason not in CloseReason.values:
        raise ValidationError({"reason": _("Choose why the case is closing.")})
    summary = (discharge_summary or "").strip()
    if len(summary) > MAX_SUMMARY:
        raise ValidationError(
            {"discharge_summary": _("At most %(max)s characters.") % {"max": MAX_SUMMARY}}
        )
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status == CaseStatus.CLOSED:
            raise ValidationError({"status": _("This case is already closed.")})
        case.status = CaseStatus.CLOSED
        case.closed_on = closed_on or timezone.localdate()
        case.closed_reason = reason
        case.discharge_summary = summary
        case.save(update_fields=["status", "closed_on", "closed_reason", "discharge_summary"])
        cancelled = case.sessions.filter(
            status=SessionStatus.SCHEDULED, starts_at__gte=timezone.now()
        ).update(status=SessionStatus.CANCELLED)
        record(
            actor=acting_user,
            action="change",
            target=case,
            summary="Case closed",
            detail={
                "closed_on": case.closed_on,
                "reason": reason,
                "discharge_summary_written": bool(summary),
                "sessions_cancelled": cancelled,
                "client_ids": list(case.participants.values_list("client_id", flat=True)),
            },
            request=request,
        )
        return case


def reopen_case(*, acting_user: Actor, case: Case, request: Any = None) -> Case:
    """Open a closed case again. The last closing's reason and discharge summary stay on the
    case (shown as the previous discharge) until it is closed anew."""
    _require_roster_writer(acting_user)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status != CaseStatus.CLOSED:
            raise ValidationError({"status": _("This case is open.")})
        closed_on = case.closed_on
        case.status = CaseStatus.OPEN
        case.closed_on = None
        case.save(update_fields=["status", "closed_on"])
        record(
            actor=acting_user,
            action="change",
            target=case,
            summary="Case reopened",
            detail={
                "was_closed_on": closed_on,
                "reason": case.closed_reason,
                "client_ids": list(case.participants.values_list("client_id", flat=True)),
            },
            request=request,
        )
        return case


def _future_sessions(case: Case) -> Any:
    return case.sessions.filter(status=SessionStatus.SCHEDULED, starts_at__gte=timezone.now())


def add_participant(
    *, acting_user: Actor, case: Case, client: Client, role_in_case: str = "", request: Any = None
) -> Participant:
    """Add a client to a case (or bring back one who left); they join the sessions still to
    come. The agreement then needs a new version for them (the gate closes until then)."""
    _require_roster_writer(acting_user)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status != CaseStatus.OPEN:
            raise ValidationError({"client": _("Reopen the case before adding a participant.")})
        low_high = PARTICIPANT_LIMITS[case.case_type][1]
        if low_high is not None and _current(case).count() >= low_high:
            raise ValidationError({"client": _("This case already has all its participants.")})
        participant = case.participants.filter(client=client).first()
        if participant is not None and participant.left_on is None:
            raise ValidationError({"client": _("This client already takes part in this case.")})
        if participant is None:
            participant = Participant.objects.create(
                case=case, client=client, role_in_case=role_in_case.strip()
            )
        else:
            participant.left_on = None
            participant.role_in_case = role_in_case.strip() or participant.role_in_case
            participant.save(update_fields=["left_on", "role_in_case"])
        sessions = list(_future_sessions(case))
        for session in sessions:
            session.attendees.add(participant)
        record(
            actor=acting_user,
            action="create",
            target=participant,
            client_id=client.pk,
            summary="Participant added to case",
            detail={
                "case_id": case.pk,
                "role_in_case": participant.role_in_case,
                "joined_sessions": [s.pk for s in sessions],
            },
            request=request,
        )
        return participant


def remove_participant(
    *, acting_user: Actor, participant: Participant, request: Any = None
) -> Participant:
    """A participant leaves the case: kept on record (their words in notes stay theirs),
    taken off the sessions still to come. A case never drops below its smallest size."""
    _require_roster_writer(acting_user)
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        case = participant.case
        if participant.left_on is not None:
            raise ValidationError(_("This participant has already left the case."))
        low = PARTICIPANT_LIMITS[case.case_type][0]
        if _current(case).count() <= low:
            label = CaseType(case.case_type).label.lower()
            raise ValidationError(
                _("A %(label)s case needs at least %(low)s participants; close the case instead.")
                % {"label": label, "low": low}
            )
        participant.left_on = timezone.localdate()
        participant.save(update_fields=["left_on"])
        sessions = list(_future_sessions(case).filter(attendees=participant))
        for session in sessions:
            session.attendees.remove(participant)
        record(
            actor=acting_user,
            action="change",
            target=participant,
            client_id=participant.client_id,
            summary="Participant left the case",
            detail={"case_id": case.pk, "left_sessions": [s.pk for s in sessions]},
            request=request,
        )
        return participant


def schedule_session(
    *,
    acting_user: Actor,
    case: Case,
    starts_at: dt.datetime,
    duration_minutes: int = 50,
    attendees: Iterable[Participant] | None = None,
    request: Any = None,
) -> Session:
    """Schedule a session; attendees default to every participant of the case."""
    _require_roster_writer(acting_user)
    if case.status != CaseStatus.OPEN:
        raise ValidationError({"case": _("Sessions can be scheduled only in an open case.")})
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if not 5 <= duration_minutes <= 600:
        raise ValidationError({"duration_minutes": _("Enter a length between 5 and 600 minutes.")})
    chosen = _attendees(case, attendees, timezone.localdate(starts_at))
    with transaction.atomic():
        session = Session(case=case, starts_at=starts_at, duration_minutes=duration_minutes)
        _save_valid(session)
        session.attendees.set(chosen)
        record(
            actor=acting_user,
            action="create",
            target=session,
            summary="Session scheduled",
            detail={
                "case_id": case.pk,
                "starts_at": starts_at,
                "client_ids": [p.client_id for p in chosen],
            },
            request=request,
        )
        return session


def schedule_series(
    *,
    acting_user: Actor,
    case: Case,
    starts_at: dt.datetime,
    duration_minutes: int = 50,
    attendees: Iterable[Participant] | None = None,
    recurrence: str = Recurrence.ONCE,
    count: int | None = None,
    until: dt.date | None = None,
    book_despite_conflicts: bool = False,
    request: Any = None,
) -> list[Session]:
    """Book one session or a weekly / fortnightly series (N sessions or until a date).

    A clinician or client booked twice is refused with the conflicts in words, unless the
    clinician has seen them and confirms (`book_despite_conflicts`). All or nothing."""
    _require_roster_writer(acting_user)
    if case.status != CaseStatus.OPEN:
        raise ValidationError({"case": _("Sessions can be scheduled only in an open case.")})
    if recurrence not in Recurrence.values:
        raise ValidationError({"recurrence": _("Choose how often.")})
    if recurrence != Recurrence.ONCE and not count and not until:
        raise ValidationError({"count": _("Say how many sessions, or the date of the last one.")})
    if count is not None and not 1 <= count <= schedule.MAX_OCCURRENCES:
        raise ValidationError(
            {"count": _("Between 1 and %(max)s sessions.") % {"max": schedule.MAX_OCCURRENCES}}
        )
    if not 5 <= duration_minutes <= schedule.LONGEST_MINUTES:
        raise ValidationError({"duration_minutes": _("Enter a length between 5 and 600 minutes.")})
    starts = schedule.occurrences(starts_at, recurrence, count, until)
    if not starts:
        raise ValidationError({"until": _("The last date is before the first session.")})
    chosen = _attendees(case, attendees, timezone.localdate(starts[0]))
    if not book_despite_conflicts:
        found = schedule.conflicts(
            starts, duration_minutes, case.clinicians.all(), [p.client for p in chosen]
        )
        if found:
            raise ValidationError([ValidationError(c.text, code="conflict") for c in found])
    series = uuid.uuid4().hex if len(starts) > 1 else ""
    with transaction.atomic():
        sessions = []
        for start in starts:
            session = Session(
                case=case, starts_at=start, duration_minutes=duration_minutes, series=series
            )
            _save_valid(session)
            session.attendees.set(chosen)
            sessions.append(session)
        record(
            actor=acting_user,
            action="create",
            target=sessions[0],
            summary=(
                f"Sessions scheduled ({len(sessions)}, {recurrence})"
                if series
                else "Session scheduled"
            ),
            detail={
                "case_id": case.pk,
                "starts_at": [s.starts_at for s in sessions],
                "session_ids": [s.pk for s in sessions],
                "series": series,
                "booked_despite_conflicts": book_despite_conflicts,
                "client_ids": [p.client_id for p in chosen],
            },
            request=request,
        )
        return sessions


def set_session_status(
    *, acting_user: Actor, session: Session, status: str, request: Any = None
) -> Session:
    _require_roster_writer(acting_user)
    if status not in SessionStatus.values:
        raise ValidationError({"status": _("Choose a session status.")})
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        before = session.status
        session.status = status
        session.save(update_fields=["status"])
        record(
            actor=acting_user,
            action="change",
            target=session,
            summary=f"Session marked {status}",
            detail={"case_id": session.case_id, "from": before, "to": status},
            request=request,
        )
        return session


def add_agenda_item(
    *,
    acting_user: Actor,
    session: Session,
    text: str,
    source: str = AgendaSource.CLINICIAN,
    about: Client | None = None,
    link: str = "",
    request: Any = None,
) -> AgendaItem:
    """Put an item on a session's agenda.

    Other apps call this too (a client's privacy concern from the portal, a suspected
    violation from incidents, a relative's request), so the acting user may be a client or
    None for the system. An item `about` one participant of a joint session is marked for
    the clinician: it is theirs to take up with that person, not the group's business.
    """
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what to take up in the session.")})
    if source not in AgendaSource.values:
        raise ValidationError({"source": _("Unknown agenda source.")})
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    with transaction.atomic():
        joint = session.case.case_type != CaseType.INDIVIDUAL
        item = AgendaItem(
            session=session,
            text=text,
            source=source,
            created_by=account(actor),
            about=about,
            link=link[:200],
            for_clinician=about is not None and joint,
        )
        _save_valid(item, exclude=["created_by"])
        record(
            actor=acting_user,
            action="create",
            target=item,
            summary=f"Agenda item added ({source})",
            detail={
                "session_id": session.pk,
                "case_id": session.case_id,
                "about_client_id": about.pk if about is not None else None,
                "for_clinician": item.for_clinician,
            },
            request=request,
        )
        return item


def address_agenda_item(
    *, acting_user: Actor, item: AgendaItem, resolution: str = "", request: Any = None
) -> AgendaItem:
    """Mark an item as taken up in session, with what came of it."""
    if not access.sees_clinical(acting_user):
        raise PermissionDenied
    with transaction.atomic():
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        item.addressed_at = timezone.now()
        item.resolution = (resolution or "").strip()
        item.save(update_fields=["addressed_at", "resolution"])
        record(
            actor=acting_user,
            action="change",
            target=item,
            summary="Agenda item addressed",
            detail={"session_id": item.session_id},
            request=request,
        )
        return item
