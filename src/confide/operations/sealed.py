"""The encrypted backup file: a header naming the data key, then AES-GCM chunks.

A backup holds every client's record, so it is sealed with the data key ring, like the fields
inside it. Layout::

    CONFIDE-BACKUP\\n
    {"format": 1, "key_id": "...", "vendor": "sqlite", "created": "...", "chunk": 1048576}\\n
    repeated: 4-byte length | 1-byte last flag | 12-byte nonce | ciphertext+tag

Each chunk's associated data is the header line, the chunk's index and whether it is the last,
so chunks cannot be reordered, dropped, spliced from another backup, or cut off at the end
without `open_sealed` noticing. Restoring needs the same key ring: keep it apart from backups.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag

from confide.crypto import NONCE_BYTES, KeyRing

MAGIC = b"CONFIDE-BACKUP\n"
FORMAT = 1
CHUNK = 1 << 20
MAX_HEADER = 4096
# Each chunk: its length and whether it is the last (authenticated through the AAD).
_FRAME = struct.Struct(">IB")


class BackupError(ValueError):
    """The file is not a confide backup, was altered, or needs a key the ring lacks."""


@dataclass(frozen=True)
class Header:
    key_id: str
    vendor: str
    created: str
    chunk: int = CHUNK

    def line(self) -> bytes:
        fields = {
            "format": FORMAT,
            "key_id": self.key_id,
            "vendor": self.vendor,
            "created": self.created,
            "chunk": self.chunk,
        }
        return json.dumps(fields, sort_keys=True).encode("ascii") + b"\n"


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">Q?", index, last)


def _chunks(source: BinaryIO, size: int) -> Iterator[tuple[bytes, bool]]:
    """Chunks of `source`, each with whether it is the last (one empty chunk for no data)."""
    current = source.read(size)
    while True:
        following = source.read(size)
        yield current, not following
        if not following:
            return
        current = following


def seal(source: BinaryIO, target: BinaryIO, ring: KeyRing, header: Header) -> int:
    """Encrypt `source` into `target` under the ring's current key; return plaintext bytes."""
    key = ring.current
    if key.key_id != header.key_id:
        raise BackupError("the header must name the ring's current key")
    line = header.line()
    target.write(MAGIC + line)
    total = 0
    for index, (data, last) in enumerate(_chunks(source, header.chunk)):
        nonce = os.urandom(NONCE_BYTES)
        sealed = key.aead.encrypt(nonce, data, _aad(line, index, last))
        target.write(_FRAME.pack(len(sealed), int(last)) + nonce + sealed)
        total += len(data)
    return total


def read_header(source: BinaryIO) -> tuple[Header, bytes]:
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError("not a confide backup file")
    line = source.readline(MAX_HEADER)
    try:
        fields = json.loads(line)
        header = Header(
            key_id=str(fields["key_id"]),
            vendor=str(fields["vendor"]),
            created=str(fields["created"]),
            chunk=int(fields["chunk"]),
        )
        if fields["format"] != FORMAT:
            raise BackupError(f"backup format {fields['format']} is not supported")
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError("the backup header is damaged") from error
    return header, line


def open_sealed(source: BinaryIO, target: BinaryIO, ring: KeyRing) -> Header:
    """Decrypt a whole backup into `target`; raise BackupError on any alteration or truncation."""
    header, line = read_header(source)
    key = ring.by_id.get(header.key_id)
    if key is None:
        raise BackupError(
            f"the backup was sealed with data key {header.key_id}, which is not in the key ring"
        )
    index, ended = 0, False
    while frame := source.read(_FRAME.size):
        if ended or len(frame) != _FRAME.size:
            raise BackupError("the backup has data after its end")
        length, flag = _FRAME.unpack(frame)
        if flag not in (0, 1):
            raise BackupError("the backup is damaged (a chunk's end marker is not 0 or 1)")
        last = flag == 1
        if length > header.chunk + 16:
            raise BackupError("the backup is damaged (a chunk is too long)")
        nonce, body = source.read(NONCE_BYTES), source.read(length)
        if len(nonce) != NONCE_BYTES or len(body) != length:
            raise BackupError("the backup is cut short")
        try:
            target.write(key.aead.decrypt(nonce, body, _aad(line, index, last)))
        except InvalidTag as error:
            raise BackupError(
                "the backup was altered or damaged (a chunk failed to open)"
            ) from error
        ended, index = last, index + 1
    if not ended:
        raise BackupError("the backup is cut short")
    return header
