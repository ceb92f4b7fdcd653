"""The rate limit's window is its only clock: not the cache's default timeout."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine

from confide import ratelimit

pytestmark = pytest.mark.django_db  # on PostgreSQL the counters live in a database cache table
START = dt.datetime(2026, 12, 1, 10, 0, 5, tzinfo=dt.UTC)


def _hits(ident: str, n: int) -> list[bool]:
    return [ratelimit.hit("test", ident, limit=5, window_seconds=3600) for _ in range(n)]


def test_the_limit_holds_for_the_whole_window() -> None:
    ident = uuid.uuid4().hex
    with time_machine.travel(START, tick=False) as clock:
        assert _hits(ident, 6) == [False] * 5 + [True]
        for minutes in (6, 20, 59):  # the cache's default timeout is five minutes
            clock.move_to(START + dt.timedelta(minutes=minutes))
            assert _hits(ident, 1) == [True], f"reset after {minutes} minutes"
        clock.move_to(START + dt.timedelta(hours=1))
        assert _hits(ident, 1) == [False]


def test_addresses_are_counted_apart() -> None:
    a, b = uuid.uuid4().hex, uuid.uuid4().hex
    with time_machine.travel(START, tick=False):
        assert _hits(a, 6)[-1] is True
        assert _hits(b, 1) == [False]


def test_a_limit_needs_a_window() -> None:
    with pytest.raises(ValueError):
        ratelimit.hit("test", "x", limit=5, window_seconds=0)
