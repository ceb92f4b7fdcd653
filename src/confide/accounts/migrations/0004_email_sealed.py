"""An account's email address is a contact value: seal it, index it by keyed digest, give
portal accounts whose user name is their address a random handle, drop any copy of the
client's name on a portal account, and keep no address in django-axes' tables (see
confide.accounts.identity).

Reversible as far as it can be: the reverse opens the addresses again; the handles stay (the
old user names are not kept anywhere, which is the point).
"""

import confide.fields
import django.core.validators
from django.db import migrations, models


AXES_TABLES = ("axes_accessattempt", "axes_accesslog", "axes_accessfailurelog")


def seal_addresses(apps, schema_editor):
    from confide.accounts.identity import email_digest, looks_like_email, new_handle
    from confide.keyregistry import writing_ring
    from confide.sealing import seal_columns

    conn = schema_editor.connection
    ring = writing_ring(conn)
    digests = {}

    def collect(pk, plain):
        digests[pk] = email_digest(plain["email"] or "", ring)

    seal_columns(conn, "accounts.user", "accounts_user", ("email",), collect)
    with conn.cursor() as cur:
        cur.executemany(
            "UPDATE accounts_user SET email_digest = %s WHERE id = %s",
            [(digest, pk) for pk, digest in digests.items()],
        )
        # Earlier versions copied the client's name onto the portal account in clear; it is
        # sealed on the client record, so the copy goes.
        cur.execute(
            "UPDATE accounts_user SET first_name = '', last_name = '' WHERE role = 'client'"
        )
        cur.execute("SELECT id, username FROM accounts_user WHERE role = 'client'")
        taken = set()
        for pk, username in cur.fetchall():
            if not looks_like_email(username):
                continue
            handle = new_handle()
            while handle in taken:
                handle = new_handle()
            taken.add(handle)
            conn.cursor().execute(
                "UPDATE accounts_user SET username = %s WHERE id = %s", [handle, pk]
            )
        tables = set(conn.introspection.table_names(cur))
        for table in AXES_TABLES:
            if table not in tables:
                continue
            cur.execute(f"SELECT id, username FROM {table} WHERE username LIKE %s", ["%@%"])
            for pk, typed in cur.fetchall():
                masked = "email:" + email_digest(typed, ring)[:32]
                conn.cursor().execute(
                    f"UPDATE {table} SET username = %s WHERE id = %s", [masked, pk]
                )


def open_addresses(apps, schema_editor):
    from confide.sealing import open_columns

    open_columns(schema_editor.connection, "accounts.user", "accounts_user", ("email",))


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_front_desk_role'),
        ('records', '0003_registered_keys'),
        ('axes', '0010_accessattemptexpiration'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='email_digest',
            field=models.CharField(blank=True, db_index=True, default='', max_length=64),
        ),
        migrations.AlterField(
            model_name='user',
            name='email',
            field=confide.fields.EncryptedCharField(blank=True, default='', max_length=254, validators=[django.core.validators.EmailValidator()], verbose_name='email address'),
        ),
        migrations.RunPython(seal_addresses, open_addresses),
    ]
