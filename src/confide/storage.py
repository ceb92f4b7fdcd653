"""Uploaded documents sealed at rest: court orders, subpoenas and guardianship papers name
clients as plainly as any note, so they are encrypted under the same key ring as note text.

Files are sealed whole (they are at most 10 MB, checked by the forms) and opened whole. A
file that fails authentication is an error, never served; a file written before sealing
existed still opens, and `confide keys rotate` seals it.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage

from confide.crypto import FILE_MAGIC, KEY_ID_CHARS, NONCE_BYTES, TAG_BYTES, KeyRing, keyring
from confide.paths import replace_private

CONTEXT = "confide:file"  # associated data: a sealed field cannot pass for a file
_OVERHEAD = len(FILE_MAGIC) + KEY_ID_CHARS + NONCE_BYTES + TAG_BYTES


class EncryptedStorage(FileSystemStorage):
    """The file system, with every file's bytes sealed by the data key ring."""

    def _save(self, name: str, content: File) -> str:
        content.seek(0)
        sealed = keyring().seal(content.read(), CONTEXT)
        return super()._save(name, ContentFile(sealed))  # type: ignore[misc]  # untyped in stubs

    def _open(self, name: str, mode: str = "rb") -> File:
        if any(flag in mode for flag in "wa+"):
            raise ValueError("sealed files are written only through save()")
        with open(self.path(name), "rb") as handle:
            blob = handle.read()
        plain = blob if KeyRing.sealed_key_id(blob) is None else keyring().unseal(blob, CONTEXT)
        return ContentFile(plain, name=name)

    def size(self, name: str) -> int:
        raw = os.path.getsize(self.path(name))
        with open(self.path(name), "rb") as handle:
            head = handle.read(len(FILE_MAGIC))
        return raw - _OVERHEAD if head == FILE_MAGIC else raw


def reseal_all(ring: KeyRing | None = None, root: Path | None = None) -> tuple[int, int]:
    """Seal every stored file under the newest key (plaintext ones too): (rewritten, current).
    Each file is replaced by a rename, so a crash leaves it old or new, never half-written."""
    from django.conf import settings

    ring = ring or keyring()
    base = Path(root or settings.MEDIA_ROOT)
    rewritten = current = 0
    for path in sorted(p for p in base.rglob("*") if p.is_file() and not p.name.endswith(".new")):
        blob = path.read_bytes()
        key_id = KeyRing.sealed_key_id(blob)
        if key_id == ring.current.key_id:
            current += 1
            continue
        plain = blob if key_id is None else ring.unseal(blob, CONTEXT)
        replace_private(path, ring.seal(plain, CONTEXT))
        rewritten += 1
    return rewritten, current


def usage(root: Path | None = None) -> dict[str, int]:
    """Stored files per key id ('plaintext' for unsealed ones), for `confide keys status`."""
    from django.conf import settings

    counts: dict[str, int] = {}
    base = Path(root or settings.MEDIA_ROOT)
    if not base.is_dir():
        return counts
    for path in base.rglob("*"):
        if path.is_file() and not path.name.endswith(".new"):
            with open(path, "rb") as handle:
                head = handle.read(len(FILE_MAGIC) + KEY_ID_CHARS)
            kid = KeyRing.sealed_key_id(head) or "plaintext"
            counts[kid] = counts.get(kid, 0) + 1
    return counts
