"""Invariant 4 for notes: no note text in the database's columns, its SQLite file (and WAL),
a SQLite backup or a PostgreSQL dump; and a key rotation interrupted half-way resumes and
leaves every note readable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection

from confide.crypto import KeyRing, keyring, parse_ring
from confide.keyrotation import key_usage, reencrypt_all
from confide.paths import new_aes_key
from confide.records import actions
from confide.records.models import EmergencyAccess, PsychotherapyNote, Segment
from tests.web.test_crypto_identity import IDENTITY_CANARY, IDENTITY_WORDS, write_identity
from tests.web.test_records_fixtures import family_note, make_family, make_user

ROOT = Path(__file__).resolve().parents[2]
SECRET_WORDS = ["Quetzalcoatlus", "marmalade-affair", "Xylophonist"]


def _raw(table: str, column: str) -> list[str]:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {qn(column)} FROM {qn(table)}")
        return [row[0] for row in cursor.fetchall()]


def _write_secret_note(clinician_name: str = "rivera") -> object:
    family = make_family(make_user(clinician_name))
    actions.write_note(
        acting_user=family.clinician,
        case=family.case,
        segments=[
            actions.SegmentInput(
                text=f"She mentioned the {SECRET_WORDS[0]}", discloser=family.mother
            ),
            actions.SegmentInput(text=f"The {SECRET_WORDS[1]} came up", discloser=family.father),
        ],
    )
    actions.write_psychotherapy_note(
        acting_user=family.clinician, case=family.case, text=f"My {SECRET_WORDS[2]} hunch"
    )
    return family


@pytest.mark.django_db
def test_note_columns_hold_only_ciphertext() -> None:
    _write_secret_note()
    chen = make_user("chen")
    family = make_family(make_user("lee"), surname="Other")
    actions.open_emergency_access(
        acting_user=chen, case=family.case, reason="Quetzalcoatlus crisis at reception"
    )
    columns = [
        (Segment._meta.db_table, "text"),
        (PsychotherapyNote._meta.db_table, "text"),
        (EmergencyAccess._meta.db_table, "reason"),
    ]
    for table, column in columns:
        values = _raw(table, column)
        assert values
        for value in values:
            assert value.startswith("enc1:")
            assert not any(word.lower() in value.lower() for word in SECRET_WORDS)
    # ...and the application still reads them.
    assert {s.text for s in Segment.objects.all()} >= {f"She mentioned the {SECRET_WORDS[0]}"}


SCRIPT = """
from tests.web.test_crypto_notes import _write_secret_note
_write_secret_note()
from tests.web.test_crypto_identity import write_identity
write_identity()
from confide.practice.search import find_client
assert find_client("Linh") is not None
import sqlite3
from django.db import connection
source = sqlite3.connect(connection.settings_dict["NAME"])
target = sqlite3.connect(connection.settings_dict["NAME"] + ".backup")
source.backup(target)
target.close()
import shutil
name = connection.settings_dict["NAME"]
# The WAL is folded back and removed when the last connection closes: keep what it held.
shutil.copy(name + "-wal", name + "-wal.snapshot")
"""


def test_the_sqlite_file_wal_and_backup_hold_no_note_text(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CONFIDE_DATA_DIR": str(tmp_path),
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "DJANGO_SETTINGS_MODULE": "confide.settings",
    }
    for var in ("CONFIDE_DATABASE_URL", "CONFIDE_SQLITE_PATH", "CONFIDE_DATA_KEYS"):
        env.pop(var, None)
    confide = [sys.executable, "-m", "confide"]
    run = {"env": env, "cwd": ROOT, "capture_output": True, "text": True, "timeout": 300}
    migrated = subprocess.run([*confide, "migrate", "--no-input"], check=False, **run)
    assert migrated.returncode == 0, migrated.stderr
    written = subprocess.run([*confide, "shell", "-c", SCRIPT], check=False, **run)
    assert written.returncode == 0, written.stderr

    files = [p for p in tmp_path.iterdir() if p.name.startswith("confide.sqlite3")]
    names = {p.name for p in files}
    assert {"confide.sqlite3", "confide.sqlite3-wal.snapshot", "confide.sqlite3.backup"} <= names
    everything = b"".join(p.read_bytes() for p in files)
    # The check can fail: plaintext metadata (a clinician's user name) is found in the same
    # bytes, and so is the identity canary planted in a plaintext column by write_identity.
    assert b"rivera" in everything and IDENTITY_CANARY.encode() in everything
    for word in [*SECRET_WORDS, *IDENTITY_WORDS, "Linh", "Nguyen family"]:
        assert word.encode() not in everything, word


@pytest.mark.django_db(transaction=True)
def test_a_postgresql_dump_holds_no_note_text(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("runs when CONFIDE_DATABASE_URL points at PostgreSQL")
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.skip("pg_dump is not installed")
    _write_secret_note()
    write_identity()  # names, contact values, a portal invitation and account
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = [pg_dump, "-h", str(db.get("HOST") or "127.0.0.1"), "-p", str(db.get("PORT") or 5432)]
    args += ["-U", str(db.get("USER") or "postgres"), "--data-only", str(db["NAME"])]
    dump = subprocess.run(args, env=env, capture_output=True, check=False, timeout=120)
    assert dump.returncode == 0, dump.stderr.decode()
    assert b"rivera" in dump.stdout
    assert b"enc1:" in dump.stdout
    for word in [*SECRET_WORDS, *IDENTITY_WORDS, "Linh", "Nguyen family"]:
        assert word.encode() not in dump.stdout, word


# Key rotation -------------------------------------------------------------------------------


class Interrupted(RuntimeError):
    pass


@pytest.mark.django_db
def test_an_interrupted_rotation_resumes_and_every_note_stays_readable(settings) -> None:
    family = make_family(make_user("rivera"))
    expected = {}
    for _n in range(4):
        note = family_note(family, "private", "case", "clinical")
        expected |= {s.pk: s.text for s in note.segments.all()}
    old_ring = keyring()
    new_text = new_aes_key() + "\n" + str(settings.DATA_KEYS)
    new_ring = KeyRing(parse_ring(new_text))
    batches = []

    def crash_after_two(label: str, size: int) -> None:
        batches.append((label, size))
        if len(batches) == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        reencrypt_all(new_ring, batch=3, on_batch=crash_after_two)
    settings.DATA_KEYS = new_text
    half = key_usage()
    # The two batches before the crash committed; nothing after them did.
    assert half.get(new_ring.current.key_id, 0) == sum(size for _, size in batches) > 0
    assert half.get(old_ring.current.key_id, 0) > 0
    # Mid-rotation every note reads, whichever key sealed it.
    assert {s.pk: s.text for s in Segment.objects.all()} == expected

    report = reencrypt_all(new_ring, batch=3)
    assert report.rewritten == half[old_ring.current.key_id]
    assert set(key_usage()) == {new_ring.current.key_id}
    # With the old key gone from the ring, everything still reads.
    settings.DATA_KEYS = new_text.split("\n")[0]
    assert {s.pk: s.text for s in Segment.objects.all()} == expected
    assert reencrypt_all(KeyRing(parse_ring(settings.DATA_KEYS))).rewritten == 0


def _status() -> str:
    out = StringIO()
    call_command("keys", "status", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_keys_status_rotate_and_resume(settings, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("CONFIDE_DATA_KEYS", raising=False)
    ring_file = tmp_path / "data_keys"
    ring_file.write_text(str(settings.DATA_KEYS).strip() + "\n")
    settings.DATA_DIR = tmp_path
    settings.DATA_KEYS = str(settings.DATA_KEYS)
    family = make_family(make_user("rivera"))
    note = family_note(family, "private", "case")
    old_id = keyring().current.key_id

    out = StringIO()
    call_command("keys", "rotate", stdout=out)
    new_id = keyring().current.key_id
    assert new_id != old_id and new_id in out.getvalue()
    assert ring_file.read_text().splitlines()[1] == str(django_settings.DATA_KEYS).split()[1]
    assert oct(ring_file.stat().st_mode & 0o777) == "0o600"
    status = StringIO()
    call_command("keys", "status", stdout=status)
    assert f"{new_id}  current" in status.getvalue()
    assert f"{old_id}  older     0 values" in status.getvalue()
    assert "Every value is under the current key." in status.getvalue()
    # An older key still sealing values is reported, with the way to finish.
    settings.DATA_KEYS = new_aes_key() + "\n" + str(settings.DATA_KEYS)
    behind = StringIO()
    call_command("keys", "status", stdout=behind)
    assert "run `confide keys resume`" in behind.getvalue()
    resumed = StringIO()
    call_command("keys", "resume", "--batch", "2", stdout=resumed)
    assert "rows checked" in resumed.getvalue()
    assert "Every value is under the current key." in _status()
    assert "re-encrypted 0 values" not in resumed.getvalue()
    assert next(s.text for s in note.segments.all()) == "Linh said thing 0"
