"""Decision-engine throughput and `confide advise` start-up time (run by `make bench-policy`).

Throughput: `decide` over a varied mix (the shared scenarios, the project's own scenario suite
and seeded random situations across all 52 jurisdictions), in one process, on one core.
Start-up: median wall time of ten `confide advise FILE` runs, each a fresh interpreter.
Targets: 50,000 decisions/s; start-up under 300 ms.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from confide.policy import decide, situation_from_dict  # noqa: E402
from confide.policy.engine import decide_uncached  # noqa: E402
from confide.policy.jurisdictions import STATE_CODES  # noqa: E402
from confide.policy.situation import (  # noqa: E402
    CASE_TYPES,
    CONCERNS,
    CONSULT_WITH,
    INFORMATION,
    LEGAL_PROCESSES,
    LICENSES,
    PURPOSES,
    REQUESTERS,
    SETTINGS,
    VIOLATION_BY,
    Situation,
)

CONFIDE = ROOT / ".venv" / "bin" / "confide"
OWN_SCENARIOS = ROOT / "tests" / "policy" / "scenarios"
SCENARIO_DIRS = [OWN_SCENARIOS / "shared", OWN_SCENARIOS]  # the public copy, then our own
TARGET_RATE = 50_000
TARGET_STARTUP_MS = 300.0


def scenario_files() -> list[Path]:
    return [p for d in SCENARIO_DIRS if d.is_dir() for p in sorted(d.glob("*.json"))]


def random_situation(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(
        ["information_request"] * 3 + ["safety_concern", "suspected_violation", "consultation"]
    )
    event: dict[str, Any] = {"kind": kind}
    if kind == "information_request":
        info = rng.sample(INFORMATION, rng.randint(1, 4))
        event |= {
            "requester": rng.choice(REQUESTERS),
            "information": info,
            "purpose": rng.choice(PURPOSES),
            "legal_process": rng.choice(LEGAL_PROCESSES),
            "emergency": rng.random() < 0.1,
            "authorization": None
            if rng.random() < 0.6
            else {"covers": rng.sample(INFORMATION, 2), "expired": rng.random() < 0.2},
        }
    elif kind == "safety_concern":
        event |= {"concern": rng.choice(CONCERNS), "imminent": rng.random() < 0.5}
    elif kind == "suspected_violation":
        event |= {"by": rng.choice(VIOLATION_BY), "setting": rng.choice(SETTINGS)}
    else:
        event |= {"with": rng.choice(CONSULT_WITH), "client_authorized": rng.random() < 0.3}
    return {
        "jurisdiction": rng.choice(["US", *(f"US-{c}" for c in sorted(STATE_CODES))]),
        "clinician_license": rng.choice(LICENSES),
        "client": {"age": rng.randint(8, 90)},
        "case": {"type": rng.choice(CASE_TYPES)},
        "event": event,
    }


def mix() -> list[Situation]:
    found = [situation_from_dict(json.loads(p.read_text())["situation"]) for p in scenario_files()]
    rng = random.Random(20261122)
    found += [situation_from_dict(random_situation(rng)) for _ in range(2000)]
    rng.shuffle(found)
    return found


def throughput(
    situations: list[Situation], fn: Callable[[Situation], object], seconds: float = 3.0
) -> tuple[float, float, int]:
    """Decisions per second of wall time and of this process's CPU time (one core)."""
    for situation in situations:  # warm the per-jurisdiction indexes and the rule files
        fn(situation)
    count = 0
    wall, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - wall < seconds:
        for situation in situations:
            fn(situation)
        count += len(situations)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return count / wall, count / cpu, count


def startup_ms(runs: int = 10) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) milliseconds of fresh `confide advise FILE` processes."""
    sample = scenario_files()[0]
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([str(CONFIDE), "advise", str(sample)], check=True, capture_output=True)
        walls.append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        cpus.append(used * 1000)
    return walls, cpus


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    situations = mix()
    memo_wall, memo_cpu, count = throughput(situations, decide)
    raw_wall, raw_cpu, _ = throughput(situations, decide_uncached)
    walls, cpus = startup_ms()
    wall_ms, cpu_ms = statistics.median(walls), statistics.median(cpus)
    print(
        f"mix: {len(situations)} situations ({len(scenario_files())} scenario files + 2000 "
        f"seeded random, 52 jurisdictions); {count:,} decisions timed per run; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"start-up wall ms: {', '.join(f'{t:.0f}' for t in walls)}")
    rows = [
        ("decide() memoized, per CPU second", memo_cpu, TARGET_RATE, True),
        ("decide() memoized, per wall second", memo_wall, TARGET_RATE, True),
        ("reasoning, no memo, per CPU second", raw_cpu, TARGET_RATE, True),
        ("reasoning, no memo, per wall second", raw_wall, TARGET_RATE, True),
        ("confide advise start-up, median CPU ms", cpu_ms, TARGET_STARTUP_MS, False),
        ("confide advise start-up, median wall ms", wall_ms, TARGET_STARTUP_MS, False),
    ]
    print(f"{'measure':<42} {'value':>10} {'target':>10}  ok")
    for name, value, target, at_least in rows:
        ok = value >= target if at_least else value < target
        sign = ">=" if at_least else "<"
        print(f"{name:<42} {value:>10,.0f} {sign:>3}{target:>7,.0f}  {'yes' if ok else 'no'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
