"""Crash safety: SIGKILL gunicorn in the middle of a burst of audited writes, restart, and find
every acknowledged write whole, no write half-done, and the audit chain intact.

Short by default (one kill after ~1.5 s of writes, for `make test`); `make bench-http` runs the
long form through CONFIDE_CRASH_ROUNDS / CONFIDE_CRASH_BURST_SECONDS / CONFIDE_CRASH_WRITERS.
"""

from __future__ import annotations

import json
import os
import threading
import time

import pytest
import requests

from confide.operations.generated import BENCH_PASSWORD, USER_PREFIX
from tests.operations.installs import Install, Installs
from tests.operations.server import Server, csrf_token, signed_in

ROUNDS = int(os.environ.get("CONFIDE_CRASH_ROUNDS", "1"))
BURST = float(os.environ.get("CONFIDE_CRASH_BURST_SECONDS", "1.5"))
WRITERS = int(os.environ.get("CONFIDE_CRASH_WRITERS", "6"))
USER = f"{USER_PREFIX}0001"

# Run inside the install: each crash-test client, and whether its "Client registered" event
# exists; and any such event whose client is missing.
STATE = """
import json
from confide.audit.models import AuditEvent
from confide.practice.models import Client
# Names are sealed at rest: filter after decryption.
clients = {c.pk: c.last_name for c in Client.objects.all() if c.last_name.startswith("Crash")}
events = set(AuditEvent.objects.filter(target_type="practice.client", action="create")
             .values_list("target_id", flat=True))
print(json.dumps({
    "clients": {name: str(pk) in events for pk, name in clients.items()},
    "orphan_events": sorted(e for e in events if int(e) not in clients
                            and not Client.objects.filter(pk=int(e)).exists()),
}))
"""


class Burst:
    """Writer threads registering clients as fast as the server takes them."""

    def __init__(self, url: str, round_no: int) -> None:
        self.url, self.round_no = url, round_no
        self.stop = threading.Event()
        self.acknowledged: list[str] = []
        self.refused: list[int] = []
        self.first = threading.Event()
        self.threads = [threading.Thread(target=self.write, args=(n,)) for n in range(WRITERS)]

    def write(self, n: int) -> None:
        try:
            http = signed_in(self.url, USER, BENCH_PASSWORD)
            token = csrf_token(http.get(self.url + "/clients/new/", timeout=30).text)
        except requests.RequestException:
            return  # killed before this writer got going
        i = 0
        while not self.stop.is_set():
            name = f"Crash{self.round_no}w{n}n{i}"
            i += 1
            try:
                answer = http.post(
                    self.url + "/clients/new/",
                    data={
                        "first_name": "Kay",
                        "last_name": name,
                        "date_of_birth": "1990-04-01",
                        "csrfmiddlewaretoken": token,
                    },
                    allow_redirects=False,
                    timeout=30,
                )
            except requests.RequestException:
                return  # the server is gone: this write was never acknowledged
            if answer.status_code in (301, 302, 303):
                self.acknowledged.append(name)
                self.first.set()
            else:
                self.refused.append(answer.status_code)

    def __enter__(self) -> Burst:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


def _state(install: Install) -> dict[str, dict[str, bool] | list[str]]:
    return dict(json.loads(install.python(STATE).strip().splitlines()[-1]))


@pytest.fixture
def install(installs: Installs) -> Install:
    made = installs.migrated()
    made.run("generate", "--clinicians", "1", "--clients", "1", "--notes", "0")
    return made


def test_sigkill_during_writes_loses_no_acknowledged_write(install: Install) -> None:
    acknowledged: list[str] = []
    for round_no in range(ROUNDS):
        server = Server(install)
        server.start()
        try:
            with Burst(server.url, round_no) as burst:
                burst.first.wait(timeout=120)  # writers are signed in and writing
                time.sleep(BURST)
                server.kill()
        finally:
            server.stop()
        assert not burst.refused, f"writes refused before the crash: {burst.refused}"
        assert burst.acknowledged, "no write was acknowledged before the kill"
        acknowledged += burst.acknowledged

    print(f"{len(acknowledged)} acknowledged writes across {ROUNDS} SIGKILLs")  # shown with -s
    state = _state(install)
    stored = state["clients"]
    assert isinstance(stored, dict)
    missing = sorted(set(acknowledged) - set(stored))
    assert not missing, f"acknowledged writes lost: {missing}"
    half = sorted(name for name, has_event in stored.items() if not has_event)
    assert not half, f"clients without their audit event: {half}"
    assert state["orphan_events"] == [], "audit events whose client was never written"
    assert "Audit chain intact" in install.verify()

    # And the restarted server serves what was written.
    server = Server(install)
    server.start()
    try:
        http = signed_in(server.url, USER, BENCH_PASSWORD)
        page = http.get(server.url + "/clients/?q=" + acknowledged[-1], timeout=30)
        assert page.status_code == 200
    finally:
        server.stop()
