"""`record()`: the one way any part of confide writes to the audit trail.

Call it inside the transaction that makes the change, so the change and its event commit or
roll back together. Appends are serialized so concurrent writers never fork the chain:
SQLite transactions begin IMMEDIATE (the write lock is held from BEGIN, see settings);
PostgreSQL takes a transaction-scoped advisory lock before reading the chain head.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from confide import clientaddress
from confide.audit.models import GENESIS_HASH, AuditEvent

# Arbitrary constant naming "the audit chain" among PostgreSQL advisory locks.
CHAIN_LOCK_ID = 0x0C0F1DE


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    client_id: int | None = None,
    summary: str = "",
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event to the chain and return it.

    `actor` is a User, or None (or an anonymous user) for the system and strangers. `target`
    is a model instance, from which target_type ("app_label.model") and target_id come.
    `summary` is short and never holds clinical content; `detail` is JSON for the rest.
    """
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        _lock_chain()
        head = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
        event = AuditEvent(
            seq=(head.seq + 1) if head else 1,
            at=timezone.now(),
            actor=user,
            actor_label=_label(user, request),
            action=action,
            target_type=target_type[:100],
            target_id=str(target_id)[:64],
            client_id=client_id,
            summary=summary[:300],
            detail=_plain(detail or {}),
            ip=client_ip(request),
            prev_hash=head.hash if head else GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
    return event


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
        summary=summary,
        detail=extra or None,
        request=request,
    )
