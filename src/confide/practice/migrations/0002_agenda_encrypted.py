"""Agenda text is clinical content: seal what earlier versions stored in plaintext."""

from django.db import migrations

import confide.fields
from confide.crypto import PREFIX, keyring

COLUMNS = ("text", "resolution")
CONTEXT = "practice.agendaitem.{}"


def seal_plaintext(apps, schema_editor):
    conn = schema_editor.connection
    qn = conn.ops.quote_name
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, {qn('text')}, {qn('resolution')} FROM practice_agendaitem")
        rows = cur.fetchall()
        for pk, *values in rows:
            for column, value in zip(COLUMNS, values, strict=True):
                if value is None or str(value).startswith(PREFIX + ":"):
                    continue
                sealed = keyring().encrypt(str(value), CONTEXT.format(column))
                cur.execute(
                    f"UPDATE practice_agendaitem SET {qn(column)} = %s WHERE id = %s",
                    [sealed, pk],
                )


class Migration(migrations.Migration):
    dependencies = [("practice", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="agendaitem",
            name="resolution",
            field=confide.fields.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="agendaitem",
            name="text",
            field=confide.fields.EncryptedTextField(),
        ),
        migrations.RunPython(seal_plaintext, migrations.RunPython.noop),
    ]
