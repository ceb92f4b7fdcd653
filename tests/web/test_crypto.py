"""The key ring seals, binds to its column, and keeps old keys readable after rotation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confide.crypto import KeyRing, KeyRingError, parse_ring
from confide.paths import new_aes_key


def _ring(*keys: str) -> KeyRing:
    return KeyRing(parse_ring(",".join(keys)))


@given(st.text())
def test_round_trip_never_shows_plaintext(text: str) -> None:
    ring = _ring(new_aes_key())
    token = ring.encrypt(text, "records.note.text")
    assert ring.decrypt(token, "records.note.text") == text
    if len(text) > 3:
        assert text not in token


def test_ciphertext_is_bound_to_its_column() -> None:
    ring = _ring(new_aes_key())
    token = ring.encrypt("she is afraid of her brother", "records.note.text")
    with pytest.raises(KeyRingError, match="authentication"):
        ring.decrypt(token, "records.segment.text")


def test_old_key_still_reads_after_a_new_key_is_put_first() -> None:
    old = new_aes_key()
    token = _ring(old).encrypt("session content", "c")
    rotated = _ring(new_aes_key(), old)
    assert rotated.decrypt(token, "c") == "session content"
    assert KeyRing.key_id_of(rotated.encrypt("x", "c")) == rotated.current.key_id
    assert rotated.current.key_id != KeyRing.key_id_of(token)


def test_missing_key_is_a_clear_error() -> None:
    token = _ring(new_aes_key()).encrypt("x", "c")
    with pytest.raises(KeyRingError, match="no data key"):
        _ring(new_aes_key()).decrypt(token, "c")


@pytest.mark.parametrize("bad", ["", "not base64!!", "c2hvcnQ="])
def test_malformed_ring_is_refused(bad: str) -> None:
    with pytest.raises(KeyRingError):
        parse_ring(bad)
