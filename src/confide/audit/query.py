"""Selecting and writing out audit events: shared by the trail page, its CSV and the CLI."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from django.db.models import QuerySet
from django.utils import timezone

from confide.audit.models import AuditEvent

CSV_COLUMNS = [
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "target_type",
    "target_id",
    "client_id",
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


def events(
    *,
    actor: str = "",
    action: str = "",
    client_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """Events matching the filters, oldest first. `until` includes the whole day."""
    qs = AuditEvent.objects.all()
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if action:
        qs = qs.filter(action=action)
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    if since is not None:
        qs = qs.filter(at__gte=_start_of(since))
    if until is not None:
        qs = qs.filter(at__lt=_start_of(until) + timedelta(days=1))
    return qs.order_by("seq")


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


def csv_lines(rows: Iterable[AuditEvent]) -> Iterator[str]:
    """The header and one line per event, produced as they are read: an export of millions of
    events never holds more than one in memory."""
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS)
    for event in rows:
        yield writer.writerow(_row(event))


def write_csv(out: Writable, rows: Iterable[AuditEvent]) -> int:
    count = -1  # the header is not an event
    for line in csv_lines(rows):
        out.write(line)
        count += 1
    return count
