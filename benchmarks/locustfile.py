"""Locust users for `make bench-http`: clinicians of a generated practice at work.

Each simulated user is one generated clinician, signed in, and browses their own dashboard,
clients, cases and note list, and asks the decision engine for advice over the API. The map
of sessions (cookies of clinicians signed in beforehand, with their case and client ids) comes
from CONFIDE_BENCH_MAP, written by http_bench.py.
Tags: `pages` (the mix), `case` (the case page alone, for its target), `dashboard` (the
dashboard alone, for its budget), `baseline` (the bare `/healthz` view, for the ratio).
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

from locust import HttpUser, between, tag, task

SESSIONS: list[dict[str, Any]] = (
    json.load(open(os.environ["CONFIDE_BENCH_MAP"]))  # noqa: SIM115
    if os.environ.get("CONFIDE_BENCH_MAP")
    else []
)
SITUATION = {
    "jurisdiction": "US-UT",
    "clinician_license": "psychologist",
    "client": {"age": 30},
    "case": {"type": "individual", "secrets_policy": None},
    "event": {
        "kind": "information_request",
        "requester": "other_professional",
        "information": ["diagnosis", "progress_notes"],
        "authorization": {
            "covers": ["diagnosis"],
            "recipient_matches": True,
            "expired": False,
            "revoked": False,
            "complete": True,
            "signed_by_all_participants": True,
        },
    },
}


def _think_time() -> tuple[float, float]:
    """CONFIDE_BENCH_THINK="0.5-1.5": seconds a clinician spends between clicks (0: none)."""
    low, _, high = os.environ.get("CONFIDE_BENCH_THINK", "0").partition("-")
    return float(low), float(high or low)


class Clinician(HttpUser):
    wait_time = between(*_think_time())
    taken = 0

    def on_start(self) -> None:
        """Take one of the sessions signed in beforehand (sign-in is not what is measured)."""
        Clinician.taken += 1
        if not SESSIONS:
            self.cases: list[int] = []
            self.clients: list[int] = []
            return
        chosen = SESSIONS[Clinician.taken % len(SESSIONS)]
        self.cases, self.clients = chosen["cases"], chosen["clients"]
        for name, value in chosen["cookies"].items():
            self.client.cookies.set(name, value)

    @tag("pages", "case")
    @task(3)
    def case_page(self) -> None:
        self.client.get(f"/cases/{random.choice(self.cases)}/", name="case page")

    @tag("pages")
    @task(2)
    def client_page(self) -> None:
        self.client.get(f"/clients/{random.choice(self.clients)}/", name="client page")

    @tag("pages", "dashboard")
    @task(2)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")

    @tag("pages")
    @task(2)
    def note_list(self) -> None:
        self.client.get("/records/", name="note list")

    @tag("pages")
    @task(1)
    def case_notes(self) -> None:
        self.client.get(f"/records/cases/{random.choice(self.cases)}/", name="case notes")

    @tag("pages")
    @task(2)
    def advise(self) -> None:
        self.client.post(
            "/api/v1/advise",
            json=SITUATION,
            headers={"X-CSRFToken": self.client.cookies.get("csrftoken", "")},
            name="POST /api/v1/advise",
        )

    @tag("baseline")
    @task(1)
    def healthz(self) -> None:
        self.client.get("/healthz", name="healthz (bare Django)")
