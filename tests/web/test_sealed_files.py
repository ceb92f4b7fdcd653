"""Invariant 4 for uploaded documents: a court order or guardianship paper is sealed on disk
under the data key ring, read back whole, refused when tampered with, and sealed afresh by a
key rotation (plaintext files from before sealing included)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from confide.crypto import KeyRing, KeyRingError, keyring, parse_ring
from confide.paths import new_aes_key
from confide.storage import EncryptedStorage, reseal_all, usage

ORDER = b"%PDF-1.4 Order of guardianship for Quetzalcoatlus Marmalade, born 2011-04-03"


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_default_storage_seals_uploads(media: Path) -> None:
    assert isinstance(default_storage, EncryptedStorage)
    name = default_storage.save("representatives/2026/order.pdf", ContentFile(ORDER))
    raw = (media / name).read_bytes()
    assert b"Quetzalcoatlus" not in raw and b"%PDF" not in raw
    assert KeyRing.sealed_key_id(raw) == keyring().current.key_id
    with default_storage.open(name) as handle:
        assert handle.read() == ORDER
    assert default_storage.size(name) == len(ORDER)


def test_a_tampered_file_is_refused_not_served(media: Path) -> None:
    name = default_storage.save("order.pdf", ContentFile(ORDER))
    raw = bytearray((media / name).read_bytes())
    raw[-1] ^= 0x01
    (media / name).write_bytes(bytes(raw))
    with pytest.raises(KeyRingError, match="failed authentication"):
        default_storage.open(name)


def test_files_are_written_only_through_save(media: Path) -> None:
    name = default_storage.save("order.pdf", ContentFile(ORDER))
    with pytest.raises(ValueError, match="only through save"):
        default_storage.open(name, "wb")


def test_a_rotation_seals_old_and_plaintext_files_under_the_new_key(
    media: Path, settings: Any
) -> None:
    sealed = default_storage.save("a.pdf", ContentFile(ORDER))
    (media / "legacy.pdf").write_bytes(b"%PDF-1.4 from before sealing")
    old = keyring().current.key_id
    assert usage() == {old: 1, "plaintext": 1}

    settings.DATA_KEYS = new_aes_key() + "\n" + str(settings.DATA_KEYS)
    ring = keyring()
    assert reseal_all(ring) == (2, 0)
    assert usage() == {ring.current.key_id: 2}
    assert reseal_all(ring) == (0, 2)
    with default_storage.open(sealed) as handle:
        assert handle.read() == ORDER
    with default_storage.open("legacy.pdf") as handle:
        assert handle.read() == b"%PDF-1.4 from before sealing"
    # With the old key gone from the ring, every file still opens.
    settings.DATA_KEYS = str(settings.DATA_KEYS).split("\n")[0]
    assert KeyRing(parse_ring(settings.DATA_KEYS)).current.key_id == ring.current.key_id
    with default_storage.open(sealed) as handle:
        assert handle.read() == ORDER


@pytest.mark.django_db
def test_keys_status_counts_uploaded_documents(media: Path, settings: Any) -> None:
    default_storage.save("a.pdf", ContentFile(ORDER))
    (media / "legacy.pdf").write_bytes(b"plain")
    out = StringIO()
    call_command("keys", "status", stdout=out)
    assert "uploaded documents by key" in out.getvalue()
    assert "plaintext: 1" in out.getvalue()
    assert "run `confide keys resume`" in out.getvalue()
    resumed = StringIO()
    call_command("keys", "resume", stdout=resumed)
    assert "sealed 1 uploaded documents (1 already current)" in resumed.getvalue()
    assert usage() == {keyring().current.key_id: 2}


@pytest.mark.django_db
def test_a_file_under_a_key_gone_from_the_ring_stops_resume_with_a_clear_error(
    media: Path, settings: Any
) -> None:
    from django.core.management.base import CommandError

    settings.DATA_KEYS = new_aes_key()
    default_storage.save("orphan.pdf", ContentFile(ORDER))
    settings.DATA_KEYS = new_aes_key()  # the key that sealed it is gone
    with pytest.raises(CommandError, match="Put the missing key back"):
        call_command("keys", "resume", stdout=StringIO())
    assert KeyRing.sealed_key_id((media / "orphan.pdf").read_bytes()) is not None
