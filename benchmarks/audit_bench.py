"""The audit trail at practice scale: fill, full and incremental verify, trail page, export.

    python benchmarks/audit_bench.py [--events 1000000] [--postgres URL] [--skip-sqlite]

A throw-away install (its own data folder; on PostgreSQL its own database, created and dropped)
is filled with realistic view events chained exactly as `record()` chains them (the model's own
`compute_hash`, bulk-inserted in order), then measured:
- full `verify_chain` (events a second) and `verify_since_anchor` after 1% new events;
- the privacy officer's trail page, p50/p95 per filter (actor, action, client, date range);
- the CSV export's throughput (events a second, streamed);
- bytes per event on disk (SQLite file size, or pg_total_relation_size).
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
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parents[1]


def _setup_django(database_url: str | None, folder: Path) -> None:
    os.environ["CONFIDE_DATA_DIR"] = str(folder)
    if database_url:
        os.environ["CONFIDE_DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "confide.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(n: int, batch: int = 5000) -> float:
    """n view events, chained as record() chains them; returns seconds taken."""
    from django.db import transaction

    from confide.accounts.models import Role, User
    from confide.audit.models import GENESIS_HASH, AuditEvent

    rng = random.Random(7)
    staff = [
        User.objects.create(username=f"bench{i}-{uuid.uuid4().hex[:6]}", role=Role.CLINICIAN)
        for i in range(20)
    ]
    pages = ["records:note", "practice:client", "practice:case", "disclosures:request"]
    start_at = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    head = AuditEvent.objects.order_by("-seq").first()
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    began = time.perf_counter()
    while seq < n:
        rows = []
        for _ in range(min(batch, n - seq)):
            seq += 1
            user = staff[rng.randrange(len(staff))]
            page = pages[rng.randrange(len(pages))]
            event = AuditEvent(
                seq=seq,
                at=start_at + dt.timedelta(seconds=seq * 9),
                actor=user,
                actor_label=f"{user.username} (clinician)",
                action="view",
                target_type=page.replace(":", "."),
                target_id=str(rng.randrange(1, 200_000)),
                client_id=rng.randrange(1, 5000),
                summary="Viewed a page",
                detail={"page": page},
                ip=f"10.0.0.{rng.randrange(2, 250)}",
                prev_hash=prev,
            )
            event.hash = event.compute_hash()
            prev = event.hash
            rows.append(event)
        with transaction.atomic():
            AuditEvent.objects.bulk_create(rows)
    return time.perf_counter() - began


def _timed(fn: object, *args: object, **kwargs: object) -> tuple[float, object]:
    began = time.perf_counter()
    result = fn(*args, **kwargs)  # type: ignore[operator]
    return time.perf_counter() - began, result


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


def _bytes_per_event(n: int) -> float:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('audit_auditevent')")
            return cursor.fetchone()[0] / n
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Path(connection.settings_dict["NAME"]).stat().st_size / n


def run(label: str, n: int) -> list[str]:
    from confide.audit.anchors import Anchor
    from confide.audit.models import AuditEvent
    from confide.audit.query import csv_lines, events
    from confide.audit.verify import verify_chain, verify_since_anchor

    seconds = fill(n)
    lines = [f"## {label}: {n:,} events", "", f"- fill: {n / seconds:,.0f} events/s"]
    took, result = _timed(verify_chain)
    assert result.ok, result
    lines.append(f"- full verify: {took:.1f} s, {n / took:,.0f} events/s ({result})")
    took1, _ = _timed(verify_chain, workers=1)
    lines.append(f"- full verify, one process: {took1:.1f} s, {n / took1:,.0f} events/s")
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    anchor = Anchor(head[0], head[1])
    new = max(1, n // 100)
    fill(n + new)
    took, result = _timed(verify_since_anchor, [anchor])
    assert result.ok and result.checked == new, result
    lines.append(f"- verify --since-anchor ({new:,} new): {took:.2f} s")
    lines.append(f"- bytes per event: {_bytes_per_event(n + new):.0f}")
    lines += ["", "| trail filter | p50 ms | p95 ms |", "|---|---:|---:|"]
    day = (dt.date(2025, 1, 1) + dt.timedelta(seconds=n * 9 // 2)).isoformat()
    filters = {
        "none": {},
        "actor": {"actor": "bench3"},
        "action": {"action": "view"},
        "client": {"client_id": "1234"},
        "date range": {"since": day, "until": day},
        "client + dates": {"client_id": "1234", "since": "2025-01-01", "until": day},
    }
    for name, query in filters.items():
        p50, p95 = _page_times(query)
        lines.append(f"| {name} | {p50:.0f} | {p95:.0f} |")
    began = time.perf_counter()
    exported = sum(1 for _ in csv_lines(events().iterator(chunk_size=2000))) - 1
    took = time.perf_counter() - began
    lines += ["", f"- CSV export: {exported / took:,.0f} events/s (streamed)", ""]
    return lines


def _child(args: argparse.Namespace, url: str | None, label: str) -> list[str]:
    """Each database in its own interpreter: Django is set up once per process."""
    folder = Path(tempfile.mkdtemp(prefix="confide-audit-bench-"))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, __file__, "--child", label, "--events", str(args.events)]
    if url:
        cmd += ["--postgres", url]
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
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--folder")
    args = parser.parse_args()
    if args.child:
        url = None
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
