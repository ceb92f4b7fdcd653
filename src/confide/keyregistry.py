"""Which keys the database holds data under, so that a wrong key ring cannot go unnoticed.

Without this a server started with the wrong CONFIDE_DATA_KEYS ran: reads failed one page at a
time, and worse, new rows were sealed under a key nobody would have once the right ring was
back. The database therefore records the key ids (public fingerprints, never keys) it holds
data under, and the blind-index key id its search index was built with:

- at start (`confide serve`, the WSGI application) `verify_ring()` refuses, naming the key,
  when the ring lacks a registered data key, when the ring's newest key is not registered, or
  when the index key differs from the one the index was built with;
- every write of ciphertext goes through `writing_ring()`, which raises rather than seal under
  an unregistered newest key: a new key enters only through `confide keys rotate|resume`;
- on first start (an empty registry) the ring is adopted, after checking that it reads every
  value already stored.

Plain SQL on one table, so the same code serves data migrations and the running application.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils import timezone

from confide.crypto import KeyRing, KeyRingError, keyring

TABLE = "records_registeredkey"
DATA, INDEX = "data", "index"
# Ring texts already checked against the registry in this process: one query per ring, not
# one per encrypted value. A rotation in this process registers before it writes.
_verified: set[tuple[str, str, str]] = set()


class RingMismatch(KeyRingError):
    """The key ring cannot serve this database; `key_id` names the key at fault."""

    def __init__(self, message: str, key_id: str) -> None:
        super().__init__(message)
        self.key_id = key_id


def _db_alias(conn: Any) -> str:
    return str(getattr(conn, "alias", "default"))


def table_exists(conn: Any = None) -> bool:
    conn = conn or connection
    return TABLE in conn.introspection.table_names()


def registered(conn: Any = None) -> dict[str, set[str]]:
    """Active (not retired) key ids by purpose."""
    conn = conn or connection
    found: dict[str, set[str]] = {DATA: set(), INDEX: set()}
    with conn.cursor() as cur:
        cur.execute(
            f"SELECT key_id, purpose FROM {TABLE} WHERE retired_at IS NULL"  # noqa: S608 - constant
        )
        for key_id, purpose in cur.fetchall():
            found.setdefault(str(purpose), set()).add(str(key_id))
    return found


def _insert(conn: Any, key_id: str, purpose: str) -> None:
    now = timezone.now()
    with conn.cursor() as cur:
        cur.execute(
            f"UPDATE {TABLE} SET retired_at = NULL WHERE key_id = %s AND purpose = %s",  # noqa: S608
            [key_id, purpose],
        )
        if cur.rowcount:
            return
        cur.execute(
            f"INSERT INTO {TABLE} (key_id, purpose, registered_at) VALUES (%s, %s, %s)",  # noqa: S608
            [key_id, purpose, now],
        )


def _retire(conn: Any, purpose: str, keep: set[str]) -> None:
    marks = ", ".join(["%s"] * len(keep))
    with conn.cursor() as cur:
        cur.execute(
            f"UPDATE {TABLE} SET retired_at = %s "  # noqa: S608 - constant table, placeholders
            f"WHERE purpose = %s AND retired_at IS NULL AND key_id NOT IN ({marks})",
            [timezone.now(), purpose, *sorted(keep)],
        )


def register_data_keys(key_ids: set[str], conn: Any = None) -> None:
    conn = conn or connection
    for key_id in sorted(key_ids):
        _insert(conn, key_id, DATA)


def register_ring(ring: KeyRing, conn: Any = None) -> None:
    """Register the ring's newest data key and its index key (the latter replacing the old one).

    Only `confide keys rotate|resume` and first start call this: they are how a key enters."""
    conn = conn or connection
    _insert(conn, ring.current.key_id, DATA)
    _insert(conn, ring.index_key_id, INDEX)
    _retire(conn, INDEX, {ring.index_key_id})


def retire_data_keys_except(keep: set[str], conn: Any = None) -> None:
    """After a finished rotation: older data keys seal nothing any more and may leave the ring."""
    _retire(conn or connection, DATA, keep)


def mismatches(ring: KeyRing, conn: Any = None) -> list[RingMismatch]:
    """Every way the ring fails the registry (empty when it serves the database)."""
    keys = registered(conn)
    problems = [
        RingMismatch(
            f"data key {key_id} holds data in this database but is not in the key ring "
            "(CONFIDE_DATA_KEYS or the data_keys file); put it back",
            key_id,
        )
        for key_id in sorted(keys[DATA] - set(ring.by_id))
    ]
    if keys[DATA] and ring.current.key_id not in keys[DATA]:
        problems.append(
            RingMismatch(
                f"the key ring's newest key {ring.current.key_id} is not registered in this "
                "database; a new key enters only through `confide keys rotate` (or "
                "`confide keys resume` after putting it first in CONFIDE_DATA_KEYS)",
                ring.current.key_id,
            )
        )
    if keys[INDEX] and ring.index_key_id not in keys[INDEX]:
        built = ", ".join(sorted(keys[INDEX]))
        problems.append(
            RingMismatch(
                f"the blind index was built with index key {built}, but the key ring gives "
                f"index key {ring.index_key_id}; restore the ring's index: entry, or rebuild "
                "with `confide keys resume`",
                built,
            )
        )
    return problems


def adopt_on_first_start(ring: KeyRing, conn: Any = None) -> None:
    """An empty registry: register the ring if it reads every value already stored."""
    from confide.keyrotation import key_usage

    conn = conn or connection
    stored = {k for k in key_usage() if k != "plaintext"}
    missing = sorted(stored - set(ring.by_id))
    if missing:
        raise RingMismatch(
            f"data key {missing[0]} holds data in this database but is not in the key ring",
            missing[0],
        )
    register_data_keys(stored, conn)
    register_ring(ring, conn)


def verify_ring(ring: KeyRing | None = None, conn: Any = None) -> None:
    """Raise `RingMismatch` (naming the key) unless the ring serves this database.

    Before the registry's migration has run there is nothing to compare: migrate checks then.
    """
    conn = conn or connection
    ring = ring or keyring()
    if not table_exists(conn):
        return
    if not any(registered(conn).values()):
        adopt_on_first_start(ring, conn)
        return
    problems = mismatches(ring, conn)
    if problems:
        raise problems[0]


def writing_ring(conn: Any = None) -> KeyRing:
    """The ring to seal a new value with, refusing a newest key the database does not know."""
    conn = conn or connection
    ring = keyring()
    mark = (_db_alias(conn), ring.current.key_id, ring.index_key_id)
    if mark in _verified:
        return ring
    if not table_exists(conn):
        return ring  # early migrations, before the registry exists
    keys = registered(conn)
    if not any(keys.values()):
        register_ring(ring, conn)  # first start: the ring's first write registers it
    elif ring.current.key_id not in keys[DATA] or (
        keys[INDEX] and ring.index_key_id not in keys[INDEX]
    ):
        raise mismatches(ring, conn)[-1]
    _verified.add(mark)
    return ring


def forget_verified() -> None:
    """Drop the per-process cache (after a rotation changes the registry, and in tests)."""
    _verified.clear()
