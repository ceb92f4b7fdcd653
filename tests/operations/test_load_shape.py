"""The main pages cost the same number of queries whatever the size of the record: no page
does one query per note (an N+1 turns the load benchmark's figures into minutes)."""

from __future__ import annotations

import random

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from confide.accounts.models import User
from confide.operations.generated import USER_PREFIX
from confide.operations.generator import _notes
from confide.practice.models import Case

pytestmark = pytest.mark.django_db


def _queries_per_page(http: Client, case: Case) -> dict[str, int]:
    client_pk = case.participants.get().client_id
    pages = {
        "dashboard": "/",
        "case page": f"/cases/{case.pk}/",
        "client page": f"/clients/{client_pk}/",
        "note list": "/records/",
        "case notes": f"/records/cases/{case.pk}/",
    }
    counts = {}
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            assert http.get(url).status_code == 200, url
        counts[name] = len(queries.captured_queries)
    return counts


def test_queries_do_not_grow_with_the_number_of_notes() -> None:
    call_command("generate", "--clinicians", "1", "--clients", "4", "--notes", "8")
    http = Client()
    http.force_login(User.objects.get(username=f"{USER_PREFIX}0001"))
    case = Case.objects.order_by("pk").first()
    assert case is not None
    # Steady state: the session's once-a-minute renewal (a few queries) is paid by a first
    # request, and the clock stands still so it cannot fall into either measurement.
    with time_machine.travel(timezone.now(), tick=False):
        http.get("/")
        small = _queries_per_page(http, case)
        participant = case.participants.get()
        _notes(150, [(case.pk, participant.pk)], random.Random(1), lambda _m: None)
        assert case.notes.count() > 150
        assert _queries_per_page(http, case) == small


def test_the_dashboard_costs_the_same_for_4_open_cases_or_40() -> None:
    """Every open case is on the dashboard's agreement check: read in bulk, not case by case."""
    call_command("generate", "--clinicians", "1", "--clients", "40", "--notes", "0")
    http = Client()
    http.force_login(User.objects.get(username=f"{USER_PREFIX}0001"))
    with time_machine.travel(timezone.now(), tick=False):
        http.get("/")
        with CaptureQueriesContext(connection) as many:
            assert http.get("/").status_code == 200
        assert Case.objects.filter(status="open").count() == 40
        keep = list(Case.objects.order_by("pk").values_list("pk", flat=True)[:4])
        Case.objects.exclude(pk__in=keep).update(status="closed")
        with CaptureQueriesContext(connection) as few:
            assert http.get("/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_dashboard_costs_the_same_for_4_cases_in_sight_or_40() -> None:
    """The sight rule is read once per dashboard and every provider reads in bulk: taking
    cases off the clinician's list changes what is shown, never the number of queries."""
    call_command("generate", "--clinicians", "1", "--clients", "40", "--notes", "0")
    user = User.objects.get(username=f"{USER_PREFIX}0001")
    http = Client()
    http.force_login(user)
    with time_machine.travel(timezone.now(), tick=False):
        http.get("/")
        with CaptureQueriesContext(connection) as many:
            page = http.get("/").content.decode()
        assert page.count("no session scheduled") == 40
        for case in Case.objects.order_by("pk")[4:]:
            case.clinicians.remove(user)
        with CaptureQueriesContext(connection) as few:
            page = http.get("/").content.decode()
        assert page.count("no session scheduled") == 4
    assert len(many.captured_queries) == len(few.captured_queries)
