"""The audit trail: recording, the hash chain, tamper detection, append-only storage, UI."""

from __future__ import annotations

import csv
import io
import os
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from confide.accounts.models import User
from confide.audit import anchors
from confide.audit.log import record
from confide.audit.models import GENESIS_HASH, AuditEvent
from confide.audit.protection import protect, unprotect
from confide.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def make_user(username: str, role: str = "clinician") -> User:
    user = User(username=username, role=role)
    user.set_password("correct horse battery staple")
    user.save()
    return user


def fill(n: int = 5) -> list[AuditEvent]:
    return [
        record(actor=None, action="view", summary=f"event {i}", detail={"i": i}) for i in range(n)
    ]


def as_attacker(*statements: str) -> None:
    """Someone with direct database access: drop the triggers, change rows, put them back."""
    unprotect(connection)
    try:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    finally:
        protect(connection)


def as_stored(digest: str) -> str:
    """SQL for a hash as the table keeps it (32 bytes, layout 3), for the attacker's UPDATE."""
    if connection.vendor == "postgresql":
        return f"decode('{digest}', 'hex')"
    return f"X'{digest}'"


def verify_command() -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), err.getvalue()
    return 0, out.getvalue()


# --- record() -------------------------------------------------------------------------------


def test_record_links_events_into_a_chain() -> None:
    carla = make_user("carla")
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    first = record(actor=carla, action="change", target=carla, client_id=7, request=request)
    second = record(actor=None, action="export", summary="nightly")
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == GENESIS_HASH and second.prev_hash == first.hash
    assert first.target_type == "accounts.user" and first.target_id == str(carla.pk)
    assert first.actor_label == "carla (clinician)" and first.ip == "10.1.2.3"
    assert first.client_id == 7
    assert second.actor is None and second.actor_label == "system"
    stored = AuditEvent.objects.get(seq=1)
    assert stored.compute_hash() == stored.hash


def test_record_rolls_back_with_the_callers_transaction() -> None:
    fill(2)
    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=None, action="create", summary="doomed")
        raise RuntimeError("the change failed")
    assert AuditEvent.objects.count() == 2
    assert record(actor=None, action="view").seq == 3
    assert verify_chain().ok


def test_detail_survives_the_round_trip_through_the_database() -> None:
    import datetime as dt
    import decimal

    record(
        actor=None,
        action="decision",
        detail={
            "when": dt.date(2026, 1, 2),
            "amount": decimal.Decimal("1.50"),
            "nested": {"b": [1, 2], "a": None},
        },
    )
    assert verify_chain().ok


# --- verify ---------------------------------------------------------------------------------


def test_intact_chain_passes() -> None:
    fill(5)
    result = verify_chain()
    assert result.ok and result.checked == 5 and result.first_broken_seq is None
    assert result.head_hash == AuditEvent.objects.get(seq=5).hash
    assert verify_command() == (
        0,
        f"Audit chain intact: 5 events checked. Head: {result.head_hash}\n",
    )


def test_empty_chain_passes() -> None:
    assert verify_chain().ok


def test_edited_event_is_caught() -> None:
    fill(5)
    as_attacker("UPDATE audit_auditevent SET summary = 'nothing to see' WHERE seq = 3")
    result = verify_chain()
    assert not result.ok and result.first_broken_seq == 3 and "edited" in result.reason
    code, message = verify_command()
    assert code == 1 and "BROKEN at event 3" in message


def test_edit_with_recomputed_hash_is_caught_at_the_next_event() -> None:
    events = fill(5)
    forged = AuditEvent.objects.get(seq=3)
    forged.summary = "forged"
    forged.hash = forged.compute_hash()
    as_attacker(
        "UPDATE audit_auditevent SET summary = 'forged',"
        f" hash = {as_stored(forged.hash)} WHERE seq = 3"
    )
    assert events[2].hash != forged.hash
    result = verify_chain()
    assert not result.ok and result.first_broken_seq == 4


def test_deleted_event_is_caught() -> None:
    fill(5)
    as_attacker("DELETE FROM audit_auditevent WHERE seq = 2")
    result = verify_chain()
    assert not result.ok and result.first_broken_seq == 3
    assert verify_command()[0] == 1


