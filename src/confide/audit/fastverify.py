"""The chain walk at practice scale: raw rows, no model instances, both cores.

A practice keeps millions of events (20 clinicians write about 3-4 million a year). Building a
model instance per event made `confide audit verify` take about a minute per million. Here each
event is checked from its raw row: the same canonical JSON and sha256 as
`AuditEvent.compute_hash`, built straight from the columns. Each event's own hash can be checked
on its own, so ranges of the chain are checked in parallel worker processes; only the links
between ranges need order, and the parent stitches them. The problems reported, and the order
they are looked for in, are exactly those of the reference walk in `confide.audit.verify`
(a property test compares both on generated, tampered chains).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from json.encoder import encode_basestring_ascii
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, connections

from confide.audit.models import AuditEvent

COLUMNS = (
    "seq, at, actor_id, actor_label, action, target_type, target_id, client_id, summary,"
    " detail, ip, prev_hash, hash"
)
RANGE_SIZE = 100_000  # events per worker task
FETCH_SIZE = 5_000
PARALLEL_FROM = 2 * RANGE_SIZE  # below this, one process is faster than starting workers

_ENCODER = DjangoJSONEncoder(sort_keys=True, separators=(",", ":"))

# What a walk reports, shared with the reference walk so both say the same thing.
MISSING = "expected event {expected} next, found {found} (missing or moved events)"
UNLINKED = "prev_hash does not match the previous event's hash (deleted or reordered)"
EDITED = "hash does not match the event's contents (edited)"
REWRITTEN = "hash differs from the one anchored for it (history rewritten)"


def _table() -> str:
    return connection.ops.quote_name(AuditEvent._meta.db_table)


def _iso_utc(value: object) -> str:
    """The event time as `canonical()` writes it, from what the driver returns: an aware
    datetime (PostgreSQL) or SQLite's stored text (UTC, microseconds omitted when zero)."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat(timespec="microseconds")
    text = str(value).replace(" ", "T", 1)
    if "+" in text[10:] or text.endswith("Z"):
        return datetime.fromisoformat(text).astimezone(UTC).isoformat(timespec="microseconds")
    if "." not in text:
        text += ".000000"
    else:
        head, fraction = text.split(".", 1)
        text = f"{head}.{fraction[:6].ljust(6, '0')}"
    return text + "+00:00"


# canonical() is json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii) of these eleven
# fields; their sorted order is fixed, so the object is laid out once here and only the values
# are encoded per event (the nested `detail` through the same encoder as canonical()).
_CANONICAL = (
    '{"action":%s,"actor_id":%s,"actor_label":%s,"at":%s,"client_id":%s,"detail":%s,'
    '"ip":%s,"seq":%s,"summary":%s,"target_id":%s,"target_type":%s}'
)


def _json(value: object) -> str:
    if value is None:
        return "null"
    if value.__class__ is str:
        return encode_basestring_ascii(value)
    return _ENCODER.encode(value)


def row_hash(row: Sequence[Any]) -> str:
    """sha256(prev_hash + canonical JSON) of one raw row, as AuditEvent.compute_hash does."""
    detail = row[9]
    if isinstance(detail, (str, bytes)):
        detail = json.loads(detail)
    canonical = _CANONICAL % (
        _json(row[4]),
        _json(row[2]),
        _json(row[3]),
        _json(_iso_utc(row[1])),
        _json(row[7]),
        _ENCODER.encode(detail),
        _json(row[10]),
        _json(row[0]),
        _json(row[8]),
        _json(row[6]),
        _json(row[5]),
    )
    return hashlib.sha256((row[11] + canonical).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RangeResult:
    """One range's walk. `first_*` describe its first event, whose link to the previous range
    only the parent can judge; `problem` is the first failure after that link."""

    count: int
    first_seq: int = 0
    first_prev: str = ""
    first_edited: bool = False
    first_anchor_differs: bool = False
    last_seq: int = 0
    last_hash: str = ""
    ok_before_problem: int = 0  # events of this range that held, first included
    problem_seq: int | None = None
    problem: str = ""


def _rows(lo: int, hi: int) -> Iterator[Sequence[Any]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {COLUMNS} FROM {_table()} WHERE seq >= %s AND seq < %s ORDER BY seq",  # noqa: S608
            [lo, hi],
        )
        while batch := cursor.fetchmany(FETCH_SIZE):
            yield from batch


def check_range(lo: int, hi: int, anchored: Mapping[int, str]) -> RangeResult:
    """Walk the events with lo <= seq < hi, checking everything but the first event's link."""
    rows = _rows(lo, hi)
    first = next(rows, None)
    if first is None:
        return RangeResult(0)
    edited = row_hash(first) != first[12]
    differs = anchored.get(first[0], first[12]) != first[12]
    count, expected, prev = 1, first[0] + 1, first[12]
    for row in rows:
        reason = _problem(row, expected, prev, anchored)
        if reason:
            return RangeResult(
                count,
                first[0],
                first[11],
                edited,
                differs,
                expected - 1,
                prev,
                count,
                row[0],
                reason,
            )
        count, expected, prev = count + 1, row[0] + 1, row[12]
    return RangeResult(count, first[0], first[11], edited, differs, expected - 1, prev, count)


def _problem(row: Sequence[Any], expected: int, prev: str, anchored: Mapping[int, str]) -> str:
    """The reference walk's checks, in its order (see confide.audit.verify._problem)."""
    if row[0] != expected:
        return MISSING.format(expected=expected, found=row[0])
    if row[11] != prev:
        return UNLINKED
    if row_hash(row) != row[12]:
        return EDITED
    if anchored.get(row[0], row[12]) != row[12]:
        return REWRITTEN
    return ""


def _worker_range(args: tuple[int, int, dict[int, str]]) -> RangeResult:
    return check_range(*args)


def _after_fork() -> None:
    """A worker never shares the parent's database connection: it opens its own."""
    for conn in connections.all(initialized_only=True):
        conn.connection = None  # forget the parent's socket without closing it
    connections.close_all()


def seq_bounds(after: int = 0) -> tuple[int, int]:
    """The smallest and largest seq beyond `after`, or (0, -1) for none."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(seq), MAX(seq) FROM {_table()} WHERE seq > %s", [after])  # noqa: S608
        low, high = cursor.fetchone()
    return (0, -1) if low is None else (int(low), int(high))


def ranges(low: int, high: int, size: int = RANGE_SIZE) -> list[tuple[int, int]]:
    return [(lo, min(lo + size, high + 1)) for lo in range(low, high + 1, size)]


def walk_ranges(
    spans: list[tuple[int, int]],
    anchored: Mapping[int, str],
    workers: int,
    progress: Callable[[int], None] = lambda _n: None,
) -> Iterator[RangeResult]:
    """Each range's result, in chain order; in parallel processes when it pays."""
    held = dict(anchored)
    if workers <= 1 or len(spans) < 2:
        for lo, hi in spans:
            result = check_range(lo, hi, held)
            progress(result.count)
            yield result
        return
    connections.close_all()  # no connection crosses the fork
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_after_fork) as pool:
        for result in pool.map(_worker_range, [(lo, hi, held) for lo, hi in spans]):
            progress(result.count)
            yield result


def default_workers(events: int) -> int:
    if events < PARALLEL_FROM or connection.vendor not in {"sqlite", "postgresql"}:
        return 1
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] in {"", ":memory:"}:
        return 1
    if "memory" in str(connection.settings_dict.get("TEST", {}).get("NAME") or ""):
        return 1
    return max(1, min(os.cpu_count() or 1, 4))
