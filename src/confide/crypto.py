"""Field encryption at rest: AES-256-GCM under a key ring, newest key first.

Every ciphertext names the key that made it, so old rows stay readable after a rotation and
`confide keys rotate` can re-encrypt row by row, resumably. The associated data binds a
ciphertext to its column, so a value copied into another column fails to decrypt.

The ring also carries the blind-index key (see `confide.blindindex`): an entry written
`index:<base64 32 bytes>`. The HMAC key is derived from it with HKDF-SHA256 under its own label,
so it is never the same bytes as a data key. A ring without an `index:` entry (an older ring, or
one set by hand in CONFIDE_DATA_KEYS) derives it from the newest data key instead, again through
HKDF under that label; every data-key rotation then rotates the index key too, and
`confide keys rotate` rebuilds the index either way.

A decryption failure is a `KeyRingError`, deliberately *not* a `ValueError`: views turn
`ValueError` from a bad id into "not found", and a key problem must never look like that.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "enc1"
NONCE_BYTES = 12
FILE_MAGIC = b"confide-sealed-1\n"
KEY_ID_CHARS = 12  # see key_id_for
TAG_BYTES = 16
INDEX_PREFIX = "index:"
INDEX_INFO = b"confide blind index v1"


class KeyRingError(Exception):
    """The configured key ring is missing, malformed or lacks a key a ciphertext needs.

    Not a ValueError on purpose (see the module docstring)."""


class DecryptionError(KeyRingError):
    """A stored value or file could not be opened: its key is absent or it fails authentication.

    `key_id` names the key the value says it was sealed with, for the log and the audit trail."""

    def __init__(self, message: str, key_id: str = "") -> None:
        super().__init__(message)
        self.key_id = key_id


@dataclass(frozen=True)
class DataKey:
    key_id: str
    aead: AESGCM
    raw: bytes = field(default=b"", repr=False, compare=False)


def _decode_key(chunk: str, what: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(chunk.strip())
    except (binascii.Error, ValueError) as exc:
        raise KeyRingError(f"{what} is not base64") from exc
    if len(raw) != 32:
        raise KeyRingError(f"{what} must be 32 bytes, found {len(raw)}")
    return raw


def _entries(text: str) -> list[str]:
    return [t.strip() for t in text.replace(",", "\n").split() if t.strip()]


def key_id_for(raw: bytes) -> str:
    """A short public fingerprint; never reveals the key."""
    return hashlib.sha256(b"confide-key-id:" + raw).hexdigest()[:12]


def parse_ring(text: str) -> tuple[DataKey, ...]:
    """Keys separated by commas or new lines, newest first; each url-safe base64 of 32 bytes."""
    keys: list[DataKey] = []
    data = [c for c in _entries(text) if not c.startswith(INDEX_PREFIX)]
    for n, chunk in enumerate(data):
        raw = _decode_key(chunk, f"data key {n + 1}")
        keys.append(DataKey(key_id_for(raw), AESGCM(raw), raw))
    if not keys:
        raise KeyRingError("the data key ring is empty")
    return tuple(keys)


def parse_index_entry(text: str) -> bytes | None:
    """The ring's dedicated blind-index secret, or None when the ring has no `index:` entry."""
    found = [c[len(INDEX_PREFIX) :] for c in _entries(text) if c.startswith(INDEX_PREFIX)]
    if len(found) > 1:
        raise KeyRingError("the key ring has more than one index: entry")
    return _decode_key(found[0], "the index key") if found else None


def new_index_entry() -> str:
    """A fresh `index:` ring entry."""
    return INDEX_PREFIX + base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def derive_index_key(secret: bytes) -> bytes:
    """The HMAC key of the blind index: HKDF-SHA256 of its ring entry under its own label."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INDEX_INFO).derive(secret)


class KeyRing:
    def __init__(self, keys: Iterable[DataKey], index_secret: bytes | None = None) -> None:
        self.keys = tuple(keys)
        if not self.keys:
            raise KeyRingError("the data key ring is empty")
        self.by_id = {k.key_id: k for k in self.keys}
        self.index_dedicated = index_secret is not None
        self._index_key = derive_index_key(
            index_secret if index_secret is not None else self.current.raw
        )
        self.index_key_id = key_id_for(self._index_key)

    @classmethod
    def from_text(cls, text: str) -> KeyRing:
        return cls(parse_ring(text), parse_index_entry(text))

    @property
    def current(self) -> DataKey:
        return self.keys[0]

    def blind(self, kind: str, token: str) -> str:
        """The blind-index digest of one normalised token: HMAC-SHA256, never a plain hash."""
        message = f"{kind}\x00{token}".encode()
        return hmac.new(self._index_key, message, hashlib.sha256).hexdigest()

    def encrypt(self, plaintext: str, context: str) -> str:
        key = self.current
        nonce = os.urandom(NONCE_BYTES)
        sealed = key.aead.encrypt(nonce, plaintext.encode("utf-8"), context.encode("utf-8"))
        body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
        return f"{PREFIX}:{key.key_id}:{body}"

    def decrypt(self, token: str, context: str) -> str:
        try:
            prefix, key_id, body = token.split(":", 2)
        except ValueError as exc:
            raise DecryptionError(f"not an encrypted value in {context}") from exc
        if prefix != PREFIX:
            raise DecryptionError(f"not an encrypted value in {context}")
        key = self.by_id.get(key_id)
        if key is None:
            raise DecryptionError(f"no data key {key_id} in the key ring", key_id)
        try:
            blob = base64.urlsafe_b64decode(body)
            plain = key.aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode())
            return plain.decode("utf-8")
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise DecryptionError(
                f"a value in {context} under data key {key_id} failed authentication", key_id
            ) from exc

    def seal(self, data: bytes, context: str) -> bytes:
        """Bytes (an uploaded document) sealed like a field: `FILE_MAGIC`, key id, nonce,
        ciphertext with its tag."""
        key = self.current
        nonce = os.urandom(NONCE_BYTES)
        sealed = key.aead.encrypt(nonce, data, context.encode("utf-8"))
        return FILE_MAGIC + key.key_id.encode("ascii") + nonce + sealed

    def unseal(self, blob: bytes, context: str) -> bytes:
        key_id = self.sealed_key_id(blob)
        if key_id is None:
            raise DecryptionError("not a sealed file")
        key = self.by_id.get(key_id)
        if key is None:
            raise DecryptionError(f"no data key {key_id} in the key ring", key_id)
        body = blob[len(FILE_MAGIC) + KEY_ID_CHARS :]
        try:
            return key.aead.decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], context.encode())
        except InvalidTag as exc:
            raise DecryptionError(
                f"a sealed file under data key {key_id} failed authentication", key_id
            ) from exc

    @staticmethod
    def sealed_key_id(blob: bytes) -> str | None:
        """The key id a sealed file names, or None for anything else (a plaintext file)."""
        if not blob.startswith(FILE_MAGIC):
            return None
        return blob[len(FILE_MAGIC) : len(FILE_MAGIC) + KEY_ID_CHARS].decode("ascii", "replace")

    @staticmethod
    def key_id_of(token: str) -> str | None:
        parts = token.split(":", 2)
        return parts[1] if len(parts) == 3 and parts[0] == PREFIX else None


@cache
def ring_for(text: str) -> KeyRing:
    return KeyRing.from_text(text)


def keyring() -> KeyRing:
    """The ring configured in settings (cached per configured value, so rotation can swap it)."""
    from django.conf import settings

    return ring_for(str(settings.DATA_KEYS))
