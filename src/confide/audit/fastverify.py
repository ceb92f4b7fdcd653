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
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any, cast

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, connections

from confide.audit.models import AuditEvent, AuditLabel

# Layout 3 keeps each label once (AuditLabel) and hashes as bytes: a walk joins the label and
# reads every hash as the 64 hex digits that the chain's text holds. Text written into a hash
# column by hand (SQLite keeps what it is given) is read as it is, for the walk to judge.
_SQLITE_HEX = "(CASE WHEN typeof({0}) = 'blob' THEN lower(hex({0})) ELSE {0} END)"
_PG_HEX = "encode({0}, 'hex')"
_FROM = " FROM {events} e LEFT JOIN {labels} l ON l.id = e.label_id"
COLUMNS = (
    "e.seq, e.at, e.actor_id, l.text, e.action, e.target_type, e.target_id, e.client_id,"
    " e.summary, e.detail, e.ip, {prev}, {hash}, e.case_id"
)
RANGE_SIZE = 100_000  # events per worker task
FETCH_SIZE = 5_000
PARALLEL_FROM = 2 * RANGE_SIZE  # below this, one process is faster than starting workers

_ENCODER = DjangoJSONEncoder(sort_keys=True, separators=(",", ":"))
# The C encoder behind json.dumps, built once: JSONEncoder.encode() rebuilds it on every call.
_C_ENCODE = c_make_encoder(
    None, _ENCODER.default, encode_basestring_ascii, None, ":", ",", True, False, True
)
_sha256 = hashlib.sha256

# What a walk reports, shared with the reference walk so both say the same thing.
MISSING = "expected event {expected} next, found {found} (missing or moved events)"
UNLINKED = "prev_hash does not match the previous event's hash (deleted or reordered)"
EDITED = "hash does not match the event's contents (edited)"
REWRITTEN = "hash differs from the one anchored for it (history rewritten)"


def _table() -> str:
    return connection.ops.quote_name(AuditEvent._meta.db_table)


def _hex(column: str) -> str:
    return (_PG_HEX if connection.vendor == "postgresql" else _SQLITE_HEX).format(column)


def _source() -> str:
    """The FROM clause of a walk: each event with its label."""
    quote = connection.ops.quote_name
    return _FROM.format(events=_table(), labels=quote(AuditLabel._meta.db_table))


def raw_select(where: str) -> str:
    """SELECT of the raw columns (COLUMNS, hashes as hex) of the events matching `where`."""
    columns = COLUMNS.format(prev=_hex("e.prev_hash"), hash=_hex("e.hash"))
    return f"SELECT {columns}{_source()} WHERE {where} ORDER BY e.seq"


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


# canonical() is json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii) of these
# fields; their sorted order is fixed, so the object is laid out once here and only the values
# are encoded per event. Layout 1 has eleven fields; layout 2 adds case_id, only when set.
_CANONICAL = (
    '{"action":%s,"actor_id":%s,"actor_label":%s,"at":%s,%s"client_id":%s,"detail":%s,'
    '"ip":%s,"seq":%s,"summary":%s,"target_id":%s,"target_type":%s}'
)


def _json(value: object) -> str:
    if value is None:
        return "null"
    if value.__class__ is str:
        return encode_basestring_ascii(value)
    return "".join(_C_ENCODE(value, 0))


def row_hash(row: Sequence[Any]) -> str:
    """sha256(prev_hash + canonical JSON) of one raw row (COLUMNS), as
    AuditEvent.compute_hash does. The slow, exact path: every value encoded in Python."""
    detail = row[9]
    if isinstance(detail, (str, bytes)):
        detail = json.loads(detail)
    case = "" if row[13] is None else f'"case_id":{_json(row[13])},'
    canonical = _CANONICAL % (
        _json(row[4]),
        _json(row[2]),
        _json(row[3]),
        _json(_iso_utc(row[1])),
        case,
        _json(row[7]),
        _json(detail),
        _json(row[10]),
        _json(row[0]),
        _json(row[8]),
        _json(row[6]),
        _json(row[5]),
    )
    return _sha256((row[11] + canonical).encode("utf-8")).hexdigest()


# The fast path: the database lays out a *candidate* of `prev_hash + canonical()` itself, with
# its own JSON quoting (json_quote, to_json). Where the candidate's sha256 is the stored hash,
# the candidate is the very text that was hashed when the event was recorded, and since it is
# valid JSON of the row as it now stands, the row is unchanged: the exact walk would agree.
# Where it is not (text outside ASCII, which the database does not escape as Python does, a
# detail not stored in canonical form, or a real edit), the row is checked on the exact path.
_DAY_TIME = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][ T][0-9][0-9]:[0-9][0-9]:[0-9][0-9]"
_SQLITE_AT = (  # Django's stored text, as canonical() writes it; only digits pass through
    f"CASE WHEN e.at GLOB '{_DAY_TIME}' THEN substr(e.at, 1, 10) || 'T' || substr(e.at, 12)"
    " || '.000000+00:00'"
    f" WHEN e.at GLOB '{_DAY_TIME}.[0-9][0-9][0-9][0-9][0-9][0-9]'"
    " THEN substr(e.at, 1, 10) || 'T' || substr(e.at, 12) || '+00:00' END"
)
# printf's %s (written %%s for the driver) puts '' for NULL, which never matches a hash.
_SQLITE_CANDIDATE = (
    'e.seq, {prev}, {hash}, printf(\'%%s{{"action":%%s,"actor_id":%%s,"actor_label":%%s,'
    '"at":"%%s",%%s"client_id":%%s,"detail":%%s,"ip":%%s,"seq":%%s,'
    '"summary":%%s,"target_id":%%s,"target_type":%%s}}\', {prev}, json_quote(e.action),'
    " json_quote(e.actor_id), json_quote(l.text), " + _SQLITE_AT + ","
    " CASE WHEN e.case_id IS NULL THEN '' ELSE '\"case_id\":' || json_quote(e.case_id) || ','"
    " END, json_quote(e.client_id), e.detail, json_quote(e.ip), json_quote(e.seq),"
    " json_quote(e.summary), json_quote(e.target_id), json_quote(e.target_type)), NULL, NULL"
).format(prev=_SQLITE_HEX.format("e.prev_hash"), hash=_SQLITE_HEX.format("e.hash"))


