"""The audit trail at practice scale: fill, full and incremental verify, trail page, export.

    python benchmarks/audit_bench.py [--events N] [--postgres URL [--in-place]] [--skip-sqlite]

(`make bench-audit`; N defaults to CONFIDE_AUDIT_EVENTS or 1,000,000.)

A throw-away install (its own data folder; on PostgreSQL its own database, created and dropped,
or with --in-place the empty database the URL names) is filled with realistic view events by
`record_many()`, which is `record()` in bulk (same build, same hash), then measured:
- full `verify_chain` with 1 and 2 workers (events a second), and `verify_since_anchor` after
  1% new events;
- the privacy officer's trail page, p50/p95 per filter, with each main query's plan;
- the CSV export's throughput (events a second, streamed);
- bytes per event on disk, for the table and each index (dbstat, or pg_relation_size);
- the load average, since the machine may be shared.
Results go to stdout and benchmarks/results/audit.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parents[1]


def _setup_django(database_url: str | None, folder: Path) -> None:
    from confide.private import make_files_private

    make_files_private()  # as the `confide` command does: the bench's files are 0600 too
    os.environ["CONFIDE_DATA_DIR"] = str(folder)
    if database_url:
        os.environ["CONFIDE_DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "confide.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


EXPORTED = 1_000_000  # events the export measurement writes out at most
PAGES = ["records.note", "practice.client", "practice.case", "records.session"]


def fill(n: int, batch: int = 100_000) -> tuple[int, float]:
    """Events up to number n, written by `record_many()` (what `record()` does, in bulk: the
    same build, labels, canonical detail and hash); returns how many were added (a fill
    resumes from the chain's head) and the seconds taken.

    20 clinicians view notes, clients, cases and sessions of 5,000 clients and 2,000 cases,
    one event every 9 seconds from 2025-01-01, from addresses on the practice network.
    """
    from django.http import HttpRequest

    from confide.accounts.models import Role, User
    from confide.audit.log import Entry, record_many
    from confide.audit.models import AuditEvent

    rng = random.Random(7)
    staff = list(User.objects.filter(username__startswith="bench", role=Role.CLINICIAN))
    if not staff:
        staff = [User.objects.create(username=f"bench{i}", role=Role.CLINICIAN) for i in range(20)]
    addresses = []
    for i in range(2, 250):
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = f"10.0.0.{i}"
        addresses.append(request)
    start_at = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    head = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    began = time.perf_counter()

    pick = rng.random  # cheaper than randrange, which would be a tenth of the fill's time

    def entries(first: int, last: int) -> Iterator[Entry]:
        for seq in range(first, last + 1):
            page = PAGES[int(pick() * len(PAGES))]
            client = 1 + int(pick() * 4999)
            yield Entry(
                actor=staff[int(pick() * len(staff))],
                action="view",
                target_type=page,
                target_id=str(1 + int(pick() * 199_999)),
                client_id=client,
                case_id=None if page == "practice.client" else 1 + client % 2000,
                summary="Viewed a page",
                request=addresses[int(pick() * len(addresses))],
                at=start_at + dt.timedelta(seconds=seq * 9),
            )

    # One transaction per `batch` events (record_many writes them 20,000 rows at a time).
    for first in range(head + 1, n + 1, batch):
        record_many(entries(first, min(n, first + batch - 1)))
        if first % 1_000_000 < batch:  # progress, a line a million, while a long fill runs
            took = time.perf_counter() - began
            done = min(n, first + batch - 1)
            print(
                f"  filled {done:,} ({(done - head) / took:,.0f}/s, load {_load()})",
                file=sys.stderr,
            )
    return n - head, time.perf_counter() - began


def _timed(fn: object, *args: object, **kwargs: object) -> tuple[float, object]:
    began = time.perf_counter()
    result = fn(*args, **kwargs)  # type: ignore[operator]
    return time.perf_counter() - began, result


def pages(n: int) -> list[str]:
    """The trail page's p50/p95 per filter through the whole page stack, the CPU time of the
    page's own query (`trail_page()` alone, median of 20), and the query's plan."""
    from confide.audit.query import trail_page

    lines: list[str] = []  # run() echoes them as it adds them
    middle = n // 2
    day = (dt.date(2025, 1, 1) + dt.timedelta(seconds=middle * 9)).isoformat()
    month_end = (dt.date.fromisoformat(day) + dt.timedelta(days=30)).isoformat()
    filters: dict[str, tuple[dict[str, str], int | None]] = {
        "none (newest page)": ({}, None),
        "none, an older page": ({}, middle),
        "actor": ({"actor": "bench3"}, None),
        "action": ({"action": "view"}, None),
        "action, rare": ({"action": "export"}, None),
        "client": ({"client_id": "1234"}, None),
        "client, an older page": ({"client_id": "1234"}, middle),
        "case": ({"case_id": "321"}, None),
        "date, one day": ({"since": day, "until": day}, None),
        "date, 30 days": ({"since": day, "until": month_end}, None),
        "client + dates": ({"client_id": "1234", "since": "2025-01-01", "until": day}, None),
        "actor + action": ({"actor": "bench3", "action": "view"}, None),
    }
    lines += [
        "",
        f"Load before the pages: {_load()}",
        "",
        "| trail filter | p50 ms | p95 ms | query CPU ms | plan |",
        "|---|---:|---:|---:|---|",
    ]
    for name, (query, before) in filters.items():
        page = dict(query, before=str(before)) if before else query
        p50, p95 = _page_times(page)
        cpu = _query_cpu_ms(trail_page, query, before)
        plan = _plan(query, before)
        lines.append(f"| {name} | {p50:.0f} | {p95:.0f} | {cpu:.1f} | {plan} |")
    lines.append(f"Load after the pages: {_load()}")
    return lines


def _query_cpu_ms(trail_page: Any, query: dict[str, str], before: int | None) -> float:
    from confide.audit.forms import TrailFilterForm

    form = TrailFilterForm(query)
    assert form.is_valid(), form.errors
    filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    times = []
    for _ in range(20):
        began = time.process_time()
        trail_page(filters, before=before)
        times.append((time.process_time() - began) * 1000)
    return statistics.median(times)


def _page_times(query: dict[str, str], runs: int = 20) -> tuple[float, float]:
    from django.test import Client

    from confide.accounts.models import Role, User

    officer, _ = User.objects.get_or_create(username="bench-officer", role=Role.PRIVACY_OFFICER)
    http = Client(HTTP_HOST="127.0.0.1")
    http.force_login(officer)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = http.get("/audit/", query)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def _storage(n: int) -> list[str]:
    """Bytes an event takes on disk: the whole table with its indexes, then each part."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('audit_auditevent')")
            total = cursor.fetchone()[0]
            cursor.execute(
                "SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c"
                " WHERE c.relname = 'audit_auditevent' OR c.oid IN (SELECT indexrelid FROM"
                " pg_index WHERE indrelid = 'audit_auditevent'::regclass) ORDER BY 2 DESC"
            )
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute(
                "SELECT name, SUM(pgsize) FROM dbstat WHERE name = 'audit_auditevent' OR name"
                " IN (SELECT name FROM sqlite_master WHERE tbl_name = 'audit_auditevent')"
                " GROUP BY name ORDER BY 2 DESC"
            )
        parts = cursor.fetchall()
    if connection.vendor != "postgresql":
        total = sum(size for _name, size in parts)
    shown = ", ".join(f"{name} {size / n:.0f}" for name, size in parts)
    return [f"- bytes per event: {total / n:.0f} (table and indexes: {shown})"]


