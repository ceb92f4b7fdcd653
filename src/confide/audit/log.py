"""`record()`: the one way any part of confide writes to the audit trail.

Call it inside the transaction that makes the change, so the change and its event commit or
roll back together. Appends are serialized so concurrent writers never fork the chain:
SQLite transactions begin IMMEDIATE (the write lock is held from BEGIN, see settings);
PostgreSQL takes a transaction-scoped advisory lock before reading the chain head.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from confide import clientaddress
from confide.audit.models import GENESIS_HASH, AuditEvent, CanonicalJSONEncoder

# Arbitrary constant naming "the audit chain" among PostgreSQL advisory locks.
CHAIN_LOCK_ID = 0x0C0F1DE


@dataclass(frozen=True)
class Entry:
    """One event to append, as `record()` takes it (see there for what each field means)."""

    actor: Any
    action: str
    target: models.Model | None = None
    target_type: str = ""
    target_id: str = ""
    client_id: int | None = None
    case_id: int | None = None
    summary: str = ""
    detail: dict[str, Any] | None = None
    request: HttpRequest | None = None
    at: datetime | None = None  # now, unless given (only bulk loads of history give it)


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    client_id: int | None = None,
    case_id: int | None = None,
    summary: str = "",
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event to the chain and return it.

    `actor` is a User, or None (or an anonymous user) for the system and strangers. `target`
    is a model instance, from which target_type ("app_label.model") and target_id come, and
    the case when the target is a case or belongs to one. `summary` is short and never holds
    clinical content; `detail` is JSON for the rest.
    """
    entry = Entry(
        actor, action, target, target_type, target_id, client_id, case_id, summary, detail, request
    )
    return record_many([entry])[0]


def record_many(entries: Iterable[Entry], *, batch: int = 2000) -> list[AuditEvent]:
    """Append events in order, in one transaction: what `record()` does, for many at once.

    Each event is built and hashed exactly as `record()` builds one; they are written in
    batches. Bulk loads (the benchmark's history of millions of events) use this path, so what
    they measure is what the practice's trail will hold.
    """
    written: list[AuditEvent] = []
    with transaction.atomic():
        _lock_chain()
        head = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
        seq, prev = (head.seq, head.hash) if head else (0, GENESIS_HASH)
        pending: list[AuditEvent] = []
        for entry in entries:
            seq += 1
            event = _build(entry, seq, prev)
            prev = event.hash
            pending.append(event)
            if len(pending) >= batch:
                written += _write(pending)
                pending = []
        written += _write(pending)
    return written


def _build(entry: Entry, seq: int, prev_hash: str) -> AuditEvent:
    target, target_type, target_id = entry.target, entry.target_type, entry.target_id
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    actor = entry.actor
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        seq=seq,
        at=entry.at or timezone.now(),
        actor=user,
        actor_label=_label(user, entry.request),
        action=entry.action,
        target_type=target_type[:100],
        target_id=str(target_id)[:64],
        client_id=entry.client_id,
        case_id=entry.case_id if entry.case_id is not None else _case_of(target),
        summary=entry.summary[:300],
        detail=_plain(entry.detail or {}),
        ip=client_ip(entry.request),
        prev_hash=prev_hash,
    )
    event.hash = event.compute_hash()
    return event


_INSERTED = (
    "seq", "at", "actor_id", "actor_label", "action", "target_type", "target_id",
    "client_id", "case_id", "summary", "detail", "ip", "prev_hash", "hash",
)  # fmt: skip


def _write(events: list[AuditEvent]) -> list[AuditEvent]:
    """INSERT the events as they are (one statement, many rows). Only the time, the detail
    and the address need the database's own form; the ORM's per-field preparation would cost
    more than building and hashing the event."""
    if not events:
        return events
    ops = connection.ops
    table = ops.quote_name(AuditEvent._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in _INSERTED)
    marks = ", ".join(["%s"] * len(_INSERTED))
    rows = [
        (
            e.seq,
            ops.adapt_datetimefield_value(e.at),
            e.actor_id,
            e.actor_label,
            e.action,
            e.target_type,
            e.target_id,
            e.client_id,
            e.case_id,
            e.summary,
            ops.adapt_json_value(e.detail, CanonicalJSONEncoder),
            ops.adapt_ipaddressfield_value(e.ip),
            e.prev_hash,
            e.hash,
        )
        for e in events
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
    for event in events:
        event._state.adding, event._state.db = False, connection.alias
    return events


def _case_of(target: models.Model | None) -> int | None:
    """The case an event's target is, or belongs to (a note, a session, a request...)."""
    if target is None:
        return None
    if target._meta.label_lower == "practice.case":
        return int(target.pk)
    case_id = getattr(target, "case_id", None)
    return case_id if isinstance(case_id, int) else None


def _lock_chain() -> None:
    """Hold the chain for this transaction. SQLite already holds its write lock (IMMEDIATE)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_ID])


def _label(user: Any, request: HttpRequest | None) -> str:
    """A snapshot of who acted, readable even if the account is later renamed."""
    if user is None:
        return "system" if request is None else "anonymous"
    role = getattr(user, "role", "")
    return f"{user.get_username()} ({role})" if role else user.get_username()


def _plain(detail: dict[str, Any]) -> dict[str, Any]:
    """Detail as it will read back from the database, so the hash we store is the hash we verify."""
    return dict(json.loads(json.dumps(detail, cls=DjangoJSONEncoder)))


def client_ip(request: HttpRequest | None) -> str | None:
    """The caller's address: REMOTE_ADDR, or behind a proxy named in CONFIDE_TRUSTED_PROXIES
    the address that proxy saw (confide.clientaddress)."""
    if request is None:
        return None
    return clientaddress.client_ip(request)


def record_view(
    request: HttpRequest,
    summary: str,
    *,
    page: str,
    target: models.Model | None = None,
    client_id: int | None = None,
    client_ids: Iterable[int] = (),
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """The one audit "view" event of a page showing client data (DESIGN invariant 3).

    A page about one object names it as the target; a list page names its path under
    `<page>.page`. `client_ids` lists every client shown; a single one also fills client_id,
    so the client's own accounting and the privacy officer's filters find the event.
    """
    ids = sorted(set(client_ids))
    extra = dict(detail or {})
    if ids:
        extra["client_ids"] = ids
    return record(
        actor=request.user,
        action="view",
        target=target,
        target_type="" if target is not None else f"{page}.page",
        target_id="" if target is not None else request.path,
        client_id=client_id if client_id is not None else (ids[0] if len(ids) == 1 else None),
        case_id=case_id,
        summary=summary,
        detail=extra or None,
        request=request,
    )
