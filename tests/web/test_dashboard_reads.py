"""The dashboard's bulk reads give what the slower per-case reads gave: the participants of
many cases at once (`practice.access.participants_by_case`), only of cases the viewer may see,
and links built once per URL name (`practice.attention.links_to`) equal to `reverse`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from confide.accounts.models import User
from confide.operations.generated import USER_PREFIX
from confide.practice import access
from confide.practice.attention import links_to
from confide.practice.models import Case, Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinicians() -> Iterator[tuple[User, User]]:
    call_command("generate", "--clinicians", "2", "--clients", "6", "--notes", "0")
    yield (
        User.objects.get(username=f"{USER_PREFIX}0001"),
        User.objects.get(username=f"{USER_PREFIX}0002"),
    )


def _expected(cases: list[Case]) -> dict[int, list[int]]:
    return {c.pk: [p.pk for p in c.participants.order_by("pk")] for c in cases}


def test_participants_of_many_cases_as_each_case_gives_them(
    clinicians: tuple[User, User],
) -> None:
    one, _two = clinicians
    cases = list(access.cases_for(one))
    assert len(cases) > 1
    first = cases[0]
    left = Participant.objects.filter(case=first).first()
    assert left is not None
    left.left_on = dt.date(2026, 1, 5)  # one who left still counts (agreements compare ids)
    left.save()
    grouped = access.participants_by_case(one, cases)
    assert {pk: [p.pk for p in found] for pk, found in grouped.items()} == _expected(cases)
    with CaptureQueriesContext(connection) as captured:
        names = [p.client.display_name for found in grouped.values() for p in found]
    assert names and not captured.captured_queries  # the clients came with them


def test_without_clients_no_client_is_read(clinicians: tuple[User, User]) -> None:
    one, _two = clinicians
    cases = list(access.cases_for(one))
    with CaptureQueriesContext(connection) as captured:
        grouped = access.participants_by_case(one, cases, with_clients=False)
    assert len(captured.captured_queries) == 1
    assert "practice_client" not in captured.captured_queries[0]["sql"]
    assert {pk: [p.pk for p in found] for pk, found in grouped.items()} == _expected(cases)


def test_another_clinicians_cases_give_no_participants(clinicians: tuple[User, User]) -> None:
    one, two = clinicians
    theirs = list(access.cases_for(two))
    assert theirs and Participant.objects.filter(case__in=theirs).exists()
    grouped = access.participants_by_case(one, theirs)
    assert grouped == {case.pk: [] for case in theirs}  # fails closed, and says so per case
    assert access.participants_by_case(one, []) == {}
    with access.sight_snapshot(one):  # the snapshot of one viewer never opens another's
        assert access.participants_by_case(one, theirs) == {case.pk: [] for case in theirs}


@pytest.mark.parametrize(
    "name", ["practice:case_detail", "agreements:case", "practice:session_detail"]
)
def test_links_built_once_equal_reverse(name: str) -> None:
    link = links_to(name)
    for pk in (1, 7, 42, 10_000, 987_654):
        assert link(pk) == reverse(name, args=[pk])


def test_counting_drafts_reads_the_author_status_index(clinicians: tuple[User, User]) -> None:
    """The dashboard counts a clinician's drafts on every visit: by author and status through
    their index, not through every note the clinician ever wrote."""
    from confide.records.models import Note

    one, _two = clinicians
    found = Note.objects.filter(author=one, status="draft").values("pk")
    sql, params = found.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: ask which index fits
            cursor.execute(f"EXPLAIN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "records_note_author_status" in plan
