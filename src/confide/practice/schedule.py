"""The practice's calendar: recurring series, double bookings and a clinician's week.

Times are the practice's (`settings.TIME_ZONE`): a weekly session at 10:00 stays at 10:00
local time across a daylight-saving change, so occurrences are stepped on the local wall
clock and only then made aware.

Conflicts are warnings, not refusals (a clinician may mean to book a couple and one partner
back to back): `practice.actions.schedule_series` refuses a double booking unless the
clinician confirms it, and the words never name another case, only who is booked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from confide.practice.models import Session
from confide.practice.vocabulary import Recurrence, SessionStatus

MAX_OCCURRENCES = 52
STEP_DAYS = {Recurrence.ONCE: 0, Recurrence.WEEKLY: 7, Recurrence.FORTNIGHTLY: 14}
LONGEST_MINUTES = 600  # a session is at most this long (the form's limit)


def occurrences(
    first: dt.datetime, recurrence: str, count: int | None = None, until: dt.date | None = None
) -> list[dt.datetime]:
    """The start of every session of a series, aware, on the practice's wall clock.

    A single session is `[first]`. A series needs a number of sessions or a last date (in
    the practice's time zone, inclusive); it never exceeds MAX_OCCURRENCES."""
    if recurrence not in STEP_DAYS:
        raise ValueError("unknown recurrence")
    local = timezone.localtime(first) if timezone.is_aware(first) else first
    wall = local.replace(tzinfo=None)
    step = STEP_DAYS[Recurrence(recurrence)]
    if step == 0:
        return [timezone.make_aware(wall)]
    if count is None and until is None:
        raise ValueError("a series needs a number of sessions or a last date")
    starts: list[dt.datetime] = []
    n = 0
    while len(starts) < MAX_OCCURRENCES:
        moment = wall + dt.timedelta(days=step * n)
        if count is not None and n >= count:
            break
        if until is not None and moment.date() > until:
            break
        starts.append(timezone.make_aware(moment))
        n += 1
    return starts


@dataclass(frozen=True)
class Conflict:
    """Someone already booked when a new session would start: in words, with the time."""

    starts_at: dt.datetime
    who: str

    @property
    def text(self) -> str:
        when = timezone.localtime(self.starts_at)
        return f"{when:%a %d %b %Y, %H:%M}: {self.who} already has a session then."


def _overlapping(start: dt.datetime, minutes: int) -> Q:
    end = start + dt.timedelta(minutes=minutes)
    return Q(starts_at__lt=end, starts_at__gt=start - dt.timedelta(minutes=LONGEST_MINUTES))


def conflicts(
    starts: Iterable[dt.datetime],
    minutes: int,
    clinicians: Iterable[Any],
    clients: Iterable[Any],
    exclude_ids: Iterable[int] = (),
) -> list[Conflict]:
    """Double bookings of these clinicians or clients at any of these starts (scheduled or
    held sessions; cancelled ones free the time)."""
    clinician_names = {u.pk: u.get_full_name() or u.get_username() for u in clinicians}
    client_names = {c.pk: c.display_name for c in clients}
    found: list[Conflict] = []
    for start in starts:
        end = start + dt.timedelta(minutes=minutes)
        nearby = (
            Session.objects.filter(_overlapping(start, minutes))
            .exclude(status__in=[SessionStatus.CANCELLED, SessionStatus.NO_SHOW])
            .exclude(pk__in=list(exclude_ids))
            .filter(
                Q(case__clinicians__in=list(clinician_names))
                | Q(attendees__client__in=list(client_names))
            )
            .distinct()
            .prefetch_related("case__clinicians", "attendees")
        )
        who: list[str] = []
        for session in nearby:
            if session.ends_at <= start or session.starts_at >= end:
                continue
            for user in session.case.clinicians.all():
                if user.pk in clinician_names:
                    who.append(clinician_names[user.pk])
            for participant in session.attendees.all():
                if participant.client_id in client_names:
                    who.append(client_names[participant.client_id])
        for name in dict.fromkeys(who):
            found.append(Conflict(start, name))
    return found


@dataclass(frozen=True)
class Day:
    date: dt.date
    sessions: list[Session]


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week holding `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def week_bounds(monday: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The week as aware instants in the practice's time zone (local midnight to midnight)."""
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=7), dt.time()))
    return start, end


def by_day(monday: dt.date, sessions: Iterable[Session]) -> list[Day]:
    """Seven days from Monday, each with its sessions in time order (local dates)."""
    days = {monday + dt.timedelta(days=n): [] for n in range(7)}  # type: dict[dt.date, list[Session]]
    for session in sorted(sessions, key=lambda s: s.starts_at):
        local = timezone.localtime(session.starts_at).date()
        if local in days:
            days[local].append(session)
    return [Day(d, s) for d, s in days.items()]
