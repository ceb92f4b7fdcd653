"""Layout 2 of the audit table: the trail page's indexes, a case column, and less waste.

- (action, seq), (client_id, seq) and (case_id, seq) replace the one-column indexes, so every
  filter of the trail page reads newest first from one index; (actor, seq) serves the foreign
  key too, so its own index goes.
- `hash` loses its unique index (about 80 bytes an event): seq is inside every hash.
- On SQLite `seq` becomes the rowid instead of a second copy in its own index.
- `detail` is stored in canonical form (sorted keys, no spaces), which the fast chain walk
  hashes as it is. Existing rows are rewritten in that form: the same JSON value, so the
  same hash (the hash covers the parsed value, not the stored spacing).
- `case_id` is new and hashed only when set, so every existing hash stays as it was.

SQLite cannot drop a unique constraint or change a primary key in place, so there the table is
rebuilt once (about a minute per ten million events); PostgreSQL is altered in place. Either
way the append-only triggers are put back on the table that holds the rows.
"""

import json

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import confide.audit.models

TABLE = "audit_auditevent"
NEW_INDEXES = ("audit_action_seq", "audit_client_seq", "audit_case_seq")


def _canonical_json(text):
    """The stored detail in canonical form; anything unreadable is kept exactly as it is, so
    the chain walk still sees (and reports) it."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _rebuild_sqlite(model, schema_editor):
    quote = schema_editor.quote_name
    old = TABLE + "__layout1"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s"
            " AND sql IS NOT NULL",
            [TABLE],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP INDEX {quote(name)}")
        cursor.execute(f"ALTER TABLE {quote(TABLE)} RENAME TO {quote(old)}")
    schema_editor.create_model(model)  # its indexes are deferred: built after the copy
    columns = [f.column for f in model._meta.local_concrete_fields if f.column != "case_id"]
    listed = ", ".join(quote(c) for c in columns)
    picked = ", ".join(
        "confide_canonical_json(detail)" if c == "detail" else quote(c) for c in columns
    )
    schema_editor.connection.ensure_connection()
    schema_editor.connection.connection.create_function(
        "confide_canonical_json", 1, _canonical_json, deterministic=True
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(TABLE)} ({listed}) SELECT {picked} FROM {quote(old)}"
            " ORDER BY seq"
        )
        cursor.execute(f"DROP TABLE {quote(old)}")


def _alter_postgresql(model, schema_editor):
    schema_editor.add_field(model, model._meta.get_field("case_id"))
    for name in schema_editor._constraint_names(model, ["hash"], unique=True):
        schema_editor.execute(schema_editor._delete_unique_sql(model, name))
    for column in ("action", "client_id", "actor_id", "hash"):
        for name in schema_editor._constraint_names(model, [column], index=True):
            schema_editor.execute(schema_editor._delete_index_sql(model, name))
    for index in model._meta.indexes:
        if index.name in NEW_INDEXES:
            schema_editor.add_index(model, index)
    # Fresh statistics for the planner: without them, a filter on both who and action was
    # planned as a bitmap AND of both indexes (a second at a million events, not 1 ms).
    schema_editor.execute(f"ANALYZE {schema_editor.quote_name(TABLE)}")


def forwards(apps, schema_editor):
    from confide.audit.protection import protect

    model = apps.get_model("audit", "AuditEvent")
    if schema_editor.connection.vendor == "sqlite":
        _rebuild_sqlite(model, schema_editor)
    else:
        _alter_postgresql(model, schema_editor)
    protect(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="auditevent",
                    name="case_id",
                    field=models.BigIntegerField(blank=True, null=True),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="action",
                    field=models.CharField(max_length=40),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="actor",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="client_id",
                    field=models.BigIntegerField(blank=True, null=True),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="detail",
                    field=models.JSONField(
                        blank=True, default=dict, encoder=confide.audit.models.CanonicalJSONEncoder
                    ),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="hash",
                    field=models.CharField(max_length=64),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="seq",
                    field=confide.audit.models.SeqField(primary_key=True, serialize=False),
                ),
                migrations.AddIndex(
                    model_name="auditevent",
                    index=models.Index(fields=["action", "seq"], name="audit_action_seq"),
                ),
                migrations.AddIndex(
                    model_name="auditevent",
                    index=models.Index(fields=["client_id", "seq"], name="audit_client_seq"),
                ),
                migrations.AddIndex(
                    model_name="auditevent",
                    index=models.Index(fields=["case_id", "seq"], name="audit_case_seq"),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, elidable=False),
    ]