def _pg(value: str) -> str:
    return f"coalesce(to_json({value})::text, 'null')"


# PostgreSQL keeps `detail` as jsonb, whose text is not canonical: the part before it and the
# part after it come from the database, and Python encodes only the detail in between.
_PG_CANDIDATE = (
    "e.seq, encode(e.prev_hash, 'hex'), encode(e.hash, 'hex'), encode(e.prev_hash, 'hex')"
    " || '{\"action\":' || "
    + _pg("e.action")
    + " || ',\"actor_id\":' || "
    + _pg("e.actor_id")
    + " || ',\"actor_label\":' || "
    + _pg("l.text")
    + " || ',\"at\":\"' || to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
    + " || '+00:00\"' || CASE WHEN e.case_id IS NULL THEN '' ELSE ',\"case_id\":' || e.case_id"
    + " END || ',\"client_id\":' || "
    + _pg("e.client_id")
    + " || ',\"detail\":',"
    + " e.detail::text, ',\"ip\":' || "
    + _pg("abbrev(e.ip)")
    + " || ',\"seq\":' || e.seq"
    + " || ',\"summary\":' || "
    + _pg("e.summary")
    + " || ',\"target_id\":' || "
    + _pg("e.target_id")
    + " || ',\"target_type\":' || "
    + _pg("e.target_type")
    + " || '}'"
)


def _candidates(lo: int, hi: int) -> Iterator[tuple[int, str, str, str | None]]:
    """(seq, prev_hash, hash, candidate text or None) for lo <= seq < hi, in seq order."""
    postgres = connection.vendor == "postgresql"
    select = _PG_CANDIDATE if postgres else _SQLITE_CANDIDATE
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            f"SELECT {select}{_source()} WHERE e.seq >= %s AND e.seq < %s ORDER BY e.seq",
            [lo, hi],
        )
        loads, encode, join = json.loads, _C_ENCODE, "".join
        while batch := cursor.fetchmany(FETCH_SIZE):
            if not postgres:
                for seq, prev, stored, text, _none, _also in batch:
                    yield seq, prev, stored, text
                continue
            for seq, prev, stored, head, detail, tail in batch:
                yield seq, prev, stored, head + join(encode(loads(detail), 0)) + tail


def _raw_row(seq: int) -> Sequence[Any]:
    with connection.cursor() as cursor:
        cursor.execute(raw_select("e.seq = %s"), [seq])
        return cast(Sequence[Any], cursor.fetchone())


def _holds(seq: int, stored: str, candidate: str | None) -> bool:
    """Whether the event's hash matches its contents (the candidate first, then exactly)."""
    if candidate is not None and _sha256(candidate.encode()).hexdigest() == stored:
        return True
    return row_hash(_raw_row(seq)) == stored


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


def check_range(lo: int, hi: int, anchored: Mapping[int, str]) -> RangeResult:
    """Walk the events with lo <= seq < hi, checking everything but the first event's link.
    The reference walk's checks, in its order (see confide.audit.verify._problem)."""
    rows = _candidates(lo, hi)
    first = next(rows, None)
    if first is None:
        return RangeResult(0)
    first_seq, first_prev, first_hash, first_text = first
    edited = not _holds(first_seq, first_hash, first_text)
    differs = anchored.get(first_seq, first_hash) != first_hash
    count, expected, prev = 1, first_seq + 1, first_hash
    sha256 = _sha256

    def broken(at_seq: int, reason: str) -> RangeResult:
        done = (first_seq, first_prev, edited, differs, expected - 1, prev)
        return RangeResult(count, *done, count, at_seq, reason)

    for seq, prev_hash, stored, text in rows:
        if seq != expected:
            return broken(seq, MISSING.format(expected=expected, found=seq))
        if prev_hash != prev:
            return broken(seq, UNLINKED)
        if (text is None or sha256(text.encode()).hexdigest() != stored) and not _holds(
            seq, stored, None
        ):
            return broken(seq, EDITED)
        if anchored and anchored.get(seq, stored) != stored:
            return broken(seq, REWRITTEN)
        count, expected, prev = count + 1, seq + 1, stored
    return RangeResult(count, first_seq, first_prev, edited, differs, expected - 1, prev, count)


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