def test_deleted_last_event_is_not_an_error_but_the_count_shows_it() -> None:
    # Truncating the tail leaves a valid shorter chain; the count (and any exported copy) is
    # how an officer notices. Documented limit of a hash chain without an external anchor.
    fill(5)
    as_attacker("DELETE FROM audit_auditevent WHERE seq = 5")
    result = verify_chain()
    assert result.checked == 4 and result.head_hash == AuditEvent.objects.get(seq=4).hash


def test_an_anchored_head_catches_events_cut_from_the_end(tmp_path) -> None:  # type: ignore[no-untyped-def]
    fill(5)
    anchor_file = tmp_path / "anchors"
    out = io.StringIO()
    call_command("audit", "verify", "--anchor", "--anchors", str(anchor_file), stdout=out)
    assert "Anchored event 5" in out.getvalue()
    assert anchor_file.read_text().split()[:2] == ["5", AuditEvent.objects.get(seq=5).hash]
    assert oct(anchor_file.stat().st_mode & 0o777) == "0o600"
    # The same head is not written twice; a later head is added.
    call_command("audit", "verify", "--anchor", "--anchors", str(anchor_file), stdout=out)
    assert len(anchor_file.read_text().splitlines()) == 1

    as_attacker("DELETE FROM audit_auditevent WHERE seq IN (4, 5)")
    result = verify_chain(anchors=anchors.read(anchor_file))
    assert not result.ok and "cut from the end" in result.reason
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("audit", "verify", "--anchors", str(anchor_file), stderr=err)
    assert exit_.value.code == 1 and "BROKEN at event 4" in err.getvalue()


