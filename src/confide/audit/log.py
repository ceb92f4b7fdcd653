"""`record()`: the one way any part of confide writes to the audit trail.

Call it inside the transaction that makes the change, so the change and its event commit or
roll back together. Appends are serialized so concurrent writers never fork the chain:
SQLite transactions begin IMMEDIATE (the write lock is held from BEGIN, see settings);
PostgreSQL takes a transaction-scoped advisory lock before reading the chain head.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from confide import clientaddress
from confide.audit.fastverify import _C_ENCODE, _CANONICAL, _json
from confide.audit.models import GENESIS_HASH, AuditEvent, AuditLabel

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
    built: list[_Built] = []
    _append([entry], batch=1, keep=built)
    return built[0].event()


def record_many(entries: Iterable[Entry], *, batch: int = 20_000) -> int:
    """Append events in order, in one transaction: what `record()` does, for many at once.
    Returns how many were written.

    Each event is built and hashed by the very code `record()` uses (`_build`), but no model
    instance is made: rows go to the database as tuples, `batch` at a time (COPY on
    PostgreSQL, one prepared INSERT run for many rows on SQLite). Bulk loads (the benchmark's
    history of millions of events) use this path, so what they measure is what the practice's
    trail will hold."""
    return _append(entries, batch=batch)


@dataclass(slots=True)
class _Built:
    """One event as `_build` made it: the row for the table, and what record() returns."""

    row: tuple[Any, ...]
    hash: str
    at: datetime
    user: Any
    label: AuditLabel
    detail: dict[str, Any]

    def event(self) -> AuditEvent:
        seq, _at, _uid, _lid, action, ttype, tid, client, case, summary, _d, ip = self.row[:12]
        event = AuditEvent(
            seq=seq,
            at=self.at,
            actor=self.user,
            label=self.label,
            action=action,
            target_type=ttype,
            target_id=tid,
            client_id=client,
            case_id=case,
            summary=summary,
            detail=self.detail,
            ip=ip,
            prev_hash=self.row[12].hex(),
            hash=self.hash,
        )
        event._state.adding, event._state.db = False, connection.alias
        return event


def _append(entries: Iterable[Entry], *, batch: int, keep: list[_Built] | None = None) -> int:
    written = 0
    with transaction.atomic(), _page_cache(large=batch > 1):
        _lock_chain()
        seq, prev = _head()
        context = _Context()
        pending: list[tuple[Any, ...]] = []
        for entry in entries:
            seq += 1
            built = _build(entry, seq, prev, context)
            prev = built.hash
            pending.append(built.row)
            if keep is not None:
                keep.append(built)
            if len(pending) >= batch:
                written += _write(pending)
                pending = []
        written += _write(pending)
    return written


@contextmanager
def _page_cache(*, large: bool) -> Iterator[None]:
    """A bulk load on SQLite gets a 256 MB page cache for its transaction: each of the trail's
    indexes takes rows at thousands of places at once (one per client, one per case), and
    with SQLite's 2 MB default every batch rereads and rewrites most of those pages."""
    if not large or connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _head() -> tuple[int, str]:
    """The chain's last event number and hash (0 and the genesis hash for an empty chain)."""
    head = AuditEvent.objects.select_related(None).order_by("-seq").values_list("seq", "hash")
    found = head.first()
    return (int(found[0]), str(found[1])) if found else (0, GENESIS_HASH)


class _Context:
    """What one append's events share: the labels used so far (made on first use), the
    address of each request, and how this database stores a time."""

    def __init__(self) -> None:
        self.labels: dict[str, AuditLabel] = {}
        self.addresses: dict[int, str | None] = {}
        ops = connection.ops
        # SQLite keeps Django's text of the UTC time; it is written here without the ORM's
        # per-value checks. Other databases take the aware datetime as it is.
        utc = connection.vendor == "sqlite" and connection.timezone_name == "UTC"
        utc = utc and bool(settings.USE_TZ)
        self.stored_at: Any = _sqlite_at if utc else ops.adapt_datetimefield_value

    def label(self, text: str) -> AuditLabel:
        found = self.labels.get(text)
        if found is None:
            found = AuditLabel.objects.filter(text=text).first()
            if found is None:
                found = AuditLabel.objects.create(text=text)
            self.labels[text] = found
        return found

    def address(self, request: HttpRequest | None) -> str | None:
        """The caller's address, stored as NULL when empty (so hashed as null)."""
        if request is None:
            return None
        key = id(request)  # the entries hold their requests for the whole append
        if key not in self.addresses:
            self.addresses[key] = client_ip(request) or None
        return self.addresses[key]


def _sqlite_at(moment: datetime) -> str:
    """What Django's SQLite backend stores for an aware time: its naive UTC text."""
    if moment.tzinfo is None:
        return str(moment)
    return str(moment.astimezone(UTC).replace(tzinfo=None))


def _build(entry: Entry, seq: int, prev_hash: str, context: _Context) -> _Built:
    """The event's row and hash: sha256(prev_hash + canonical JSON), the canonical text laid
    out as AuditEvent.canonical() writes it (tests hold the two equal on generated events)."""
    target, target_type, target_id = entry.target, entry.target_type, entry.target_id
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    actor = entry.actor
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    user_id = None if user is None else user.pk
    text = _label(user, entry.request)
    label = context.label(text)
    at = entry.at or timezone.now()
    target_type, target_id = target_type[:100], str(target_id)[:64]
    case_id = entry.case_id if entry.case_id is not None else _case_of(target)
    summary = entry.summary[:300]
    detail = _plain(entry.detail) if entry.detail else {}
    stored_detail = _encode(detail) if detail else "{}"
    ip = context.address(entry.request)
    canonical = _CANONICAL % (
        _json(entry.action),
        _json(user_id),
        _json(text),
        _json(at.astimezone(UTC).isoformat(timespec="microseconds")),
        "" if case_id is None else f'"case_id":{_json(case_id)},',
        _json(entry.client_id),
        stored_detail,
        _json(ip),
        _json(seq),
        _json(summary),
        _json(target_id),
        _json(target_type),
    )
    digest = sha256((prev_hash + canonical).encode("utf-8")).digest()
    row = (
        seq,
        context.stored_at(at),
        user_id,
        label.pk,
        entry.action,
        target_type,
        target_id,
        entry.client_id,
        case_id,
        summary,
        stored_detail,
        ip,
        bytes.fromhex(prev_hash),
        digest,
    )
    return _Built(row, digest.hex(), at, user, label, detail)


def _encode(detail: dict[str, Any]) -> str:
    """Detail in canonical form (sorted keys, no spaces, ASCII): what is stored and hashed."""
    return "".join(_C_ENCODE(detail, 0))


_INSERTED = (
    "seq", "at", "actor_id", "label_id", "action", "target_type", "target_id",
    "client_id", "case_id", "summary", "detail", "ip", "prev_hash", "hash",
)  # fmt: skip


def _write(rows: list[tuple[Any, ...]]) -> int:
    """Write the rows as they are: COPY on PostgreSQL, one prepared INSERT run for every row
    on SQLite. The ORM's per-field preparation would cost more than building the event."""
    if not rows:
        return 0
    ops = connection.ops
    table = ops.quote_name(AuditEvent._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in _INSERTED)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(_INSERTED))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, rows)
    return len(rows)


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
