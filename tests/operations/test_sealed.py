"""The sealed backup format: what goes in comes out, and any change to the file is caught."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from confide.crypto import KeyRing, parse_ring
from confide.operations.sealed import BackupError, Header, open_sealed, seal
from confide.paths import new_aes_key

RING = KeyRing(parse_ring(new_aes_key()))
OTHER = KeyRing(parse_ring(new_aes_key()))


def _sealed(data: bytes, chunk: int, ring: KeyRing = RING) -> bytes:
    out = io.BytesIO()
    seal(io.BytesIO(data), out, ring, Header(ring.current.key_id, "sqlite", "now", chunk))
    return out.getvalue()


def _open(blob: bytes, ring: KeyRing = RING) -> bytes:
    out = io.BytesIO()
    open_sealed(io.BytesIO(blob), out, ring)
    return out.getvalue()


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=3000), chunk=st.integers(min_value=1, max_value=700))
def test_what_is_sealed_opens_unchanged(data: bytes, chunk: int) -> None:
    assert _open(_sealed(data, chunk)) == data


@settings(max_examples=80, deadline=None)
@given(
    data=st.binary(min_size=1, max_size=600), where=st.integers(min_value=0), bit=st.integers(0, 7)
)
def test_any_flipped_bit_is_caught(data: bytes, where: int, bit: int) -> None:
    blob = bytearray(_sealed(data, 128))
    blob[where % len(blob)] ^= 1 << bit
    with pytest.raises(BackupError):
        _open(bytes(blob))


@settings(max_examples=60, deadline=None)
@given(data=st.binary(min_size=1, max_size=600), keep=st.integers(min_value=0))
def test_a_file_cut_short_is_caught(data: bytes, keep: int) -> None:
    blob = _sealed(data, 100)
    with pytest.raises(BackupError):
        _open(blob[: keep % len(blob)])


def test_dropping_a_whole_middle_chunk_is_caught() -> None:
    data = bytes(range(256)) * 4
    blob = _sealed(data, 256)
    header_end = blob.index(b"}\n") + 2
    frame = 4 + 1 + 12 + 256 + 16
    spliced = blob[:header_end] + blob[header_end + frame :]
    with pytest.raises(BackupError, match="altered"):
        _open(spliced)


def test_plaintext_never_appears_in_the_file() -> None:
    secret = b"Client disclosed an affair with Jordan Reyes. " * 50
    assert b"affair" not in _sealed(secret, 1000)


def test_another_key_ring_cannot_open_it_and_says_which_key_is_missing() -> None:
    blob = _sealed(b"notes", 100)
    with pytest.raises(BackupError, match=RING.current.key_id):
        _open(blob, OTHER)


def test_a_ring_that_still_holds_the_old_key_opens_it_after_rotation() -> None:
    rotated = KeyRing((*OTHER.keys, *RING.keys))
    assert _open(_sealed(b"notes", 100), rotated) == b"notes"


def test_a_file_that_is_not_a_backup_is_named_as_such() -> None:
    with pytest.raises(BackupError, match="not a confide backup"):
        _open(b"SQLite format 3\x00")


def test_an_end_marker_that_is_neither_0_nor_1_is_caught() -> None:
    blob = bytearray(_sealed(b"one chunk only", 100))
    marker = blob.index(b"}\n") + 2 + 4  # after the header line and the 4-byte length
    assert blob[marker] == 1
    blob[marker] = 3
    with pytest.raises(BackupError, match="end marker"):
        _open(bytes(blob))
