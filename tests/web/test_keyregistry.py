"""Keys that cannot silently diverge: the database knows its key ids; a wrong ring refuses to
start (naming the key, writing nothing); nothing is sealed under an unregistered key; `keys
status` fails when a key is missing; a decryption failure is a 500, never a 404."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client as HttpClient
from django.urls import reverse

from confide import keyregistry
from confide.audit.models import AuditEvent
from confide.crypto import KeyRing, keyring
from confide.paths import new_aes_key
from confide.practice import actions as practice_actions
from confide.practice.models import Client
from confide.records.models import Segment
from tests.web.test_records_fixtures import family_note, make_family, make_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_cache():
    keyregistry.forget_verified()
    yield
    keyregistry.forget_verified()


@pytest.mark.django_db
def test_the_database_knows_the_keys_it_holds_data_under() -> None:
    make_family(make_user("rivera"))
    keys = keyregistry.registered()
    assert keyring().current.key_id in keys["data"]
    assert keys["index"] == {keyring().index_key_id}
    keyregistry.verify_ring()  # the configured ring serves this database


@pytest.mark.django_db
def test_nothing_is_sealed_under_an_unregistered_newest_key(settings) -> None:
    rivera = make_user("rivera")
    practice_actions.create_client(
        acting_user=rivera,
        data={"first_name": "A", "last_name": "B", "date_of_birth": "1990-01-01"},
    )
    before = Client.objects.count()
    settings.DATA_KEYS = new_aes_key() + "\n" + str(settings.DATA_KEYS)
    with pytest.raises(keyregistry.RingMismatch, match="not registered") as refused:
        practice_actions.create_client(
            acting_user=rivera,
            data={"first_name": "C", "last_name": "D", "date_of_birth": "1990-01-01"},
        )
    assert refused.value.key_id == keyring().current.key_id
    assert Client.objects.count() == before
    with pytest.raises(keyregistry.RingMismatch):
        keyregistry.verify_ring()


@pytest.mark.django_db
def test_a_ring_without_a_registered_key_is_refused_naming_it(settings) -> None:
    make_family(make_user("rivera"))
    old_id = keyring().current.key_id
    settings.DATA_KEYS = new_aes_key()
    with pytest.raises(keyregistry.RingMismatch) as refused:
        keyregistry.verify_ring()
    assert refused.value.key_id == old_id and old_id in str(refused.value)


@pytest.mark.django_db
def test_keys_status_fails_when_a_key_is_missing(settings) -> None:
    family = make_family(make_user("rivera"))
    family_note(family, "private")
    good = str(settings.DATA_KEYS)
    old_id = keyring().current.key_id
    out = StringIO()
    call_command("keys", "status", stdout=out, stderr=StringIO())
    assert "MISSING" not in out.getvalue()
    settings.DATA_KEYS = new_aes_key()
    missing = StringIO()
    with pytest.raises(CommandError, match=old_id):
        call_command("keys", "status", stdout=missing, stderr=StringIO())
    assert f"{old_id}  MISSING" in missing.getvalue()
    settings.DATA_KEYS = good


@pytest.mark.django_db
def test_a_rotation_registers_its_key_and_rebuilds_the_index(settings) -> None:
    from confide.keyrotation import reencrypt_all
    from confide.practice.search import find_client

    make_family(make_user("rivera"))
    settings.DATA_KEYS = new_aes_key() + "\n" + str(settings.DATA_KEYS)
    ring = keyring()
    reencrypt_all(ring)
    assert ring.current.key_id in keyregistry.registered()["data"]
    keyregistry.verify_ring()
    assert find_client("Linh Nguyen") is not None  # the index was rebuilt under the new key


def _corrupt(table: str, column: str, pk: int) -> str:
    """Swap in a value sealed for another column: it names a ring key but fails to open."""
    token = keyring().encrypt("elsewhere", "practice.elsewhere")
    qn = connection.ops.quote_name
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE id = %s", [token, pk])
    return str(KeyRing.key_id_of(token))


@pytest.mark.django_db
def test_a_decryption_failure_is_a_logged_audited_500_never_a_404(caplog) -> None:
    family = make_family(make_user("rivera"))
    note = family_note(family, "private", "case", "clinical")
    segment = Segment.objects.filter(note=note).first()
    key_id = _corrupt("records_segment", "text", segment.pk)
    http = HttpClient(raise_request_exception=False)
    http.force_login(family.clinician)
    with caplog.at_level("ERROR", logger="confide.crypto"):
        answer = http.get(reverse("records:note_detail", args=[note.pk]))
    assert answer.status_code == 500
    assert any(key_id in r.getMessage() for r in caplog.records)
    event = AuditEvent.objects.filter(action="key_failure").latest("seq")
    assert event.target_id == key_id and key_id in event.summary
    assert not AuditEvent.objects.filter(action="access_denied").exists()

    client = family.mother.client
    _corrupt("practice_client", "first_name", client.pk)
    page = http.get(reverse("practice:client_detail", args=[client.pk]))
    assert page.status_code == 500


# Starting with the wrong ring ---------------------------------------------------------------


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "confide", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _dump(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return list(db.iterdump())
    finally:
        db.close()


WRITE = """
from tests.web.test_records_fixtures import make_family, make_user, family_note
family_note(make_family(make_user("rivera")), "private")
"""


def test_serve_and_the_wsgi_app_refuse_a_wrong_ring_naming_the_key(tmp_path: Path) -> None:
    right = new_aes_key()
    env = {
        **os.environ,
        "CONFIDE_DATA_DIR": str(tmp_path),
        "CONFIDE_DATA_KEYS": right,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "DJANGO_SETTINGS_MODULE": "confide.settings",
    }
    for var in ("CONFIDE_DATABASE_URL", "CONFIDE_SQLITE_PATH"):
        env.pop(var, None)
    assert _run(["migrate", "--no-input"], env).returncode == 0
    written = _run(["shell", "-c", WRITE], env)
    assert written.returncode == 0, written.stderr
    before = _dump(tmp_path / "confide.sqlite3")
    right_id = KeyRing.from_text(right).current.key_id

    wrong = {**env, "CONFIDE_DATA_KEYS": new_aes_key()}
    served = _run(["serve", "--port", "0"], wrong)
    assert served.returncode != 0
    assert "will not start" in served.stderr and right_id in served.stderr
    assert "Traceback" not in served.stderr
    wsgi = subprocess.run(
        [sys.executable, "-c", "import confide.wsgi"],
        env=wrong,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert wsgi.returncode != 0 and right_id in wsgi.stderr
    status = _run(["keys", "status"], wrong)
    assert status.returncode != 0 and right_id in status.stdout + status.stderr
    assert _dump(tmp_path / "confide.sqlite3") == before  # nothing was written