def test_an_anchored_head_catches_a_rewritten_history(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Rewriting an event and re-hashing every later one passes the chain check alone; the
    anchored hash of the old head does not match any more."""
    fill(3)
    anchor_file = tmp_path / "anchors"
    anchors.append(anchor_file, anchors.Anchor(3, AuditEvent.objects.get(seq=3).hash))
    prev = AuditEvent.objects.get(seq=1).hash
    statements = []
    for event in AuditEvent.objects.filter(seq__gte=2).order_by("seq"):
        event.summary, event.prev_hash = "forged", prev
        event.hash = event.compute_hash()
        statements.append(
            f"UPDATE audit_auditevent SET summary = 'forged', prev_hash = {as_stored(prev)}, "
            f"hash = {as_stored(event.hash)} WHERE seq = {event.seq}"
        )
        prev = event.hash
    as_attacker(*statements)
    assert verify_chain().ok  # a consistent forgery, on its own
    result = verify_chain(anchors=anchors.read(anchor_file))
    assert not result.ok and result.first_broken_seq == 3 and "rewritten" in result.reason


def test_a_malformed_anchor_file_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "anchors"
    bad.write_text("five abc\n")
    with pytest.raises(CommandError, match="line 1: expected 'SEQ HASH"):
        call_command("audit", "verify", "--anchors", str(bad))
    fill(2)
    nowhere = tmp_path / "missing-folder" / "anchors"
    with pytest.raises(CommandError, match="cannot write the anchor file"):
        call_command("audit", "verify", "--anchor", "--anchors", str(nowhere), stdout=io.StringIO())
    with pytest.raises(CommandError, match="cannot read the anchor file"):
        call_command("audit", "verify", "--anchors", str(tmp_path))


def test_reordered_events_are_caught() -> None:
    fill(5)
    as_attacker(
        "UPDATE audit_auditevent SET seq = 100 WHERE seq = 2",
        "UPDATE audit_auditevent SET seq = 2 WHERE seq = 3",
        "UPDATE audit_auditevent SET seq = 3 WHERE seq = 100",
    )
    result = verify_chain()
    assert not result.ok and result.first_broken_seq == 2
    assert verify_command()[0] == 1


def test_renumbered_event_is_caught() -> None:
    fill(3)
    as_attacker("UPDATE audit_auditevent SET seq = 10 WHERE seq = 3")
    result = verify_chain()
    assert not result.ok and result.first_broken_seq == 10


# --- append-only at the database ------------------------------------------------------------


def test_database_refuses_update_and_delete() -> None:
    fill(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(summary="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=2).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 2 and verify_chain().ok


@pytest.mark.skipif(
    not os.environ.get("CONFIDE_DATABASE_URL", "").startswith("postgres"),
    reason="TRUNCATE and privileges are PostgreSQL's",
)
def test_postgres_refuses_truncate_and_public_has_no_write_privileges() -> None:
    fill(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT has_table_privilege('public', 'audit_auditevent', 'UPDATE'),"
            " has_table_privilege('public', 'audit_auditevent', 'DELETE'),"
            " has_table_privilege('public', 'audit_auditevent', 'TRUNCATE')"
        )
        assert cursor.fetchone() == (False, False, False)


def test_flush_outside_tests_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.management.base import CommandError

    settings.TESTING = False
    fill(1)
    with pytest.raises(CommandError, match="audit trail"):
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 1


# --- concurrency ----------------------------------------------------------------------------


@pytest.mark.skipif(
    not os.environ.get("CONFIDE_DATABASE_URL", "").startswith("postgres"),
    reason="threads share SQLite's in-memory test database; PostgreSQL shows real concurrency",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_chain() -> None:
    threads, per_thread = 8, 25
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    record(actor=None, action="view", summary=f"thread {n} event {i}")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    result = verify_chain()
    assert result.ok and result.checked == threads * per_thread


# --- the trail page and exports ------------------------------------------------------------


def test_privacy_officer_browses_and_filters_the_trail_and_viewing_is_audited(
    client: Client,
) -> None:
    olive = make_user("olive", "privacy_officer")
    carla = make_user("carla")
    record(actor=carla, action="view", client_id=11, summary="Opened client 11")
    record(actor=carla, action="change", client_id=12, summary="Edited client 12")
    client.force_login(olive)
    page = client.get(reverse("audit:trail"), {"client_id": 11})
    assert page.status_code == 200
    assert b"Opened client 11" in page.content and b"Edited client 12" not in page.content
    viewed = AuditEvent.objects.filter(action="view", actor=olive).get()
    assert viewed.client_id == 11 and viewed.detail == {"filters": {"client_id": "11"}}
    page = client.get(reverse("audit:trail"), {"action": "change", "actor": "carl"})
    assert b"Edited client 12" in page.content and b"Opened client 11" not in page.content
    assert verify_chain().ok


def test_invalid_filters_show_errors(client: Client) -> None:
    client.force_login(make_user("olive", "privacy_officer"))
    page = client.get(reverse("audit:trail"), {"since": "2026-05-02", "until": "2026-05-01"})
    assert page.status_code == 400 and b"before the start date" in page.content


@pytest.mark.parametrize(
    "bad",
    [
        {"client_id": str(2**70)},
        {"client_id": "-1"},
        {"until": "9999-12-31"},
        {"since": "0001-01-01"},
        {"since": "2026-13-01"},
    ],
)
def test_out_of_range_filters_are_form_errors_not_server_errors(
    client: Client, bad: dict[str, str]
) -> None:
    record(actor=None, action="view", client_id=5, summary="a secret summary")
    client.force_login(make_user("olive", "privacy_officer"))
    events = AuditEvent.objects.count()
    page = client.get(reverse("audit:trail"), bad)
    assert page.status_code == 400 and b"errorlist" in page.content
    assert b"a secret summary" not in page.content  # nothing shown unfiltered
    assert client.get(reverse("audit:export"), bad).status_code == 400
    assert AuditEvent.objects.count() == events


def test_trail_pages_by_event_number_without_counting(client: Client) -> None:
    fill(120)
    client.force_login(make_user("ada", "administrator"))
    first = client.get(reverse("audit:trail"), {"action": "view"})
    # the newest 50 views: the officer's own view (122, after the sign-in) down to event 72
    assert b"50 events, numbers 122 down to 72; older events follow" in first.content
    assert b'href="?action=view&amp;before=72">Older events' in first.content
    assert b"Newer events" not in first.content
    second = client.get(reverse("audit:trail"), {"action": "view", "before": 72})
    assert b"numbers 71 down to 22" in second.content and b"event 70<" in second.content
    assert b'after=71">Newer events' in second.content and b"before=22" in second.content
    last = client.get(reverse("audit:trail"), {"action": "view", "before": 22})
    assert b"event 0<" in last.content and b"Older events" not in last.content
    back = client.get(reverse("audit:trail"), {"action": "view", "after": 71})
    # the 50 just newer than 71: 72..120, then the first officer view; more views follow
    assert b"numbers 122 down to 72" in back.content and b"event 70<" not in back.content
    assert b"after=122" in back.content and b"before=72" in back.content
    for bad in ("x", "-3", "9" * 40):
        assert client.get(reverse("audit:trail"), {"before": bad}).status_code == 200


def test_trail_filters_by_case_and_by_username_not_by_label(client: Client) -> None:
    olive = make_user("olive", "privacy_officer")
    carla = make_user("carla")
    record(actor=carla, action="view", case_id=4, summary="case four")
    record(actor=carla, action="view", case_id=5, summary="case five")
    record(actor=None, action="view", summary="done by the system")
    client.force_login(olive)
    page = client.get(reverse("audit:trail"), {"case_id": 4})
    assert b"case four" in page.content and b"case five" not in page.content
    assert AuditEvent.objects.filter(actor=olive, case_id=4).exists()  # the view itself
    by_role = client.get(reverse("audit:trail"), {"actor": "clinician"})
    assert b"case four" not in by_role.content  # a role in the label is not a username
    system = client.get(reverse("audit:trail"), {"actor": "system"})
    assert b"done by the system" in system.content and b"case four" not in system.content


def test_csv_export_from_the_web_is_filtered_and_audited(client: Client) -> None:
    olive = make_user("olive", "privacy_officer")
    olive.username = "=cmd|evil"  # a label is input too
    olive.save()
    record(actor=olive, action="release", client_id=5, summary="=HYPERLINK(evil)")
    record(actor=None, action="release", client_id=6, summary="other client")
    client.force_login(olive)
    response = client.get(reverse("audit:export"), {"client_id": 5})
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming  # never the whole trail in memory
    body = b"".join(response.streaming_content).decode()  # type: ignore[arg-type]
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["client_id"] for r in rows] == ["5", "5"]  # the release and the export itself
    assert rows[0]["summary"] == "'=HYPERLINK(evil)"  # defused for spreadsheets
    for row in rows:
        assert all(not str(cell).startswith(("=", "+", "-", "@")) for cell in row.values())
    assert AuditEvent.objects.filter(action="export", actor=olive, client_id=5).exists()


def test_cli_export_writes_csv_for_one_client_since_a_date(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import time_machine

    with time_machine.travel("2026-01-10 12:00Z"):
        record(actor=None, action="view", client_id=3, summary="old")
    with time_machine.travel("2026-02-10 12:00Z"):
        record(actor=None, action="view", client_id=3, summary="new")
        record(actor=None, action="view", client_id=4, summary="someone else")
    target = tmp_path / "trail.csv"
    call_command(
        "audit",
        "export",
        "--csv",
        str(target),
        "--client",
        "3",
        "--since",
        "2026-02-01",
        stderr=io.StringIO(),
    )
    rows = list(csv.DictReader(target.open()))
    assert [r["summary"] for r in rows] == ["new", "Exported the audit trail from the command line"]


def test_cli_export_rejects_a_bad_date(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("audit", "export", "--csv", str(tmp_path / "x.csv"), "--since", "yesterday")
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_committed_events_survive_and_tests_can_still_flush_the_database() -> None:
    # Transactional tests (and live-server browser tests) flush between tests; the audit
    # triggers are lifted for that flush only, and must be back afterwards.
    fill(2)
    assert verify_chain().ok
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    fill(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()


def test_actions_other_apps_invent_can_be_filtered(client: Client) -> None:
    record(actor=None, action="agenda_added", summary="custom action")
    record(actor=None, action="view", summary="plain view")
    client.force_login(make_user("olive", "privacy_officer"))
    page = client.get(reverse("audit:trail"), {"action": "agenda_added"})
    assert b'<option value="agenda_added" selected>Agenda added</option>' in page.content
    assert b"custom action" in page.content and b"plain view" not in page.content


def test_a_date_filtered_trail_pages_by_time_and_stays_whole(client: Client) -> None:
    import time_machine

    for day in range(1, 4):
        with time_machine.travel(f"2026-03-0{day} 12:00Z"):
            for i in range(30):
                record(actor=None, action="change", summary=f"day {day} change {i}.")
    client.force_login(make_user("ada", "administrator"))
    query = {"action": "change", "since": "2026-03-02", "until": "2026-03-03"}
    seen: list[bytes] = []
    page = client.get(reverse("audit:trail"), query)
    while True:
        seen += [line for line in page.content.split(b"<td>") if line.startswith(b"day ")]
        older = page.context["page"].older
        if older is None:
            break
        page = client.get(reverse("audit:trail"), dict(query, before=older))
    expected = [f"day {d} change {i}.".encode() for d in (3, 2) for i in reversed(range(30))]
    assert [line.split(b"<")[0] for line in seen] == expected
