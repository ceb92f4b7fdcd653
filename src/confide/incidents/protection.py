"""Database-level refusal to delete incident records (PostgreSQL).

The models already refuse `delete()`; this stops a raw DELETE too. Row-level triggers do not
fire on TRUNCATE, so the test suite's flush (TRUNCATE on PostgreSQL) still works. On SQLite
Django's flush is a plain DELETE, which such a trigger would break, so SQLite relies on the
models alone (and on PROTECT foreign keys, which refuse to delete a client with incidents).
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

TABLES = (
    "incidents_safetyevent",
    "incidents_safetystep",
    "incidents_violation",
    "incidents_breachincident",
    "incidents_breachincident_affected_clients",
)
MESSAGE = "incident records cannot be deleted"


def create_sql() -> list[str]:
    function = f"""CREATE OR REPLACE FUNCTION incidents_refuse_delete() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql"""
    triggers = [
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION incidents_refuse_delete()"""
        for table in TABLES
    ]
    return [function, *triggers]


def drop_sql() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table}" for table in TABLES]


def protect(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in [*drop_sql(), *create_sql()]:
            cursor.execute(sql)


def unprotect(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in drop_sql():
            cursor.execute(sql)
