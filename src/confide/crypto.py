"""Field encryption at rest: AES-256-GCM under a key ring, newest key first.

Every ciphertext names the key that made it, so old rows stay readable after a rotation and
`confide keys rotate` can re-encrypt row by row, resumably. The associated data binds a
ciphertext to its column, so a value copied into another column fails to decrypt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "enc1"
NONCE_BYTES = 12
FILE_MAGIC = b"confide-sealed-1\n"
KEY_ID_CHARS = 12  # see key_id_for
TAG_BYTES = 16


class KeyRingError(ValueError):
    """The configured key ring is missing, malformed or lacks a key a ciphertext needs."""


@dataclass(frozen=True)
class DataKey:
    key_id: str
    aead: AESGCM


def key_id_for(raw: bytes) -> str:
    """A short public fingerprint; never reveals the key."""
    return hashlib.sha256(b"confide-key-id:" + raw).hexdigest()[:12]


def parse_ring(text: str) -> tuple[DataKey, ...]:
    """Keys separated by commas or new lines, newest first; each url-safe base64 of 32 bytes."""
    keys: list[DataKey] = []
    for n, chunk in enumerate(t for t in text.replace(",", "\n").split() if t.strip()):
        try:
            raw = base64.urlsafe_b64decode(chunk.strip())
        except (binascii.Error, ValueError) as exc:
            raise KeyRingError(f"data key {n + 1} is not base64") from exc
        if len(raw) != 32:
            raise KeyRingError(f"data key {n + 1} must be 32 bytes, found {len(raw)}")
        keys.append(DataKey(key_id_for(raw), AESGCM(raw)))
    if not keys:
        raise KeyRingError("the data key ring is empty")
    return tuple(keys)


class KeyRing:
    def __init__(self, keys: Iterable[DataKey]) -> None:
        self.keys = tuple(keys)
        if not self.keys:
            raise KeyRingError("the data key ring is empty")
        self.by_id = {k.key_id: k for k in self.keys}

    @property
    def current(self) -> DataKey:
        return self.keys[0]

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
            raise KeyRingError("not an encrypted value") from exc
        if prefix != PREFIX:
            raise KeyRingError("not an encrypted value")
        key = self.by_id.get(key_id)
        if key is None:
            raise KeyRingError(f"no data key {key_id} in the key ring")
        blob = base64.urlsafe_b64decode(body)
        try:
            plain = key.aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode())
        except InvalidTag as exc:
            raise KeyRingError("ciphertext failed authentication") from exc
        return plain.decode("utf-8")

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
            raise KeyRingError("not a sealed file")
        key = self.by_id.get(key_id)
        if key is None:
            raise KeyRingError(f"no data key {key_id} in the key ring")
        body = blob[len(FILE_MAGIC) + KEY_ID_CHARS :]
        try:
            return key.aead.decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], context.encode())
        except InvalidTag as exc:
            raise KeyRingError("sealed file failed authentication") from exc

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
def _ring_for(text: str) -> KeyRing:
    return KeyRing(parse_ring(text))


def keyring() -> KeyRing:
    """The ring configured in settings (cached per configured value, so rotation can swap it)."""
    from django.conf import settings

    return _ring_for(str(settings.DATA_KEYS))
