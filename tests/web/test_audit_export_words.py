"""The audit export reads like the trail page: actions, actor labels and summaries in words
(`confide.words`), never an internal name, while ids, detail and hashes stay as recorded so
the exported chain can still be checked against the database."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from confide.audit.log import record
from confide.audit.models import AuditEvent
from tests.web.test_practice_records import make_user

pytestmark = pytest.mark.django_db
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
WORDED = ("actor_label", "action", "summary")


def _events() -> None:
    record(actor=None, action="access_denied", client_id=7, summary="Not found or not allowed")
    record(
        actor=None,
        action="break_glass",
        client_id=7,
        summary="Advice share_deidentified under no_secrets",
        detail={"emergency_access_id": 3},
    )


def _hex(value: object) -> str:
    return value.hex() if isinstance(value, bytes | memoryview) else str(value)


def _check(rows: list[dict[str, str]]) -> None:
    by_seq = {e.seq: e for e in AuditEvent.objects.all()}
    for row in rows:
        for column in WORDED:
            assert not SNAKE.search(row[column]), (column, row[column])
        event = by_seq[int(row["seq"])]
        assert (row["hash"], row["prev_hash"]) == (_hex(event.hash), _hex(event.prev_hash))
    actions = [r["action"] for r in rows if r["client_id"] == "7"]
    assert actions[:2] == ["access refused", "emergency access"]
    summary = next(r["summary"] for r in rows if r["action"] == "emergency access")
    assert summary == "Advice share de-identified material only under no secrets"
    assert '"emergency_access_id": 3' in next(r["detail"] for r in rows if r["detail"] != "{}")


def test_web_export_in_words(client: Client) -> None:
    olive = make_user("olive", "privacy_officer")
    _events()
    client.force_login(olive)
    response = client.get(reverse("audit:export"), {"client_id": 7})
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 3  # the two events and the export itself
    assert rows[-1]["actor_label"] == "olive (privacy officer)"
    _check(rows)


def test_cli_export_in_words(tmp_path) -> None:  # type: ignore[no-untyped-def]
    _events()
    target = tmp_path / "trail.csv"
    call_command("audit", "export", "--csv", str(target), "--client", "7", stderr=io.StringIO())
    _check(list(csv.DictReader(target.open())))
