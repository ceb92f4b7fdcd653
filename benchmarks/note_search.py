"""Full-text search over a clinician's own notes at 10,000 notes, with note text sealed at rest.

A fresh data folder and SQLite database, `confide generate` (through its module) with two
clinicians and 20,000 notes (two segments each), so each clinician may see 10,000 notes and
the other 10,000 are never decrypted for them. Then the search page (`/records/search/`)
through the whole Django stack in-process (middleware, audit event, template), for a word in
many notes, two words in fewer, and a word in none. Prints p50/p95 ms and writes
benchmarks/results/note_search.md.

    python benchmarks/note_search.py                     # 10,000 notes per clinician
    python benchmarks/note_search.py --notes 1000 --rounds 5
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "note_search.md"
CLINICIANS = 2


def _setup(folder: str) -> None:
    os.environ["CONFIDE_DATA_DIR"] = folder
    os.environ.pop("CONFIDE_DATABASE_URL", None)
    os.environ.pop("CONFIDE_SQLITE_PATH", None)
    os.environ.pop("CONFIDE_DATA_KEYS", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "confide.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def _timed(get: Callable[[], int], rounds: int) -> tuple[float, float, float]:
    """Wall-clock p50 and p95, and the median CPU time of this process (SQLite runs in it):
    on a shared machine the CPU figure says what the request costs, the wall figure what
    a clinician waits."""
    get()  # warm caches, template loading, the first query plans
    samples, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        status = get()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        if status != 200:
            raise SystemExit(f"unexpected HTTP {status}")
    p50, p95 = _percentiles(samples)
    return p50, p95, statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=10_000, help="notes each clinician sees")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="confide-note-search-bench-")
    _setup(folder)

    from django.test import Client as HttpClient
    from django.urls import reverse

    from confide.accounts.models import User
    from confide.operations.generator import Plan, generate
    from confide.records import access

    started = time.perf_counter()
    made = generate(Plan(clinicians=CLINICIANS, clients=200, notes=args.notes * CLINICIANS))
    made_s = time.perf_counter() - started
    clinician = User.objects.get(pk=made.clinicians[0])
    http = HttpClient(SERVER_NAME="localhost")
    http.force_login(clinician)
    url = reverse("records:note_search")
    queries = {
        "one common word": "coping",
        "two words": "family conflict",
        "no match": "zeppelin",
    }
    rows: list[tuple[str, int, float, float, float]] = []
    for label, query in queries.items():
        total = access.search_notes(clinician, query)[1]
        timed = _timed(lambda q=query: http.get(url, {"q": q}).status_code, args.rounds)
        rows.append((f"{label} ({query!r})", total, *timed))

    header = (
        f"{args.notes} notes seen by the clinician ({made.notes} in all, {made.segments} "
        f"segments), SQLite, {args.rounds} rounds, Python {platform.python_version()} on "
        f"{platform.machine()} ({os.cpu_count()} CPUs); generated in {made_s:.1f} s"
    )
    lines = [
        "# Note search (text sealed at rest, decrypted in Python for what the clinician sees)",
        "",
        header,
        "",
        "| query | notes matched | p50 ms | p95 ms | CPU ms (median) |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {what} | {n} | {p50:.1f} | {p95:.1f} | {cpu:.1f} |" for what, n, p50, p95, cpu in rows
    ]
    text = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
