"""Selecting and writing out audit events: shared by the trail page, its CSV and the CLI."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from confide.audit.models import AuditEvent
from confide.words import plain

CSV_COLUMNS = [
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "client_id",
    "case_id",
    "summary",
    "detail",
    "ip",
    "prev_hash",
    "hash",
]


class Writable(Protocol):
    def write(self, s: str, /) -> Any: ...


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


PAGE_SIZE = 50
MAX_ACTORS = 20  # a "who" that matches more accounts than this is asked to be narrower
UNSIGNED = ("system", "anonymous")  # the labels of events with no account behind them


def actors(text: str) -> list[Q]:
    """One condition per account whose username contains `text` (and per unsigned label it
    names). Each is an equality on actor_id, which the (actor, seq) index answers newest first;
    a substring search of the labels of millions of events could not use any index."""
    needle = text.strip().lower()
    if not needle:
        return []
    users = get_user_model().objects.filter(username__icontains=needle).order_by("pk")
    found = [Q(actor_id=pk) for pk in users.values_list("pk", flat=True)[:MAX_ACTORS]]
    found += [Q(actor__isnull=True, label__text=label) for label in UNSIGNED if needle in label]
    return found


def events(
    *,
    actor: str = "",
    action: str = "",
    client_id: int | None = None,
    case_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    who: Q | None = None,
) -> QuerySet[AuditEvent]:
    """Events matching the filters, oldest first. `until` includes the whole day. `actor`
    matches usernames (see actors()); `who` is one of actors()'s conditions, given instead."""
    qs = AuditEvent.objects.all()
    if who is not None:
        qs = qs.filter(who)
    elif actor:
        matched = actors(actor)
        qs = qs.filter(_any(matched)) if matched else qs.none()
    if action:
        qs = qs.filter(action=action)
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    if case_id is not None:
        qs = qs.filter(case_id=case_id)
    if since is not None:
        qs = qs.filter(at__gte=_start_of(since))
    if until is not None:
        qs = qs.filter(at__lt=_start_of(until) + timedelta(days=1))
    return qs.order_by("seq")


def _any(conditions: list[Q]) -> Q:
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


@dataclass(frozen=True)
class TrailPage:
    """One screen of the trail, newest first, and whether there is more on either side.
    Pages are cut by event number (keyset), never counted: at ten million events a COUNT(*)
    or an OFFSET reads every row it skips."""

    events: list[AuditEvent]
    newer: int | None  # the `after` of the newer page, when there is one
    older: int | None  # the `before` of the older page, when there is one


def trail_page(
    filters: dict[str, Any],
    *,
    before: int | None = None,
    after: int | None = None,
    size: int = PAGE_SIZE,
) -> TrailPage:
    """`size` events matching `filters`, newest first: the newest, those just older than
    event `before`, or those just newer than event `after`.

    Newest first means by event number, except under a date filter, where it means by time
    (then by number): the time index gives a day's or a year's newest events at once, where
    sorting a year of events by number would read them all. The two orders are the same
    unless the clock was set back."""
    filters = dict(filters)
    actor = filters.pop("actor", "") or ""
    by_time = filters.get("since") is not None or filters.get("until") is not None
    # One query per matched account, merged here: each is a backward walk of one index.
    whos: list[Q | None] = list(actors(actor)) if actor else [None]
    sources = [events(who=who, **filters) for who in whos]
    mark = _event(after if after is not None else before)
    if mark is None or after is None:
        kept = [_beyond(qs, mark, older=True, by_time=by_time) for qs in sources]
        picked = _merged(kept, size, by_time, newest=True)
        more_older, shown = len(picked) > size, picked[:size]
        more_newer = mark is not None and bool(shown)
        more_newer = more_newer and _exists(sources, shown[0], older=False, by_time=by_time)
    else:
        kept = [_beyond(qs, mark, older=False, by_time=by_time) for qs in sources]
        picked = _merged(kept, size, by_time, newest=False)
        more_newer, shown = len(picked) > size, picked[:size][::-1]
        more_older = bool(shown) and _exists(sources, shown[-1], older=True, by_time=by_time)
    return TrailPage(
        shown,
        newer=shown[0].seq if shown and more_newer else None,
        older=shown[-1].seq if shown and more_older else None,
    )


