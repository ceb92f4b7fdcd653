"""Database-level protection of the audit table: triggers refusing UPDATE and DELETE.

The hash chain detects tampering after the fact; these triggers stop the application (or a
careless operator) from rewriting history in the first place. Someone with full database
access can drop them, which is exactly what `confide audit verify` is there to catch.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditevent"
MESSAGE = "audit events are append-only"

_SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_no_update",
    "DROP TRIGGER IF EXISTS audit_no_delete",
]

_PG_CREATE = [
    f"""CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    f"""CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
    # Nobody but the owner may change rows even with the triggers gone. The migrating role
    # owns the table (it created it), so revoking from it too would only block the owner's
    # own maintenance; where it is neither owner nor superuser, revoke from it as well.
    f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM PUBLIC",
    f"""DO $$ BEGIN
        IF NOT pg_has_role(current_user, (SELECT tableowner FROM pg_tables
                                          WHERE tablename = '{TABLE}'
                                            AND schemaname = current_schema()), 'MEMBER')
           AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
            EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM ' || quote_ident(current_user);
        END IF;
    END $$""",  # noqa: S608 - constant table name, no input
]
_PG_DROP = [
    f"DROP TRIGGER IF EXISTS audit_no_update_delete ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_no_truncate ON {TABLE}",
]


def create_sql(vendor: str) -> list[str]:
    return {"sqlite": _SQLITE_CREATE, "postgresql": _PG_CREATE}.get(vendor, [])


def drop_sql(vendor: str) -> list[str]:
    return {"sqlite": _SQLITE_DROP, "postgresql": _PG_DROP}.get(vendor, [])


def protect(connection: BaseDatabaseWrapper) -> None:
    """Install the triggers (idempotent on SQLite; PostgreSQL drops any old ones first)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in _PG_DROP:
                cursor.execute(sql)
        for sql in create_sql(connection.vendor):
            cursor.execute(sql)


def unprotect(connection: BaseDatabaseWrapper) -> None:
    """Remove the triggers: for `flush` in tests, and for tests that play the attacker."""
    with connection.cursor() as cursor:
        for sql in drop_sql(connection.vendor):
            cursor.execute(sql)
