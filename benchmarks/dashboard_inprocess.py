"""The dashboard in process: Django's test client over a generated practice, no server, no locust.

The HTTP benchmark (`http_bench.py`) needs gunicorn and locust and measures queueing as much as
the page. This measures the page itself, so a change can be compared with main in the same
minutes on a shared machine: wall and CPU time per request (p50/p95), the queries it makes and
their time, and the Python calls per request (a count that load does not change).

The practice is generated once into a data folder (`confide generate`, 200 clinicians, 5,000
clients, 200,000 notes by default) and reused by later runs, so main and a branch can be
measured alternately on the very same data:

    PYTHONPATH=src python benchmarks/dashboard_inprocess.py --data /tmp/dash-bench
    PYTHONPATH=src python benchmarks/dashboard_inprocess.py --data /tmp/dash-bench --profile 30
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="data folder (made if missing)")
    parser.add_argument("--clinicians", type=int, default=200)
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--notes", type=int, default=200_000)
    parser.add_argument("--users", type=int, default=20, help="clinicians signed in")
    parser.add_argument("--requests", type=int, default=100, help="dashboard requests measured")
    parser.add_argument("--url", default="/")
    parser.add_argument("--profile", type=int, default=0, help="cProfile this many requests")
    parser.add_argument(
        "--calls", type=int, default=20, help="count Python calls over this many requests"
    )
    return parser.parse_args()


def setup(data: Path) -> None:
    data.mkdir(parents=True, exist_ok=True)
    os.environ["CONFIDE_DATA_DIR"] = str(data)
    os.environ["CONFIDE_TEST_DATA_FOR"] = os.environ.get("PYTEST_XDIST_WORKER", "")
    os.environ.pop("CONFIDE_DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # as pytest-django does: the test client's host is allowed


def generate(args: argparse.Namespace) -> None:
    """Migrate and generate once; a folder that holds a generated practice is reused."""
    from django.core.management import call_command

    marker = args.data / "generated.json"
    wanted = {"clinicians": args.clinicians, "clients": args.clients, "notes": args.notes}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command(
        "generate",
        "--clinicians",
        str(args.clinicians),
        "--clients",
        str(args.clients),
        "--notes",
        str(args.notes),
    )
    print(f"generated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    marker.write_text(json.dumps(wanted))


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _calls_per_request(clients: list[Any], args: argparse.Namespace) -> int:
    """Python function calls per request (cProfile's count): unlike time, the same on a busy
    machine as on a quiet one, so two branches compare within one run of each."""
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(args.calls):
        clients[i % len(clients)].get(args.url)
    profiler.disable()
    return round(pstats.Stats(profiler).total_calls / args.calls)


def measure(args: argparse.Namespace) -> dict[str, object]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from confide.accounts.models import User
    from confide.operations.generated import USER_PREFIX

    users = list(
        User.objects.filter(username__startswith=USER_PREFIX).order_by("username")[: args.users]
    )
    clients = []
    for user in users:
        http = Client()
        http.force_login(user)
        assert http.get(args.url).status_code == 200  # warm: session renewal, caches
        clients.append(http)
    wall: list[float] = []
    cpu: list[float] = []
    queries: list[int] = []
    sql_ms: list[float] = []
    for i in range(args.requests):
        http = clients[i % len(clients)]
        with CaptureQueriesContext(connection) as captured:
            w0, c0 = time.perf_counter(), time.process_time()
            response = http.get(args.url)
            w1, c1 = time.perf_counter(), time.process_time()
        assert response.status_code == 200
        wall.append((w1 - w0) * 1000)
        cpu.append((c1 - c0) * 1000)
        queries.append(len(captured.captured_queries))
        sql_ms.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    calls = _calls_per_request(clients, args) if args.calls else None
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for i in range(args.profile):
            clients[i % len(clients)].get(args.url)
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
        stats.print_stats(45)
    return {
        "url": args.url,
        "requests": args.requests,
        "users": len(clients),
        "wall_p50_ms": round(statistics.median(wall), 1),
        "wall_p95_ms": round(_pct(wall, 0.95), 1),
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "cpu_p95_ms": round(_pct(cpu, 0.95), 1),
        "queries_p50": statistics.median(queries),
        "queries_max": max(queries),
        "sql_ms_p50": round(statistics.median(sql_ms), 1),
        "python_calls_per_request": calls,
        "load": round(os.getloadavg()[0], 2),
    }


def main() -> int:
    args = parse_args()
    setup(args.data)
    generate(args)
    print(json.dumps(measure(args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
