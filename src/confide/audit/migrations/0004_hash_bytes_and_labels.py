"""Layout 3 of the audit table: hashes as 32 bytes, and each actor label stored once.

- `hash` and `prev_hash` become binary (32 bytes instead of 64 hex characters each). The
  hashed text and every tool still use the hex form (`models.HashField` converts).
- `actor_label` (the same "carla (clinician)" in millions of rows) moves to `AuditLabel`, one
  row per label; each event keeps the label's number.

Nothing that is hashed changes: the label's text and the hex of `prev_hash` are what the hash
covers, so every existing hash stays valid and `confide audit verify` passes on the old chain
after the upgrade. A hash column holding something other than 64 hex digits (tampering) is
kept as the text it was, so the walk still reports that event.

SQLite rebuilds the table once (as layout 2 did); PostgreSQL converts the columns in one
ALTER TABLE (one rewrite of the table; no row is UPDATEd, so the append-only triggers stay).
"""

import django.db.models.deletion
from django.db import migrations, models

import confide.audit.models

TABLE = "audit_auditevent"
LABELS = "audit_auditlabel"


def _unhex(text):
    """64 hex digits as their 32 bytes; anything else kept as it is, for the walk to report."""
    if isinstance(text, str) and len(text) == 64:
        try:
            return bytes.fromhex(text)
        except ValueError:
            return text
    return text


def _fill_labels(cursor, quote):
    select = f"SELECT actor_label FROM {quote(TABLE)} GROUP BY actor_label ORDER BY MIN(seq)"  # noqa: S608
    cursor.execute(f"INSERT INTO {quote(LABELS)} (text) {select}")


def _rebuild_sqlite(model, label_model, schema_editor):
    quote = schema_editor.quote_name
    old = TABLE + "__layout2"
    schema_editor.create_model(label_model)
    with schema_editor.connection.cursor() as cursor:
        _fill_labels(cursor, quote)
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s"
            " AND sql IS NOT NULL",
            [TABLE],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP INDEX {quote(name)}")
        cursor.execute(f"ALTER TABLE {quote(TABLE)} RENAME TO {quote(old)}")
    schema_editor.create_model(model)  # its indexes are deferred: built after the copy
    schema_editor.connection.ensure_connection()
    schema_editor.connection.connection.create_function(
        "confide_unhex", 1, _unhex, deterministic=True
    )
    picked = {
        "label_id": "l.id",
        "prev_hash": "confide_unhex(o.prev_hash)",
        "hash": "confide_unhex(o.hash)",
    }
    columns = [f.column for f in model._meta.local_concrete_fields]
    listed = ", ".join(quote(c) for c in columns)
    chosen = ", ".join(picked.get(c, f"o.{quote(c)}") for c in columns)
    with schema_editor.connection.cursor() as cursor:
        joined = f"{quote(old)} o LEFT JOIN {quote(LABELS)} l ON l.text = o.actor_label"
        select = f"SELECT {chosen} FROM {joined} ORDER BY o.seq"  # noqa: S608
        cursor.execute(f"INSERT INTO {quote(TABLE)} ({listed}) {select}")
        cursor.execute(f"DROP TABLE {quote(old)}")


_PG_FUNCTIONS = [
    f"""CREATE FUNCTION confide_label_id(text) RETURNS bigint LANGUAGE sql STABLE
        AS $$ SELECT id FROM {LABELS} WHERE text = $1 $$""",  # noqa: S608 - constant names
    """CREATE FUNCTION confide_unhex(text) RETURNS bytea LANGUAGE plpgsql IMMUTABLE AS $$
        BEGIN
            IF length($1) = 64 THEN RETURN decode($1, 'hex'); END IF;
            RETURN convert_to($1, 'UTF8');
        EXCEPTION WHEN others THEN RETURN convert_to($1, 'UTF8');
        END $$""",
]


def _alter_postgresql(model, label_model, schema_editor):
    quote = schema_editor.quote_name
    schema_editor.create_model(label_model)
    with schema_editor.connection.cursor() as cursor:
        _fill_labels(cursor, quote)
        for sql in _PG_FUNCTIONS:
            cursor.execute(sql)
        cursor.execute(
            f"ALTER TABLE {quote(TABLE)}"
            " ALTER COLUMN prev_hash TYPE bytea USING confide_unhex(prev_hash),"
            " ALTER COLUMN hash TYPE bytea USING confide_unhex(hash),"
            " ALTER COLUMN actor_label DROP NOT NULL,"
            " ALTER COLUMN actor_label TYPE bigint USING confide_label_id(actor_label)"
        )
        cursor.execute(f"ALTER TABLE {quote(TABLE)} RENAME COLUMN actor_label TO label_id")
        cursor.execute("DROP FUNCTION confide_label_id(text)")
        cursor.execute("DROP FUNCTION confide_unhex(text)")
    field = model._meta.get_field("label")
    schema_editor.execute(
        schema_editor._create_fk_sql(model, field, "_fk_%(to_table)s_%(to_column)s")
    )
    schema_editor.execute(f"ANALYZE {quote(TABLE)}")


def forwards(apps, schema_editor):
    from confide.audit.protection import protect

    model = apps.get_model("audit", "AuditEvent")
    label_model = apps.get_model("audit", "AuditLabel")
    if schema_editor.connection.vendor == "sqlite":
        _rebuild_sqlite(model, label_model, schema_editor)
    else:
        _alter_postgresql(model, label_model, schema_editor)
    protect(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_trail_layout")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditLabel",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("text", models.CharField(max_length=200, unique=True)),
                    ],
                ),
                migrations.RemoveField(model_name="auditevent", name="actor_label"),
                migrations.AddField(
                    model_name="auditevent",
                    name="label",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="audit.auditlabel",
                    ),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="hash",
                    field=confide.audit.models.HashField(),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="prev_hash",
                    field=confide.audit.models.HashField(),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, elidable=False),
    ]
