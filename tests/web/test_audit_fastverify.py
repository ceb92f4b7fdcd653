"""The fast walk catches exactly what the reference walk does, on generated chains with every
kind of tampering, split into ranges of every size, with and without anchors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confide.audit import fastverify
from confide.audit.anchors import Anchor
from confide.audit.log import record
from confide.audit.models import AuditEvent
from confide.audit.protection import protect, unprotect
from confide.audit.verify import verify_chain, verify_chain_reference, verify_since_anchor

pytestmark = pytest.mark.django_db

TAMPERS = ("none", "edit", "forge", "delete", "swap", "cut", "relink")


def _attack(*statements: tuple[str, list[object]]) -> None:
    unprotect(connection)
    try:
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
    finally:
        protect(connection)


def _fill(n: int, details: list[dict[str, object]]) -> None:
    AuditEvent.objects.all()  # the chain starts empty in each example (see _reset)
    for i in range(n):
        record(
            actor=None,
            action=["view", "change", "export"][i % 3],
            client_id=i if i % 2 else None,
            case_id=i if i % 4 == 1 else None,  # layout 2 beside layout 1
            summary=f"event {i} — ünïcode" if i % 3 else f"event {i}",
            detail=details[i % len(details)],
        )


def _reset() -> None:
    _attack(("DELETE FROM audit_auditevent", []))


def _tamper(kind: str, seq: int, n: int) -> None:
    table = "audit_auditevent"
    if kind == "edit":
        _attack((f"UPDATE {table} SET summary = %s WHERE seq = %s", ["changed", seq]))
    elif kind == "forge":
        event = AuditEvent.objects.get(seq=seq)
        event.detail = {"forged": True}
        _attack(
            (
                f"UPDATE {table} SET detail = %s, hash = %s WHERE seq = %s",
                ['{"forged": true}', bytes.fromhex(event.compute_hash()), seq],
            )
        )
    elif kind == "delete":
        _attack((f"DELETE FROM {table} WHERE seq = %s", [seq]))
    elif kind == "swap" and seq < n:
        _attack(
            (f"UPDATE {table} SET seq = -1 WHERE seq = %s", [seq]),
            (f"UPDATE {table} SET seq = %s WHERE seq = %s", [seq, seq + 1]),
            (f"UPDATE {table} SET seq = %s WHERE seq = -1", [seq + 1]),
        )
    elif kind == "cut":
        _attack((f"DELETE FROM {table} WHERE seq >= %s", [seq]))
    elif kind == "relink":
        _attack((f"UPDATE {table} SET prev_hash = %s WHERE seq = %s", [b"\xff" * 32, seq]))


def _summary(result: object) -> tuple[object, ...]:
    fields = ("ok", "checked", "first_broken_seq", "reason", "head_hash")
    return tuple(getattr(result, f) for f in fields)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    n=st.integers(0, 12),
    kind=st.sampled_from(TAMPERS),
    where=st.integers(1, 12),
    range_size=st.integers(1, 7),
    anchor_at=st.none() | st.integers(1, 12),
    details=st.lists(
        st.dictionaries(st.text(max_size=4), json_values, max_size=3), min_size=1, max_size=3
    ),
)
def test_fast_and_reference_walks_agree(
    n: int,
    kind: str,
    where: int,
    range_size: int,
    anchor_at: int | None,
    details: list[dict[str, object]],
) -> None:
    _reset()
    _fill(n, details)
    anchors = []
    if anchor_at is not None and anchor_at <= n:
        anchors = [Anchor(anchor_at, AuditEvent.objects.get(seq=anchor_at).hash)]
    if n and kind != "none":
        _tamper(kind, min(where, n), n)
    fast = verify_chain(anchors, workers=1, range_size=range_size)
    slow = verify_chain_reference(anchors=anchors)
    assert _summary(fast) == _summary(slow)


def test_raw_row_hash_matches_the_model_for_times_with_and_without_microseconds() -> None:
    for micro in (0, 1, 123456):
        event = record(actor=None, action="view", detail={"z": 1, "a": [1, {"b": None}]})
        at = dt.datetime(2026, 12, 1, 10, 0, 0, micro, tzinfo=dt.UTC)
        stored = AuditEvent.objects.get(seq=event.seq)
        stored.at = at
        _attack(
            (
                "UPDATE audit_auditevent SET at = %s, hash = %s WHERE seq = %s",
                [at, bytes.fromhex(_rehash(stored)), event.seq],
            )
        )
    with connection.cursor() as cursor:
        cursor.execute(fastverify.raw_select("1 = 1"))
        rows = cursor.fetchall()
    assert [fastverify.row_hash(r) for r in rows] == [r[12] for r in rows]


def _rehash(event: AuditEvent) -> str:
    return event.compute_hash()


def test_since_anchor_checks_only_what_is_new_and_that_anchors_still_hold() -> None:
    _fill(6, [{}])
    head = Anchor(4, AuditEvent.objects.get(seq=4).hash)
    result = verify_since_anchor([head], workers=1, range_size=2)
    assert result.ok and result.checked == 2 and result.head == Anchor(6, result.head_hash)
    _attack(("UPDATE audit_auditevent SET summary = 'x' WHERE seq = 2", []))
    assert verify_since_anchor([head], workers=1).ok  # old events are the full walk's job
    assert not verify_chain([head], workers=1).ok
    _attack(("UPDATE audit_auditevent SET summary = 'y' WHERE seq = 6", []))
    broken = verify_since_anchor([head], workers=1)
    assert not broken.ok and broken.first_broken_seq == 6
    _attack(("DELETE FROM audit_auditevent WHERE seq = 4", []))
    gone = verify_since_anchor([head], workers=1)
    assert not gone.ok and gone.first_broken_seq == 4


def test_nothing_new_since_the_anchor_is_fine() -> None:
    _fill(3, [{}])
    head = Anchor(3, AuditEvent.objects.get(seq=3).hash)
    result = verify_since_anchor([head], workers=1)
    assert result.ok and result.checked == 0 and result.head == head


@pytest.mark.skipif(connection.vendor != "postgresql", reason="workers need a shared database")
@pytest.mark.django_db(transaction=True)
def test_parallel_workers_agree_with_the_reference_walk() -> None:
    _fill(30, [{"k": "v"}])
    assert _summary(verify_chain(workers=2, range_size=4)) == _summary(verify_chain_reference())
    _tamper("edit", 17, 30)
    fast, slow = verify_chain(workers=2, range_size=4), verify_chain_reference()
    assert not fast.ok and _summary(fast) == _summary(slow)


def test_plain_events_are_proved_by_the_database_laid_out_candidate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fast path is the one taken: ASCII events with canonical detail never fall back to
    the exact Python encoding, while text outside ASCII does and still verifies."""
    for i in range(5):
        record(actor=None, action="view", client_id=i, case_id=i or None, detail={"b": i, "a": 1})
    record(actor=None, action="view", summary="Zoë", detail={"naïve": "é"})
    exact: list[int] = []
    original = fastverify._raw_row

    def counted(seq: int) -> object:
        exact.append(seq)
        return original(seq)

    monkeypatch.setattr(fastverify, "_raw_row", counted)
    result = verify_chain(workers=1)
    assert result.ok and result.checked == 6
    assert exact == [6]


