"""Make the audit table append-only at the database: triggers refuse UPDATE and DELETE."""

from django.db import migrations


def forwards(apps, schema_editor):
    from confide.audit.protection import protect

    protect(schema_editor.connection)


def backwards(apps, schema_editor):
    from confide.audit.protection import unprotect

    unprotect(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
