"""`confide backup` and `confide restore`: a backup restored into a fresh data folder (same key
ring and secret key, as on a new machine) holds everything, sealed, with the audit chain intact;
a damaged backup, a wrong key ring or an occupied database change nothing."""

from __future__ import annotations

import json
import os
import stat

import pytest

from confide.operations.generator import PHRASES
from confide.paths import new_aes_key
from tests.operations.installs import KEYS, Install, Installs

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture
def practice(installs: Installs) -> Install:
    source = installs.migrated()
    source.run("generate", "--clinicians", "3", "--clients", "12", "--notes", "40")
    source.python(PORTAL)
    document = source.folder / "media" / "representatives" / "2026" / "guardianship.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF-1.4 letters of guardianship")
    return source


def _backup(source: Install) -> bytes:
    out = source.folder / "nightly.backup"
    source.run("backup", "--out", str(out))
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    return out.read_bytes()


def test_a_backup_restored_in_a_fresh_folder_holds_everything(
    practice: Install, installs: Installs
) -> None:
    blob = _backup(practice)
    before = practice.counts()
    for phrase in PHRASES:
        assert phrase.encode() not in blob
    assert b"SQLite format" not in blob and b"PGDMP" not in blob

    fresh = installs.empty()
    (fresh.folder / "in.backup").write_bytes(blob)
    done = fresh.run("restore", str(fresh.folder / "in.backup"))
    assert "Audit chain intact" in done.stdout
    after = fresh.counts()
    assert after["audit"] == before["audit"] + 1  # the restore is itself recorded
    assert {k: v for k, v in after.items() if k != "audit"} == {
        k: v for k, v in before.items() if k != "audit"
    }
    assert after["notes"] == 40 and after["texts"]  # sealed text opens with the same ring
    assert "Audit chain intact" in fresh.verify()
    restored = fresh.folder / "media" / "representatives" / "2026" / "guardianship.pdf"
    assert restored.read_bytes() == b"%PDF-1.4 letters of guardianship"
    _no_identity_in_plaintext(practice, blob)
    _no_identity_in_plaintext(fresh, blob)


# A portal account for the first client in a case, at an email address on file: its
# invitation and account hold the address too.
PORTAL = """
from confide.practice.models import Participant
from confide.practice import actions as practice_actions
from confide.portal import actions as portal_actions
part = Participant.objects.select_related("case", "client").order_by("pk").first()
clinician = part.case.clinicians.first()
point = practice_actions.add_contact_point(
    acting_user=clinician, client=part.client,
    data={"kind": "email", "value": "portal.backup.q@example.org", "may_email": True},
)
invite, _ = portal_actions.create_invite(
    acting_user=clinician, client=part.client, contact_point=point
)
portal_actions.accept_invite(
    acting_user=None, invite=invite, date_of_birth=part.client.date_of_birth,
    password="a long backup-test passphrase",
)
"""

IDENTITY = (
    "import json; from confide.practice.models import Case, Client, ContactPoint;"
    " from confide.portal.models import Invite; from confide.accounts.models import User;"
    " print(json.dumps("
    "[c.full_name for c in Client.objects.all()] + [c.last_name for c in Client.objects.all()]"
    " + [c.date_of_birth.isoformat() for c in Client.objects.all()]"
    " + [c.title for c in Case.objects.all()] + [p.value for p in ContactPoint.objects.all()]"
    " + [i.email for i in Invite.objects.all()]"
    " + [u.email for u in User.objects.filter(role='client')]))"
)


def _no_identity_in_plaintext(install: Install, blob: bytes) -> None:
    """Invariant 4 for identity: no client name, date of birth, case title, contact value or
    portal address in the backup, nor (on SQLite) in the database file and its WAL."""
    words = json.loads(install.python(IDENTITY).strip().splitlines()[-1])
    assert len(words) >= 12 * 3
    assert words.count("portal.backup.q@example.org") == 3  # point, invitation, account
    files = (
        b""
        if install.database
        else b"".join(p.read_bytes() for p in install.folder.glob("confide.sqlite3*"))
    )
    assert install.database or b"enc1:" in files  # the check reads the right bytes
    for word in words:
        assert word.encode() not in blob, word
        assert word.encode() not in files, word


def test_a_damaged_backup_changes_nothing(practice: Install, installs: Installs) -> None:
    blob = bytearray(_backup(practice))
    blob[len(blob) // 2] ^= 0x40
    target = installs.migrated()
    target.run("generate", "--clinicians", "1", "--clients", "2", "--notes", "3")
    before = target.counts()
    (target.folder / "bad.backup").write_bytes(bytes(blob))
    done = target.run("restore", "--replace", str(target.folder / "bad.backup"), check=False)
    assert done.returncode != 0
    assert "nothing changed" in done.stderr and "altered" in done.stderr
    assert target.counts() == before


def test_restore_never_overwrites_a_practice_unless_told(
    practice: Install, installs: Installs
) -> None:
    _backup(practice)
    before = practice.counts()
    done = practice.run("restore", str(practice.folder / "nightly.backup"), check=False)
    assert done.returncode != 0 and "--replace" in done.stderr
    assert practice.counts() == before


def test_restoring_needs_the_key_ring(practice: Install, installs: Installs) -> None:
    blob = _backup(practice)
    stranger = installs.empty()
    stranger.env["CONFIDE_DATA_KEYS"] = new_aes_key()
    assert stranger.env["CONFIDE_DATA_KEYS"] != KEYS
    (stranger.folder / "in.backup").write_bytes(blob)
    done = stranger.run("restore", str(stranger.folder / "in.backup"), check=False)
    assert done.returncode != 0 and "not in the key ring" in done.stderr
    assert stranger.tables() == 0
    assert not list(stranger.folder.glob(".backup-*"))  # no plaintext left behind


def test_backup_never_overwrites_a_file(practice: Install) -> None:
    existing = practice.folder / "keep.me"
    existing.write_text("precious")
    done = practice.run("backup", "--out", str(existing), check=False)
    assert done.returncode != 0 and "already exists" in done.stderr
    assert existing.read_text() == "precious"