def test_the_case_column_is_hashed_only_when_set_and_cannot_be_changed_unseen() -> None:
    without = record(actor=None, action="view", summary="before cases were recorded")
    with_case = record(actor=None, action="view", case_id=7, summary="about case 7")
    assert '"case_id"' not in without.canonical() and '"case_id":7' in with_case.canonical()
    _attack(("UPDATE audit_auditevent SET case_id = %s WHERE seq = %s", [8, with_case.seq]))
    assert _summary(verify_chain(workers=1)) == _summary(verify_chain_reference())
    assert verify_chain(workers=1).first_broken_seq == with_case.seq
    _reset()
    first = record(actor=None, action="view")
    _attack(("UPDATE audit_auditevent SET case_id = %s WHERE seq = %s", [3, first.seq]))
    assert not verify_chain(workers=1).ok and not verify_chain_reference().ok


def test_layout_1_rows_still_verify_and_the_migration_keeps_their_meaning() -> None:
    """Rows written before layout 2 (detail with spaces, unsorted; no case) keep their hash:
    the walk falls back to the exact path for them, and the migration's rewrite of the
    detail into canonical form is the same JSON value, so the same hash."""
    import importlib

    layout = importlib.import_module("confide.audit.migrations.0003_trail_layout")
    event = record(actor=None, action="view", detail={"b": [1, 2.5], "a": "é"})
    as_layout_1 = '{"b": [1, 2.5], "a": "\\u00e9"}'
    _attack(("UPDATE audit_auditevent SET detail = %s WHERE seq = %s", [as_layout_1, event.seq]))
    assert _summary(verify_chain(workers=1)) == _summary(verify_chain_reference())
    assert verify_chain(workers=1).ok
    rewritten = layout._canonical_json(as_layout_1)
    assert rewritten == '{"a":"\\u00e9","b":[1,2.5]}'
    _attack(("UPDATE audit_auditevent SET detail = %s WHERE seq = %s", [rewritten, event.seq]))
    assert verify_chain(workers=1).ok and verify_chain_reference().ok
    assert layout._canonical_json("not json") == "not json"  # kept, for the walk to report
