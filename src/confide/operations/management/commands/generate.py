"""`confide generate --clinicians N --clients N --notes N`: a made-up practice for load tests.

Refuses to run twice in one database, and is meant for a throw-away data folder only.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from confide.badinput import BadInput
from confide.operations.generated import BENCH_PASSWORD, USER_PREFIX
from confide.operations.generator import Plan, already_generated, generate


class Command(BaseCommand):
    help = "Bulk-insert a large made-up practice (one summarising audit event) for load tests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clinicians", type=int, default=200)
        parser.add_argument("--clients", type=int, default=5000)
        parser.add_argument("--notes", type=int, default=200_000)
        parser.add_argument("--seed", type=int, default=9, help="same seed, same practice")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan(options["clinicians"], options["clients"], options["notes"], options["seed"])
        try:
            plan.check()
        except ValueError as error:
            raise BadInput(str(error)) from error
        if already_generated():
            raise BadInput("this database already holds a generated practice; use a fresh one")
        started = time.perf_counter()
        made = generate(plan, progress=lambda text: self.stderr.write(f"  … {text}"))
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Generated {len(made.clinicians)} clinicians, {made.clients} clients, "
            f"{made.cases} cases, {made.notes} notes ({made.segments} segments) "
            f"in {seconds:.1f} s, with one summarising audit event."
        )
        self.stdout.write(f"Sign in as {USER_PREFIX}0001 with password {BENCH_PASSWORD}.")
