"""Refuse DELETE on incident tables at the database (PostgreSQL; see incidents.protection)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from confide.incidents.protection import protect

    protect(schema_editor.connection)


def backwards(apps, schema_editor):
    from confide.incidents.protection import unprotect

    unprotect(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
