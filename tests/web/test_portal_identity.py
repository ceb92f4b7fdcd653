"""A portal account's address and user name say nothing at rest (issue 13, invariant 4).

The address is sealed (`User.email`, `Invite.email`) and found through its keyed digest; the
user name is a random handle; the client signs in with the handle or the address, resets a
password by address, and a failed sign-in writes no address to the audit trail or to the
lockout tables. Staff accounts keep their user names and sign in as before.
"""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client as HttpClient
from django.urls import reverse

from confide.accounts.identity import HANDLE_PREFIX, email_digest, masked_login
from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.crypto import keyring
from confide.portal.models import Invite
from confide.practice.models import Client
from tests.web.test_portal import PASSWORD
from tests.web.test_portal_accounts import point_of, rivera, sarah, send_invite, take_up

__all__ = ["rivera", "sarah"]  # fixtures

ADDRESS = "sarah@example.org"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _raw(sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return list(cursor.fetchall()) if cursor.description else []


def _sign_in(name: str, password: str = PASSWORD) -> int:
    response = HttpClient().post(
        reverse("accounts:login"), {"username": name, "password": password}
    )
    return response.status_code


@pytest.mark.django_db
def test_the_portal_address_and_user_name_are_not_at_rest(rivera: User, sarah: Client) -> None:
    take_up(send_invite(rivera, sarah, point_of(sarah)))
    sarah.refresh_from_db()
    user = sarah.portal_user
    assert user is not None and user.email == ADDRESS  # reads back decrypted
    assert re.fullmatch(HANDLE_PREFIX + r"[a-z2-9]{4}-[a-z2-9]{4}", user.username)
    for table in ("accounts_user", "portal_invite"):
        for (value,) in _raw(f"SELECT email FROM {table}"):
            assert str(value).startswith("enc1:") and "example.org" not in str(value)
    assert not any("@" in str(name) for (name,) in _raw("SELECT username FROM accounts_user"))
    assert Invite.objects.get(client=sarah).email == ADDRESS
    # The digest is keyed (not a plain hash of the address) and ignores case and spaces.
    assert user.email_digest == email_digest(" SARAH@Example.org ") == email_digest(ADDRESS)
    assert user.email_digest == keyring().blind("email", ADDRESS)


@pytest.mark.django_db
def test_a_client_signs_in_with_the_handle_or_the_address(rivera: User, sarah: Client) -> None:
    take_up(send_invite(rivera, sarah, point_of(sarah)))
    sarah.refresh_from_db()
    assert sarah.portal_user is not None
    assert _sign_in(sarah.portal_user.username) == 302
    assert _sign_in("Sarah@Example.org") == 302
    assert _sign_in(ADDRESS, "not the password") == 200
    # Staff accounts sign in by user name as before.
    assert _sign_in(rivera.username, "pw-unused-here") == 200
    rivera.set_password(PASSWORD)
    rivera.save()
    assert _sign_in(rivera.username) == 302


@pytest.mark.django_db
def test_two_accounts_on_one_address_open_by_their_own_password(
    rivera: User, sarah: Client
) -> None:
    take_up(send_invite(rivera, sarah, point_of(sarah)))
    sibling = User.objects.create_user("client-sibl-ing2", email=ADDRESS, password="x" * 20)
    sibling.role = "client"
    sibling.save()
    assert User.objects.filter(email_digest=email_digest(ADDRESS)).count() == 2
    assert _sign_in(ADDRESS) == 302
    assert _sign_in(ADDRESS, "x" * 20) == 302


@pytest.mark.django_db
def test_a_failed_sign_in_by_address_stores_no_address(rivera: User, sarah: Client) -> None:
    take_up(send_invite(rivera, sarah, point_of(sarah)))
    assert _sign_in(ADDRESS, "wrong wrong wrong") == 200
    assert _sign_in(ADDRESS) == 302
    failed = AuditEvent.objects.filter(action="login_failed").latest("pk")
    assert ADDRESS not in failed.summary and ADDRESS not in str(failed.detail)
    assert failed.detail["username"] == masked_login(ADDRESS)
    stored = [a.username for a in AccessAttempt.objects.all()]
    stored += [a.username for a in AccessLog.objects.all()]
    assert stored and not any("@" in str(name) for name in stored)


@pytest.mark.django_db
def test_a_reset_link_goes_to_the_address_found_by_digest(rivera: User, sarah: Client) -> None:
    take_up(send_invite(rivera, sarah, point_of(sarah)))
    mail.outbox.clear()
    HttpClient().post(reverse("portal:reset"), {"email": "  SARAH@example.org"})
    assert [m.to for m in mail.outbox] == [[ADDRESS]]


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_old_addresses_and_renames_address_user_names() -> None:
    executor = MigrationExecutor(connection)
    before = [
        ("accounts", "0003_front_desk_role"),
        ("portal", "0002_invite_to_contact_point_on_file"),
    ]
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        _raw(
            "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name,"
            " email, is_staff, is_active, date_joined, role, license, require_two_factor,"
            " must_change_password) VALUES ('!', FALSE, 'old@example.org', 'Olga', 'Oldfield',"
            " 'old@example.org', FALSE, TRUE, '2026-01-01', 'client', '', FALSE, FALSE),"
            " ('!', FALSE, 'dr.old', '', '', 'dr.old@example.org', FALSE, TRUE, '2026-01-01',"
            " 'clinician', '', FALSE, FALSE)"
        )
        _raw(
            "INSERT INTO axes_accessattempt (user_agent, ip_address, username, http_accept,"
            " path_info, attempt_time, get_data, post_data, failures_since_start) VALUES"
            " ('t', '10.0.0.9', 'old@example.org', '', '/', '2026-01-01', '', '', 1)"
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    names = _raw("SELECT first_name, last_name FROM accounts_user ORDER BY id")
    assert names[0] == ("", "")  # the portal account's copy of the client's name is gone
    rows = _raw("SELECT username, email, email_digest FROM accounts_user ORDER BY id")
    assert [str(r[1])[:5] for r in rows] == ["enc1:", "enc1:"]
    assert rows[0][0] != "old@example.org" and str(rows[0][0]).startswith(HANDLE_PREFIX)
    assert rows[1][0] == "dr.old"  # staff user names stay
    assert rows[0][2] == email_digest("old@example.org")
    assert User.objects.get(username="dr.old").email == "dr.old@example.org"
    assert _raw("SELECT username FROM axes_accessattempt") == [(masked_login("old@example.org"),)]


@pytest.mark.django_db
def test_a_new_index_key_rebuilds_the_address_digests(
    rivera: User, sarah: Client, settings
) -> None:
    from confide import keyregistry
    from confide.crypto import new_index_entry
    from confide.keyrotation import reencrypt_all
    from confide.paths import new_aes_key

    take_up(send_invite(rivera, sarah, point_of(sarah)))
    old = User.objects.get(role="client").email_digest
    data_keys = [k for k in str(settings.DATA_KEYS).split() if not k.startswith("index:")]
    settings.DATA_KEYS = "\n".join([new_aes_key(), *data_keys, new_index_entry()])
    keyregistry.forget_verified()
    reencrypt_all(keyring())
    fresh = User.objects.get(role="client")
    assert fresh.email_digest != old and fresh.email_digest == email_digest(ADDRESS)
    assert _sign_in(ADDRESS) == 302
