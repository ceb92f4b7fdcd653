"""Re-encrypt every encrypted column under the newest data key, row by row, resumably.

A rotation can stop at any point (crash, Ctrl-C, power): each batch commits on its own and
each row is swapped only if it still holds the ciphertext we read, so running it again
finishes the job and never loses a concurrent edit.

A rotation is also the one way a new key enters the database's key registry
(`confide.keyregistry`): it registers the ring's newest key and index key, and rebuilds the
blind index under the index key, in one transaction, before it re-encrypts anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from confide.crypto import KeyRing, keyring
from confide.fields import encrypted_fields

BATCH = 200


@dataclass
class RotationReport:
    rewritten: int = 0
    already_current: int = 0
    per_column: dict[str, int] = field(default_factory=dict)
    index_rows: int = 0


def _batches(model: type[Model], column: str, batch: int) -> Iterator[list[tuple[Any, str]]]:
    """Raw (pk, ciphertext) rows in primary-key order, never decrypted on the way."""
    qn = connection.ops.quote_name
    table, pk = qn(model._meta.db_table), qn(str(model._meta.pk.column))
    sql = (
        f"SELECT {pk}, {qn(column)} FROM {table} "  # noqa: S608 - names are quoted model metadata
        f"WHERE {pk} > %s AND {qn(column)} IS NOT NULL ORDER BY {pk} LIMIT %s"
    )
    last: Any = -1 if model._meta.pk.get_internal_type().endswith("AutoField") else ""
    while True:
        with connection.cursor() as cur:
            cur.execute(sql, [last, batch])
            rows = list(cur.fetchall())
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _swap(model: type[Model], column: str, row_pk: Any, old: str, new: str) -> None:
    qn = connection.ops.quote_name
    table, pk = qn(model._meta.db_table), qn(str(model._meta.pk.column))
    sql = (
        f"UPDATE {table} SET {qn(column)} = %s "  # noqa: S608 - names are quoted model metadata
        f"WHERE {pk} = %s AND {qn(column)} = %s"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [new, row_pk, old])


def retire_unused(ring: KeyRing) -> list[str]:
    """Retire registered data keys that seal nothing any more (values and files counted)."""
    from confide import keyregistry
    from confide.storage import usage as file_usage

    in_use = {k for k in (*key_usage(), *file_usage()) if k != "plaintext"}
    keep = in_use | {ring.current.key_id}
    retired = sorted(keyregistry.registered()[keyregistry.DATA] - keep)
    keyregistry.retire_data_keys_except(keep)
    return retired


def key_usage() -> dict[str, int]:
    """How many stored values each key id seals: the rotation's progress, at a glance."""
    counts: dict[str, int] = {}
    for model, fld in encrypted_fields():
        for rows in _batches(model, str(fld.column), 1000):
            for _pk, token in rows:
                kid = KeyRing.key_id_of(token) or "plaintext"
                counts[kid] = counts.get(kid, 0) + 1
    return counts


def reencrypt_all(
    ring: KeyRing | None = None,
    *,
    batch: int = BATCH,
    on_batch: Callable[[str, int], None] | None = None,
) -> RotationReport:
    from confide import keyregistry
    from confide.accounts.identity import rebuild_email_index
    from confide.practice.search import rebuild_index

    ring = ring or keyring()
    report = RotationReport()
    with transaction.atomic():
        keyregistry.register_ring(ring)
        report.index_rows = rebuild_index(ring) + rebuild_email_index(ring)
    keyregistry.forget_verified()
    for model, fld in encrypted_fields():
        label, context, column = fld.context(), fld.context(), str(fld.column)
        for rows in _batches(model, column, batch):
            with transaction.atomic():
                for row_pk, token in rows:
                    if KeyRing.key_id_of(token) == ring.current.key_id:
                        report.already_current += 1
                        continue
                    fresh = ring.encrypt(ring.decrypt(token, context), context)
                    _swap(model, column, row_pk, token, fresh)
                    report.rewritten += 1
                    report.per_column[label] = report.per_column.get(label, 0) + 1
            if on_batch:
                on_batch(label, len(rows))
    return report
