"""The shared cache table, where settings put the cache in the database (PostgreSQL).

Several app servers on one PostgreSQL count the public form's submissions together only if the
counters live in that database. Django makes the table with `createcachetable`, which `migrate`
does not run; this migration runs it, so every deployment path that migrates gets the table. On
SQLite (a file cache) it does nothing.
"""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    table = schema_editor.connection.ops.quote_name(settings.CACHE_TABLE)
    schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
