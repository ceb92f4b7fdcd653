"""The dashboard reads the sight rule once (`practice.access.sight_snapshot`): inside the block
every answer is the rule's own, for that viewer only, and nothing of it survives the block, so
a user object reused after a change of assignment (or of emergency access) is asked afresh."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient
from django.utils import timezone

from confide.accounts.models import User
from confide.operations.generated import USER_PREFIX
from confide.practice import access
from confide.practice.models import Case, Client
from confide.records.models import EmergencyAccess

pytestmark = pytest.mark.django_db


def _answers(user: User) -> dict[str, set[int]]:
    """Every answer the snapshot stands in for, as sets of ids."""
    return {
        "read": set(access.cases_seen(user).values_list("pk", flat=True)),
        "write": set(access.cases_seen(user, write=True).values_list("pk", flat=True)),
        "kept": set(access.client_level_clients(user).values_list("pk", flat=True)),
        "roster": set(access.clients_for(user).values_list("pk", flat=True)),
        "in sight": set(
            access.in_sight(
                Case.objects.all(), user, case_field="pk", client_field=None
            ).values_list("pk", flat=True)
        ),
    }


@pytest.fixture
def clinicians() -> Iterator[tuple[User, User]]:
    """Two generated clinicians, one with an emergency access to the other's case and an
    intake client of their own (a client-level client in no case)."""
    call_command("generate", "--clinicians", "2", "--clients", "6", "--notes", "0")
    one = User.objects.get(username=f"{USER_PREFIX}0001")
    two = User.objects.get(username=f"{USER_PREFIX}0002")
    theirs = Case.objects.filter(clinicians=two).order_by("pk").first()
    assert theirs is not None
    now = timezone.now()
    EmergencyAccess.objects.create(
        case=theirs,
        clinician=one,
        reason="crisis call",
        opened_at=now - dt.timedelta(minutes=5),
        expires_at=now + dt.timedelta(hours=1),
    )
    Client.objects.create(
        first_name="Ina", last_name="Take", date_of_birth=dt.date(1990, 1, 1), created_by=one
    )
    yield one, two


def test_inside_the_block_every_answer_is_the_rules_own(clinicians: tuple[User, User]) -> None:
    one, two = clinicians
    outside = {user.pk: _answers(user) for user in clinicians}
    assert outside[one.pk]["read"] > outside[one.pk]["write"]  # the emergency access reads only
    assert outside[one.pk]["kept"]
    with access.sight_snapshot(one):
        assert _answers(one) == outside[one.pk]
        # another viewer inside the block is asked of the database, never given one's ids
        assert _answers(two) == outside[two.pk]
        assert _answers(one) == outside[one.pk]


def test_too_many_ids_fall_back_on_the_rule(
    clinicians: tuple[User, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    one, _two = clinicians
    outside = _answers(one)
    monkeypatch.setattr(access, "SNAPSHOT_LIMIT", 1)
    with access.sight_snapshot(one):
        assert _answers(one) == outside


def test_nothing_survives_the_block(clinicians: tuple[User, User]) -> None:
    """The same user object, after its assignment and emergency access end, sees less."""
    one, _two = clinicians
    with access.sight_snapshot(one):
        before = _answers(one)
    own = Case.objects.filter(clinicians=one).order_by("pk").first()
    assert own is not None and own.pk in before["write"]
    own.clinicians.remove(one)
    EmergencyAccess.objects.filter(clinician=one).update(expires_at=timezone.now())
    after = _answers(one)
    assert own.pk not in after["read"]
    assert after["read"] == after["write"] == before["write"] - {own.pk}
    with access.sight_snapshot(one):
        assert _answers(one) == after


def test_the_dashboard_follows_a_change_of_assignment(clinicians: tuple[User, User]) -> None:
    """One signed-in browser, two requests: the second sees the assignment made between."""
    one, two = clinicians
    http = HttpClient()
    http.force_login(one)
    theirs = Case.objects.filter(clinicians=two).exclude(emergency_accesses__clinician=one).first()
    assert theirs is not None
    page = http.get("/").content.decode()
    assert f"{theirs.title}: no session scheduled" not in page
    theirs.clinicians.add(one)
    page = http.get("/").content.decode()
    assert f"{theirs.title}: no session scheduled" in page
    theirs.clinicians.remove(one)
    page = http.get("/").content.decode()
    assert f"{theirs.title}: no session scheduled" not in page
