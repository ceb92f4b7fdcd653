"""Who is a client is confidential: seal names, date of birth, contact values, related
people, the basis of a personal representative and case titles; build the blind index.

Reversible: the reverse writes the plaintext back (and drops the index) before the columns
return to their old types.
"""

import datetime as dt
from types import SimpleNamespace

import confide.fields
import django.db.models.deletion
from django.db import migrations, models

from confide.sealing import open_columns, seal_columns

SEALED = {
    "practice_client": ("practice.client", ("first_name", "last_name", "preferred_name", "date_of_birth")),
    "practice_contactpoint": ("practice.contactpoint", ("value",)),
    "practice_relatedperson": ("practice.relatedperson", ("name", "contact", "representative_basis")),
    "practice_case": ("practice.case", ("title",)),
}


def seal_identity(apps, schema_editor):
    from confide.keyregistry import writing_ring
    from confide.practice.search import client_digests

    conn = schema_editor.connection
    ring = writing_ring(conn)
    index = []

    def collect(pk, plain):
        born = plain["date_of_birth"]
        fields = {**plain, "date_of_birth": dt.date.fromisoformat(str(born)[:10]) if born else None}
        for digest in sorted(client_digests(SimpleNamespace(**fields), ring)):
            index.append((pk, digest))

    for table, (label, columns) in SEALED.items():
        seal_columns(conn, label, table, columns, collect if table == "practice_client" else None)
    with conn.cursor() as cur:
        cur.execute("DELETE FROM practice_clientindextoken")
        cur.executemany(
            "INSERT INTO practice_clientindextoken (client_id, digest) VALUES (%s, %s)", index
        )


def open_identity(apps, schema_editor):
    conn = schema_editor.connection
    for table, (label, columns) in SEALED.items():
        open_columns(conn, label, table, columns)
    with conn.cursor() as cur:
        cur.execute("DELETE FROM practice_clientindextoken")


class Migration(migrations.Migration):

    dependencies = [
        ('practice', '0002_agenda_encrypted'),
        ('records', '0003_registered_keys'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='case',
            options={'ordering': ['pk']},
        ),
        migrations.AlterModelOptions(
            name='client',
            options={'ordering': ['pk']},
        ),
        migrations.AlterModelOptions(
            name='relatedperson',
            options={'ordering': ['pk']},
        ),
        migrations.AlterField(
            model_name='case',
            name='title',
            field=confide.fields.EncryptedCharField(max_length=200),
        ),
        migrations.AlterField(
            model_name='client',
            name='date_of_birth',
            field=confide.fields.EncryptedDateField(),
        ),
        migrations.AlterField(
            model_name='client',
            name='first_name',
            field=confide.fields.EncryptedCharField(max_length=100),
        ),
        migrations.AlterField(
            model_name='client',
            name='last_name',
            field=confide.fields.EncryptedCharField(max_length=100),
        ),
        migrations.AlterField(
            model_name='client',
            name='preferred_name',
            field=confide.fields.EncryptedCharField(blank=True, max_length=100),
        ),
        migrations.AlterField(
            model_name='contactpoint',
            name='value',
            field=confide.fields.EncryptedCharField(max_length=300),
        ),
        migrations.AlterField(
            model_name='relatedperson',
            name='contact',
            field=confide.fields.EncryptedCharField(blank=True, max_length=300),
        ),
        migrations.AlterField(
            model_name='relatedperson',
            name='name',
            field=confide.fields.EncryptedCharField(max_length=200),
        ),
        migrations.AlterField(
            model_name='relatedperson',
            name='representative_basis',
            field=confide.fields.EncryptedTextField(blank=True),
        ),
        migrations.CreateModel(
            name='ClientIndexToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('digest', models.CharField(db_index=True, max_length=64)),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='index_tokens', to='practice.client')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('client', 'digest'), name='one_digest_per_client')],
            },
        ),
        migrations.RunPython(seal_identity, open_identity),
    ]