def _event(seq: int | None) -> AuditEvent | None:
    if seq is None:
        return None
    return AuditEvent.objects.select_related(None).filter(seq=seq).only("seq", "at").first()


def _beyond(
    qs: QuerySet[AuditEvent], mark: AuditEvent | None, *, older: bool, by_time: bool
) -> QuerySet[AuditEvent]:
    """The events after `mark` in the page's order (older or newer), nearest first."""
    order: tuple[str, ...] = ("-at", "-seq") if by_time else ("-seq",)
    if not older:
        order = tuple(key.lstrip("-") for key in order)
    if mark is None:
        return qs.order_by(*order)
    if not by_time:
        side = qs.filter(seq__lt=mark.seq) if older else qs.filter(seq__gt=mark.seq)
    elif older:
        side = qs.filter(at__lte=mark.at).exclude(at=mark.at, seq__gte=mark.seq)
    else:
        side = qs.filter(at__gte=mark.at).exclude(at=mark.at, seq__lte=mark.seq)
    return side.order_by(*order)


def _merged(
    sources: list[QuerySet[AuditEvent]], size: int, by_time: bool, *, newest: bool
) -> list[AuditEvent]:
    rows = [event for qs in sources for event in qs[: size + 1]]
    rows.sort(key=(lambda e: (e.at, e.seq)) if by_time else (lambda e: e.seq), reverse=newest)
    return rows[: size + 1]


def _exists(
    sources: list[QuerySet[AuditEvent]], mark: AuditEvent, *, older: bool, by_time: bool
) -> bool:
    return any(_beyond(qs, mark, older=older, by_time=by_time).exists() for qs in sources)


def position(value: str | None) -> int | None:
    """An event number from the page's newer/older links; anything else means the newest."""
    if value is None or not value.isdigit() or len(value) > 18:
        return None
    return int(value)


def _row(event: AuditEvent) -> list[Any]:
    import json

    cells = [
        event.seq,
        event.at.isoformat(),
        event.actor_id or "",
        event.actor_label,
        event.action,
        event.target_type,
        event.target_id,
        "" if event.client_id is None else event.client_id,
        "" if event.case_id is None else event.case_id,
        event.summary,
        json.dumps(event.detail, sort_keys=True),
        event.ip or "",
        event.prev_hash,
        event.hash,
    ]
    return [_defuse(cell) if isinstance(cell, str) else cell for cell in cells]


def _defuse(text: str) -> str:
    """Stop spreadsheet programs from running a cell as a formula (CSV injection). Every text
    column goes through here: a user name or a target id is as much input as a summary."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Line:
    """csv.writer's target that hands back each line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


# Columns read by people, in words as on the trail page (`confide.words.plain`): "access
# refused", not "access_denied". Ids, times, detail and hashes stay as recorded.
WORDED = tuple(CSV_COLUMNS.index(name) for name in ("actor_label", "action", "summary"))


def _in_words(cells: list[Any]) -> list[Any]:
    for i in WORDED:
        cells[i] = _defuse(plain(str(cells[i])))
    return cells


def csv_lines(rows: Iterable[AuditEvent]) -> Iterator[str]:
    """The header and one line per event, produced as they are read: an export of millions of
    events never holds more than one in memory."""
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS)
    for event in rows:
        yield writer.writerow(_in_words(_row(event)))


def write_csv(out: Writable, rows: Iterable[AuditEvent]) -> int:
    count = -1  # the header is not an event
    for line in csv_lines(rows):
        out.write(line)
        count += 1
    return count
