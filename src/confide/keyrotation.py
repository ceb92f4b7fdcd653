"""Re-encrypt every encrypted column under the newest data key, row by row, resumably.

A rotation can stop at any point (crash, Ctrl-C, power): each batch commits on its own and
each row is swapped only if it still holds the ciphertext we read, so running it again
finishes the job and never loses a concurrent edit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction

from confide.crypto import KeyRing, keyring
from confide.fields import encrypted_fields

BATCH = 200


@dataclass
class RotationReport:
    rewritten: int = 0
    already_current: int = 0
    per_column: dict[str, int] = field(default_factory=dict)


def _rows_after(table: str, pk: str, column: str, last: object, batch: int) -> list[tuple]:
    qn = connection.ops.quote_name
    sql = (
        f"SELECT {qn(pk)}, {qn(column)} FROM {qn(table)} "  # noqa: S608 - names are quoted model metadata
        f"WHERE {qn(pk)} > %s AND {qn(column)} IS NOT NULL ORDER BY {qn(pk)} LIMIT %s"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [last, batch])
        return list(cur.fetchall())


def _swap(table: str, pk: str, column: str, row_pk: object, old: str, new: str) -> None:
    qn = connection.ops.quote_name
    sql = (
        f"UPDATE {qn(table)} SET {qn(column)} = %s "  # noqa: S608 - names are quoted model metadata
        f"WHERE {qn(pk)} = %s AND {qn(column)} = %s"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [new, row_pk, old])


def key_usage(ring: KeyRing | None = None) -> dict[str, int]:
    """How many stored values each key id seals: the rotation's progress, at a glance."""
    counts: dict[str, int] = {}
    for model, fld in encrypted_fields():
        last: object = -1 if model._meta.pk.get_internal_type().endswith("AutoField") else ""
        table, pk = model._meta.db_table, model._meta.pk.column
        while rows := _rows_after(table, pk, fld.column, last, 1000):
            for row_pk, token in rows:
                kid = KeyRing.key_id_of(token) or "plaintext"
                counts[kid] = counts.get(kid, 0) + 1
                last = row_pk
    return counts


def reencrypt_all(
    ring: KeyRing | None = None,
    *,
    batch: int = BATCH,
    on_batch: Callable[[str, int], None] | None = None,
) -> RotationReport:
    ring = ring or keyring()
    report = RotationReport()
    for model, fld in encrypted_fields():
        label = f"{model._meta.label_lower}.{fld.name}"
        context = fld.context()
        table, pk = model._meta.db_table, model._meta.pk.column
        last: object = -1 if model._meta.pk.get_internal_type().endswith("AutoField") else ""
        while rows := _rows_after(table, pk, fld.column, last, batch):
            with transaction.atomic():
                for row_pk, token in rows:
                    last = row_pk
                    if KeyRing.key_id_of(token) == ring.current.key_id:
                        report.already_current += 1
                        continue
                    fresh = ring.encrypt(ring.decrypt(token, context), context)
                    _swap(table, pk, fld.column, row_pk, token, fresh)
                    report.rewritten += 1
                    report.per_column[label] = report.per_column.get(label, 0) + 1
            if on_batch:
                on_batch(label, len(rows))
    return report
