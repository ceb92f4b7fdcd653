"""Client list and search at 5,000 clients, with names sealed at rest and a keyed blind index.

A fresh data folder and SQLite database, `confide generate` (through its module) with 5,000
clients, then the client page as an administrator (who sees all 5,000, the worst case: every
name is sorted in Python before the page of 50 is cut) and as one clinician, and search by
full name, by last name and by date of birth. The list is timed warm (sort keys already in
the worker's memory, `practice.search._ORDER`, only the page decrypted) and cold (as a
freshly started worker: every visible name decrypted). Requests go through the whole Django
stack in-process (middleware, audit event, template), without a network. Prints p50/p95 ms and
writes benchmarks/results/client_search.md.

    python benchmarks/client_search.py               # make bench (5,000 clients, 30 rounds)
    python benchmarks/client_search.py --clients 500 --rounds 5
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
RESULTS = ROOT / "benchmarks" / "results" / "client_search.md"


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


def _timed(get: Callable[[], int], rounds: int) -> tuple[float, float]:
    get()  # warm caches, template loading, the first query plans
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        status = get()
        samples.append((time.perf_counter() - start) * 1000)
        if status != 200:
            raise SystemExit(f"unexpected HTTP {status}")
    return _percentiles(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--clinicians", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="confide-client-bench-")
    _setup(folder)

    from django.test import Client as HttpClient
    from django.urls import reverse

    from confide.accounts.models import Role, User
    from confide.operations.generator import Plan, generate
    from confide.practice.access import clients_for
    from confide.practice.models import Client
    from confide.practice.search import filter_clients, forget_order

    started = time.perf_counter()
    generate(Plan(clinicians=args.clinicians, clients=args.clients, notes=0))
    made_s = time.perf_counter() - started
    admin = User.objects.create(username="bench-admin", role=Role.ADMINISTRATOR)
    sample = Client.objects.order_by("pk")[args.clients // 2]
    clinician = sample.created_by
    url = reverse("practice:client_list")
    queries = {
        "full name": sample.full_name,
        "last name": sample.last_name.split("-")[0],  # "Chen" of "Chen-42": many clients
        "date of birth": sample.date_of_birth.strftime("%m/%d/%Y"),
    }
    rows: list[tuple[str, str, int, float, float]] = []
    for who, user in (("administrator", admin), ("clinician", clinician)):
        http = HttpClient(SERVER_NAME="localhost")
        http.force_login(user)
        p50, p95 = _timed(lambda h=http: h.get(url).status_code, args.rounds)
        rows.append((who, "list, first page", -1, p50, p95))

        def cold(h: HttpClient = http) -> int:
            forget_order()  # as the first list a freshly started worker serves
            return int(h.get(url).status_code)

        p50, p95 = _timed(cold, args.rounds)
        rows.append((who, "list, first page, cold (new worker)", -1, p50, p95))
        for label, query in queries.items():
            shown = filter_clients(clients_for(user), query).count()
            p50, p95 = _timed(lambda h=http, q=query: h.get(url, {"q": q}).status_code, args.rounds)
            rows.append((who, f"search by {label} ({query!r})", shown, p50, p95))

    header = (
        f"{args.clients} clients, {args.clinicians} clinicians, SQLite, {args.rounds} rounds, "
        f"Python {platform.python_version()} on {platform.machine()} "
        f"({os.cpu_count()} CPUs); generated in {made_s:.1f} s"
    )
    lines = [
        "# Client list and search (names sealed, keyed blind index)",
        "",
        header,
        "",
        "| viewer | request | matches | p50 ms | p95 ms |",
        "|---|---|---:|---:|---:|",
    ]
    for who, what, shown, p50, p95 in rows:
        matches = "all visible" if shown < 0 else str(shown)
        lines.append(f"| {who} | {what} | {matches} | {p50:.1f} | {p95:.1f} |")
    text = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
