"""An invitation's address is a contact value: sealed at rest like the contact point it came
from. Reversible: the reverse writes the addresses back in the clear."""

import confide.fields
from django.db import migrations


def seal(apps, schema_editor):
    from confide.sealing import seal_columns

    seal_columns(schema_editor.connection, "portal.invite", "portal_invite", ("email",))


def unseal(apps, schema_editor):
    from confide.sealing import open_columns

    open_columns(schema_editor.connection, "portal.invite", "portal_invite", ("email",))


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0002_invite_to_contact_point_on_file'),
        ('records', '0003_registered_keys'),
    ]

    operations = [
        migrations.AlterField(
            model_name='invite',
            name='email',
            field=confide.fields.EncryptedCharField(max_length=254),
        ),
        migrations.RunPython(seal, unseal),
    ]
