"""Two app servers on one PostgreSQL: the path past one machine (docs/deploy.md).

Two gunicorn servers on different ports, each with its own data folder, share one dedicated
database (created from the migrated template, dropped afterwards) and the same secret key and
key ring, as two machines behind Caddy would. The test shows that a session made on one server
works on the other, that the public form's rate limit counts across both, that concurrent
audited writes through both leave one valid audit chain, and that a SIGKILL of one server loses
no acknowledged write. PostgreSQL only: SQLite is one machine by design.

Short by default; `make bench-http` runs it longer through CONFIDE_CRASH_BURST_SECONDS and
CONFIDE_CRASH_WRITERS (writer threads per server). Figures are printed (shown with -s).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from confide.disclosures.views import PUBLIC_LIMIT
from confide.operations.generated import BENCH_PASSWORD
from tests.operations.installs import Install, Installs, postgres_url
from tests.operations.server import Server, csrf_token, signed_in
from tests.operations.test_crash import BURST, USER, WRITERS, Burst, _state

pytestmark = [
    pytest.mark.two_servers,
    pytest.mark.skipif(not postgres_url(), reason="two servers share one PostgreSQL database"),
]


@pytest.fixture(scope="module")
def pair(template: Install) -> Iterator[tuple[Install, Install]]:
    """Two installs, two data folders, one database; shared by this module's tests (the kill
    comes last)."""
    installs = Installs(template)
    try:
        first = installs.migrated()
        first.run("generate", "--clinicians", "1", "--clients", "1", "--notes", "0")
        second = Install(Path(tempfile.mkdtemp(prefix="confide-ops-")), first.database)
        installs.made.append(second)  # its folder is removed; the database is dropped once
        yield first, second
    finally:
        installs.cleanup()


@pytest.fixture(scope="module")
def servers(pair: tuple[Install, Install]) -> Iterator[list[Server]]:
    started = [Server(install) for install in pair]
    try:
        for server in started:
            server.start()
        yield started
    finally:
        for server in started:
            server.stop()


def _public_post(url: str) -> int:
    """One submission of the public request form (empty: the limit counts every POST)."""
    http = requests.Session()
    token = csrf_token(http.get(url + "/disclosures/public/", timeout=30).text)
    answer = http.post(
        url + "/disclosures/public/",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": url + "/disclosures/public/"},
        timeout=30,
    )
    return answer.status_code


def test_session_from_one_server_works_on_the_other(servers: list[Server]) -> None:
    a, b = servers
    on_a = signed_in(a.url, USER, BENCH_PASSWORD)
    token = csrf_token(on_a.get(a.url + "/clients/new/", timeout=30).text)
    # A new client of B holding only the cookies A set: one secret key, one session table.
    on_b = requests.Session()
    for name in ("sessionid", "csrftoken"):
        on_b.cookies.set(name, on_a.cookies[name])
    page = on_b.get(b.url + "/clients/", allow_redirects=False, timeout=30)
    assert page.status_code == 200, "the session made on server A was not honoured by B"
    written = on_b.post(
        b.url + "/clients/new/",
        data={
            "first_name": "Ada",
            "last_name": "Acrossservers",
            "date_of_birth": "1990-04-01",
            "csrfmiddlewaretoken": token,
        },
        allow_redirects=False,
        timeout=30,
    )
    assert written.status_code == 302, "a write on B with A's session and CSRF token failed"
    assert "Acrossservers" in on_a.get(a.url + "/clients/?q=Acrossservers", timeout=30).text


def test_public_form_rate_limit_is_shared(servers: list[Server]) -> None:
    a, b = servers
    # Alternate A, B, A, ...: each server alone sees fewer than the limit.
    codes = [_public_post((a, b)[n % 2].url) for n in range(PUBLIC_LIMIT)]
    assert 429 not in codes, codes
    assert _public_post(b.url) == 429, "server B did not count the submissions made through A"
    assert _public_post(a.url) == 429
    print(f"rate limit: {PUBLIC_LIMIT} submissions across two servers, the next refused on both")


def test_concurrent_writes_one_chain_and_a_kill_loses_nothing(
    pair: tuple[Install, Install], servers: list[Server]
) -> None:
    a, b = servers
    started = time.monotonic()
    with Burst(a.url, 0) as on_a, Burst(b.url, 1) as on_b:
        assert on_a.first.wait(timeout=120) and on_b.first.wait(timeout=120)
        time.sleep(BURST)  # both servers write concurrently
        a.kill()
        killed_at = len(on_a.acknowledged)
        time.sleep(BURST)  # B goes on alone
    seconds = time.monotonic() - started
    assert not on_a.refused and not on_b.refused, (on_a.refused, on_b.refused)
    acknowledged = on_a.acknowledged + on_b.acknowledged
    assert on_a.acknowledged and on_b.acknowledged

    state = _state(pair[1])
    stored = state["clients"]
    assert isinstance(stored, dict)
    missing = sorted(set(acknowledged) - set(stored))
    assert not missing, f"acknowledged writes lost: {missing}"
    half = sorted(name for name, has_event in stored.items() if not has_event)
    assert not half, f"clients without their audit event: {half}"
    assert state["orphan_events"] == []
    began = time.monotonic()
    verdict = pair[1].verify()
    assert "Audit chain intact" in verdict, verdict
    print(
        f"two servers x {WRITERS} writers, {seconds:.1f} s: {len(on_a.acknowledged)} writes "
        f"acknowledged by A (killed after {killed_at}), {len(on_b.acknowledged)} by B, "
        f"{len(acknowledged) / seconds:.0f}/s together; {len(stored)} stored, 0 lost; "
        f"audit verify {time.monotonic() - began:.1f} s: {verdict.strip().splitlines()[0]}"
    )
