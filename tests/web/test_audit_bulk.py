"""`record_many()` (the bulk path: rows as tuples, COPY or one prepared INSERT) writes exactly
the chain `record()` writes, one event at a time: the same rows, the same hashes, and a chain
both walks accept. Generated events cover users and strangers, targets, cases, text outside
ASCII, details with dates and decimals, addresses and times in other zones."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confide.accounts.models import User
from confide.audit import log
from confide.audit.log import Entry, record, record_many
from confide.audit.models import AuditEvent, AuditLabel
from confide.audit.protection import protect, unprotect
from confide.audit.verify import verify_chain, verify_chain_reference

pytestmark = pytest.mark.django_db

ROW = (
    "seq", "at", "actor_id", "actor_label", "action", "target_type", "target_id",
    "client_id", "case_id", "summary", "detail", "ip", "prev_hash", "hash",
)  # fmt: skip


def _reset() -> None:
    unprotect(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
    finally:
        protect(connection)


def _chain() -> list[tuple[Any, ...]]:
    return [tuple(getattr(e, f) for f in ROW) for e in AuditEvent.objects.order_by("seq")]


# Text a database can hold: no NUL (PostgreSQL refuses it) and no lone surrogates.
texts = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=12
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    # Floats that jsonb gives back as they went in (it reads 5e+16 back as an integer).
    | st.floats(-1e15, 1e15)
    | texts
    | st.decimals(allow_nan=False, allow_infinity=False, places=2)
    | st.datetimes(timezones=st.just(dt.UTC)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


def _entries(draw: st.DrawFn, users: list[User], n: int) -> list[dict[str, Any]]:
    factory = RequestFactory()
    found = []
    for _ in range(n):
        who = draw(st.sampled_from(["user", "system", "stranger"]))
        request = None
        if who != "system":
            request = factory.get("/", REMOTE_ADDR=draw(st.sampled_from(["10.0.0.7", "::1"])))
        found.append(
            {
                "actor": draw(st.sampled_from(users)) if who == "user" else None,
                "action": draw(st.sampled_from(["view", "change", "export", "sign-ö"])),
                "target_type": draw(texts),
                "target_id": draw(texts),
                "client_id": draw(st.none() | st.integers(1, 10**9)),
                "case_id": draw(st.none() | st.integers(1, 10**9)),
                "summary": draw(texts),
                "detail": draw(st.none() | st.dictionaries(texts, json_values, max_size=4)),
                "request": request,
            }
        )
    return found


@st.composite
def histories(draw: st.DrawFn) -> tuple[int, list[dict[str, Any]], list[dt.datetime]]:
    n = draw(st.integers(1, 9))
    zone = dt.timezone(dt.timedelta(hours=draw(st.integers(-11, 12))))
    start = draw(st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 1, 1)))
    steps = draw(st.lists(st.integers(0, 10**8), min_size=n, max_size=n))
    times = [start.replace(tzinfo=zone) + dt.timedelta(microseconds=s) for s in steps]
    return draw(st.integers(1, 4)), _entries(draw, USERS, n), times


USERS: list[User] = []


@pytest.fixture(autouse=True)
def _users() -> None:
    USERS[:] = [
        User.objects.create(username="carla", role="clinician"),
        User.objects.create(username="zoë.ö", role="privacy_officer"),
        User.objects.create(username="plain", role=""),
    ]


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(history=histories())
def test_record_many_writes_the_chain_record_writes(
    history: tuple[int, list[dict[str, Any]], list[dt.datetime]], monkeypatch: pytest.MonkeyPatch
) -> None:
    batch, entries, times = history
    _reset()
    clock = iter(times)
    monkeypatch.setattr(log.timezone, "now", lambda: next(clock))
    returned = [record(**fields) for fields in entries]
    one_by_one = _chain()
    assert [tuple(getattr(e, f) for f in ROW) for e in returned] == one_by_one

    _reset()
    bulk = [Entry(**fields, at=at) for fields, at in zip(entries, times, strict=True)]
    assert record_many(bulk, batch=batch) == len(bulk)
    assert _chain() == one_by_one
    # The model's own canonical text and hash (the reference walk's) agree with every row.
    assert all(e.compute_hash() == e.hash for e in AuditEvent.objects.all())
    fast, slow = verify_chain(workers=1, range_size=3), verify_chain_reference()
    assert fast.ok and slow.ok and fast.head_hash == slow.head_hash == one_by_one[-1][-1]


def test_bulk_appends_continue_a_chain_record_started() -> None:
    first = record(actor=None, action="view", summary="before the import")
    at = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    entries = (Entry(actor=None, action="view", at=at + dt.timedelta(seconds=i)) for i in range(7))
    assert record_many(entries, batch=3) == 7
    after = record(actor=USERS[0], action="view", summary="after")
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == list(range(first.seq, after.seq + 1))
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert verify_chain(workers=1).ok and verify_chain_reference().ok


def test_each_label_is_stored_once() -> None:
    for _ in range(3):
        record(actor=USERS[0], action="view")
        record(actor=None, action="view")
    texts = list(AuditLabel.objects.order_by("text").values_list("text", flat=True))
    assert texts == ["carla (clinician)", "system"]


def test_a_bad_event_in_a_bulk_load_writes_none_of_it() -> None:
    record(actor=None, action="view")
    unreadable: Any = {"when": object()}  # not JSON: the load stops at it
    entries = [
        Entry(actor=None, action="view"),
        Entry(actor=None, action="view", detail=unreadable),
    ]
    with pytest.raises(TypeError):
        record_many(entries)
    assert AuditEvent.objects.count() == 1 and verify_chain(workers=1).ok


def test_details_are_stored_as_the_plain_json_that_was_hashed() -> None:
    moment = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    event = record(actor=None, action="view", detail={"b": decimal.Decimal("1.50"), "a": moment})
    stored = AuditEvent.objects.get(seq=event.seq)
    assert stored.detail == event.detail == {"a": "2026-01-02T03:04:05Z", "b": "1.50"}
    assert stored.compute_hash() == stored.hash == event.hash
