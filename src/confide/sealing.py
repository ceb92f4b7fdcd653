"""Data-migration helpers: seal plaintext columns in place, and open them again on reverse.

Raw SQL throughout: a historical model's field would try to decrypt the plaintext it reads.
Sealing uses `keyregistry.writing_ring`, so a migration never seals under a key the database
does not know, and the context matches `EncryptedTextField.context()` of the live model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from confide.crypto import PREFIX, keyring

Row = tuple[Any, ...]


def _rows(conn: Any, table: str, columns: Sequence[str]) -> Iterator[Row]:
    qn = conn.ops.quote_name
    names = ", ".join(qn(c) for c in ("id", *columns))
    with conn.cursor() as cur:
        cur.execute(f"SELECT {names} FROM {qn(table)} ORDER BY {qn('id')}")  # noqa: S608
        yield from cur.fetchall()


def _update(conn: Any, table: str, pk: Any, changes: dict[str, Any]) -> None:
    qn = conn.ops.quote_name
    sets = ", ".join(f"{qn(c)} = %s" for c in changes)
    with conn.cursor() as cur:
        cur.execute(
            f"UPDATE {qn(table)} SET {sets} WHERE {qn('id')} = %s",  # noqa: S608 - quoted names
            [*changes.values(), pk],
        )


def seal_columns(
    conn: Any,
    label: str,
    table: str,
    columns: Sequence[str],
    on_row: Callable[[Any, dict[str, str | None]], None] | None = None,
) -> int:
    """Encrypt every plaintext value of `columns` (contexts `<label>.<column>`); returns rows
    changed. `on_row(pk, plaintext_by_column)` sees each row's plaintext (to build an index)."""
    from confide.keyregistry import writing_ring

    ring = writing_ring(conn)
    changed = 0
    for pk, *values in list(_rows(conn, table, columns)):
        plain: dict[str, str | None] = {}
        changes: dict[str, str] = {}
        for column, value in zip(columns, values, strict=True):
            if value is None:
                plain[column] = None
                continue
            text = str(value)
            if text.startswith(PREFIX + ":"):
                plain[column] = ring.decrypt(text, f"{label}.{column}")
                continue
            plain[column] = text
            changes[column] = ring.encrypt(text, f"{label}.{column}")
        if changes:
            _update(conn, table, pk, changes)
            changed += 1
        if on_row:
            on_row(pk, plain)
    return changed


def open_columns(conn: Any, label: str, table: str, columns: Sequence[str]) -> int:
    """The reverse: write every sealed value of `columns` back as plaintext."""
    ring = keyring()
    changed = 0
    for pk, *values in list(_rows(conn, table, columns)):
        changes = {
            column: ring.decrypt(str(value), f"{label}.{column}")
            for column, value in zip(columns, values, strict=True)
            if value is not None and str(value).startswith(PREFIX + ":")
        }
        if changes:
            _update(conn, table, pk, changes)
            changed += 1
    return changed