def _plan(query: dict[str, str], before: int | None = None) -> str:
    """The query plan of the page's main query under these filters (the first account's, for
    a who filter): EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL."""
    from django.db import connection

    from confide.audit.forms import TrailFilterForm
    from confide.audit.models import AuditEvent
    from confide.audit.query import _beyond, actors, events

    form = TrailFilterForm(query)
    assert form.is_valid(), form.errors
    filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    actor = filters.pop("actor", "")
    who = actors(actor)[0] if actor else None
    by_time = "since" in filters or "until" in filters
    mark = AuditEvent.objects.get(seq=before) if before is not None else None
    qs = _beyond(events(who=who, **filters), mark, older=True, by_time=by_time)
    analyze = connection.vendor == "postgresql"
    plan = qs[:51].explain(analyze=True) if analyze else qs[:51].explain()
    return " / ".join(line.strip() for line in plan.splitlines() if line.strip())


def run(label: str, n: int) -> list[str]:
    from confide.audit import fastverify
    from confide.audit.anchors import Anchor
    from confide.audit.models import AuditEvent
    from confide.audit.query import csv_lines, events
    from confide.audit.verify import verify_chain, verify_since_anchor

    lines = _Echo([f"## {label}: {n:,} events", "", f"- load average before: {_load()}"])
    added, seconds = fill(n)
    lines.append(
        f"- fill (record_many): {added / seconds:,.0f} events/s, {added:,} in {seconds:.0f} s"
    )
    _analyze()
    exact: list[int] = []
    raw_row = fastverify._raw_row
    fastverify._raw_row = lambda seq: exact.append(seq) or raw_row(seq)  # type: ignore[func-returns-value]
    for workers in (1, 2):
        cpu = time.process_time()
        took, result = _timed(verify_chain, workers=workers)
        cpu = time.process_time() - cpu
        assert result.ok, result
        # On a shared machine the wall clock counts the time other processes held the cores;
        # the walk's own CPU time (SQLite works inside this process) is what one core does.
        own = f"; {n / cpu:,.0f} events per CPU second of this process" if workers == 1 else ""
        lines.append(
            f"- full verify, {workers} worker{'s' if workers > 1 else ''}: {took:.1f} s,"
            f" {n / took:,.0f} events/s{own} (load {_load()})"
        )
    lines.append(f"- events that needed the exact Python path: {len(exact):,}")
    fastverify._raw_row = raw_row
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    anchor = Anchor(head[0], head[1])
    new = max(1, n // 100)
    fill(n + new)  # 1% more, for the incremental walk
    took, result = _timed(verify_since_anchor, [anchor], workers=1)
    assert result.ok and result.checked == new, result
    lines.append(f"- verify --since-anchor ({new:,} new, 1 worker): {took:.2f} s")
    lines += _storage(n + new)
    lines += pages(n)
    # The export's rate is the same for every million (one streamed walk in seq order), so
    # at most the first million are written: at ten million the whole would take half an hour.
    shown = min(n, EXPORTED)
    began = time.perf_counter()
    rows = events().filter(seq__lte=shown).iterator(chunk_size=2000)
    exported = sum(1 for _ in csv_lines(rows)) - 1
    took = time.perf_counter() - began
    lines += ["", f"- CSV export: {exported / took:,.0f} events/s (streamed, {exported:,})"]
    lines += [f"- load average after: {_load()}", ""]
    return lines


class _Echo(list[str]):
    """The result lines, each also written to stderr as it is measured: a ten-million run
    takes an hour, and a run stopped early still leaves what it measured."""

    def __init__(self, first: list[str]) -> None:
        super().__init__()
        self += first

    def append(self, line: str) -> None:
        print(line, file=sys.stderr, flush=True)
        super().append(line)

    def __iadd__(self, more: object) -> _Echo:  # type: ignore[override,misc]
        for line in more:  # type: ignore[attr-defined]
            self.append(line)
        return self


def _analyze() -> None:
    """PostgreSQL's planner statistics, as autovacuum would have gathered them while a
    practice's trail grew: a bulk load of a million rows leaves them empty."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE audit_auditevent")


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _child(args: argparse.Namespace, url: str | None, label: str) -> list[str]:
    """Each database in its own interpreter: Django is set up once per process."""
    folder = Path(tempfile.mkdtemp(prefix="confide-audit-bench-"))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, __file__, "--child", label, "--events", str(args.events)]
    if url:
        cmd += ["--postgres", url] + (["--in-place"] if args.in_place else [])
    cmd += ["--folder", str(folder)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{label} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout.splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--events", type=int, default=int(os.environ.get("CONFIDE_AUDIT_EVENTS", 1_000_000))
    )
    parser.add_argument("--postgres", default=os.environ.get("CONFIDE_BENCH_POSTGRES"))
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="fill the --postgres database itself (an empty one you created) instead of a new one",
    )
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="with --folder (and --postgres URL for PostgreSQL): only the trail page, on the"
        " events already there",
    )
    parser.add_argument("--child")
    parser.add_argument("--folder")
    args = parser.parse_args()
    if args.pages_only:
        _setup_django(args.postgres, Path(args.folder))
        from confide.audit.models import AuditEvent

        head = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        print("\n".join(pages(int(head))))
        return
    if args.child:
        url = None
        if args.postgres and args.in_place:
            _setup_django(args.postgres, Path(args.folder))
            print("\n".join(run(args.child, args.events)))
            return
        if args.postgres:
            name = "confide_audit_bench_" + uuid.uuid4().hex[:8]
            base = args.postgres.rsplit("/", 1)[0]
            subprocess.run(["psql", args.postgres, "-qc", f"CREATE DATABASE {name}"], check=True)
            url = f"{base}/{name}"
        try:
            _setup_django(url, Path(args.folder))
            print("\n".join(run(args.child, args.events)))
        finally:
            if url:
                from django.db import connections

                connections.close_all()
                subprocess.run(
                    ["psql", args.postgres, "-qc", f"DROP DATABASE {name} WITH (FORCE)"],
                    check=True,
                )
        return
    out = [
        "# Audit trail at scale",
        "",
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores",
        "",
    ]
    if not args.skip_sqlite:
        out += _child(args, None, "SQLite")
    if args.postgres:
        out += _child(args, args.postgres, "PostgreSQL")
    text = "\n".join(out) + "\n"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "audit.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
