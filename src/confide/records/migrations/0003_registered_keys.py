"""The key registry: which data keys this database holds values under, and the index key.

Filled here from the ciphertexts already stored; refused (naming the key) when the configured
ring cannot read them, so upgrading with the wrong ring stops before anything is written.
"""

import django.utils.timezone
from django.db import migrations, models

from confide.crypto import KeyRing, keyring


def fill_from_ciphertexts(apps, schema_editor):
    from confide import keyregistry
    from confide.fields import EncryptedTextField

    conn = schema_editor.connection
    qn = conn.ops.quote_name
    stored: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, EncryptedTextField):
                continue
            with conn.cursor() as cur:
                cur.execute(
                    f"SELECT {qn(field.column)} FROM {qn(model._meta.db_table)} "  # noqa: S608
                    f"WHERE {qn(field.column)} IS NOT NULL"
                )
                ids = (KeyRing.key_id_of(str(v)) for (v,) in cur.fetchall())
                stored |= {key_id for key_id in ids if key_id is not None}
    ring = keyring()
    missing = sorted(stored - set(ring.by_id))
    if missing:
        raise keyregistry.RingMismatch(
            f"data key {missing[0]} holds data in this database but is not in the key ring; "
            "put it back before migrating",
            missing[0],
        )
    keyregistry.register_data_keys(stored, conn)
    keyregistry.register_ring(ring, conn)
    keyregistry.forget_verified()


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0002_cases_take_their_notes'),
        ('practice', '0002_agenda_encrypted'),
        ('agreements', '0002_signatures_follow_their_case'),
        ('disclosures', '0001_initial'),
        ('incidents', '0002_no_delete'),
        ('consultation', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='RegisteredKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key_id', models.CharField(max_length=12)),
                ('purpose', models.CharField(choices=[('data', 'data'), ('index', 'blind index')], max_length=8)),
                ('registered_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('retired_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ['registered_at', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('key_id', 'purpose'), name='one_registration_per_key')],
            },
        ),
        migrations.RunPython(fill_from_ciphertexts, migrations.RunPython.noop),
    ]
