"""Practice records: who sees what (access), and writes that are whole or nothing (actions)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.practice import access, actions
from confide.practice.attention import AttentionItem, items_for, register, unregister
from confide.practice.models import (
    AgendaItem,
    Case,
    Client,
    ContactPoint,
    Participant,
    RelatedPerson,
    Session,
    age_on,
    next_session_for,
)

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def make_user(username: str, role: str = "clinician") -> User:
    user = User(username=username, role=role, first_name=username.title())
    user.set_password(PASSWORD)
    user.save()
    return user


def make_client(by: User, first: str = "Sarah", born: dt.date = dt.date(2000, 3, 14)) -> Client:
    return actions.create_client(
        acting_user=by, data={"first_name": first, "last_name": "Miller", "date_of_birth": born}
    )


def make_case(by: User, *clients: Client, case_type: str = "individual", **kw: Any) -> Case:
    return actions.create_case(
        acting_user=by,
        title=kw.pop("title", "A case"),
        case_type=case_type,
        secrets_policy=kw.pop("secrets_policy", None),
        participants=list(clients),
        **kw,
    )


def counts() -> dict[str, int]:
    models = [Client, ContactPoint, RelatedPerson, Case, Participant, Session, AgendaItem]
    return {m.__name__: m.objects.count() for m in models} | {"events": AuditEvent.objects.count()}


@pytest.fixture
def rivera() -> User:
    return make_user("rivera")


@pytest.fixture
def chen() -> User:
    return make_user("chen")


# --- age and minority, computed from today -------------------------------------------------


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (dt.date(2010, 6, 15), dt.date(2026, 6, 14), 15),
        (dt.date(2010, 6, 15), dt.date(2026, 6, 15), 16),
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),
    ],
)
def test_age_counts_whole_years(born: dt.date, day: dt.date, age: int) -> None:
    assert age_on(born, day) == age


def test_a_client_stops_being_a_minor_on_their_18th_birthday(rivera: User) -> None:
    jake = make_client(rivera, "Jake", dt.date(2008, 11, 22))
    with time_machine.travel(dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC), tick=False):
        assert (jake.age, jake.is_minor) == (17, True)
    with time_machine.travel(dt.datetime(2026, 11, 22, 20, tzinfo=dt.UTC), tick=False):
        assert (jake.age, jake.is_minor) == (18, False)


# --- access: missing and forbidden look the same ------------------------------------------


def test_a_clinician_sees_only_clients_and_cases_they_are_assigned_to(
    rivera: User, chen: User
) -> None:
    sarah = make_client(rivera)
    case = make_case(rivera, sarah)
    assert list(access.clients_for(rivera)) == [sarah]
    assert list(access.clients_for(chen)) == []
    for read in (access.get_client, access.get_case):
        with pytest.raises(Http404):
            read(chen, sarah.pk if read is access.get_client else case.pk)
    session = actions.schedule_session(
        acting_user=rivera, case=case, starts_at=timezone.now() + dt.timedelta(days=1)
    )
    with pytest.raises(Http404):
        access.get_session(chen, session.pk)
    with pytest.raises(Http404):
        access.get_client(rivera, 999_999)


def test_registering_clinician_loses_sight_once_the_client_is_in_someone_elses_case(
    rivera: User, chen: User
) -> None:
    sarah = make_client(rivera)
    assert access.get_client(rivera, sarah.pk) == sarah
    make_case(rivera, sarah, clinicians=[chen])  # rivera opens it, so rivera is assigned too
    assert access.get_client(chen, sarah.pk) == sarah
    Case.objects.get().clinicians.remove(rivera)
    with pytest.raises(Http404):
        access.get_client(rivera, sarah.pk)


@pytest.mark.parametrize("role", ["supervisor", "privacy_officer", "client"])
def test_other_roles_see_no_practice_records(rivera: User, role: str) -> None:
    make_case(rivera, make_client(rivera))
    other = make_user("other", role)
    assert not access.clients_for(other).exists()
    assert not access.cases_for(other).exists()


def test_an_administrator_sees_the_roster_but_no_agenda(rivera: User) -> None:
    admin = make_user("admin", "administrator")
    case = make_case(rivera, make_client(rivera))
    session = actions.schedule_session(
        acting_user=rivera, case=case, starts_at=timezone.now() + dt.timedelta(days=1)
    )
    actions.add_agenda_item(acting_user=rivera, session=session, text="Revisit agreement")
    assert access.get_case(admin, case.pk) == case
    assert list(access.agenda_for(rivera, session)) != []
    assert list(access.agenda_for(admin, session)) == []


# --- actions: audited, validated, all or nothing ------------------------------------------


def test_every_write_records_its_event_in_the_same_transaction(rivera: User) -> None:
    sarah = make_client(rivera)
    event = AuditEvent.objects.get()
    assert (event.action, event.client_id, event.actor) == ("create", sarah.pk, rivera)
    assert "Sarah" not in event.summary  # names stay out of the summary


def test_an_action_that_fails_midway_leaves_nothing(rivera: User) -> None:
    maria, david = make_client(rivera, "Maria"), make_client(rivera, "David")
    before = counts()
    with (
        mock.patch("confide.practice.actions.record", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        make_case(rivera, maria, david, case_type="couple", secrets_policy="limited_secrets")
    assert counts() == before


def test_a_failed_audit_write_rolls_back_the_client(rivera: User) -> None:
    before = counts()
    with (
        mock.patch("confide.practice.actions.record", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        make_client(rivera)
    assert counts() == before


@pytest.mark.parametrize(
    ("case_type", "policy", "people"),
    [
        ("couple", None, 2),  # a couple case needs a secrets policy
        ("couple", "limited_secrets", 3),  # a couple is two people
        ("individual", None, 2),
        ("group", None, 1),
        ("nonsense", None, 1),
    ],
)
def test_a_case_of_the_wrong_shape_changes_nothing(
    rivera: User, case_type: str, policy: str | None, people: int
) -> None:
    clients = [make_client(rivera, f"P{i}") for i in range(people)]
    before = counts()
    with pytest.raises(ValidationError):
        make_case(rivera, *clients, case_type=case_type, secrets_policy=policy)
    assert counts() == before


def test_secrets_policy_is_kept_only_for_couples_and_families(rivera: User) -> None:
    a, b = make_client(rivera, "A"), make_client(rivera, "B")
    group = make_case(rivera, a, b, case_type="group", secrets_policy="accommodation")
    assert group.secrets_policy is None
    family = make_case(rivera, a, b, case_type="family", secrets_policy="no_secrets")
    assert family.secrets_policy == "no_secrets"


def test_a_clinician_cannot_put_someone_elses_client_in_a_case(rivera: User, chen: User) -> None:
    theirs = make_client(chen)
    before = counts()
    with pytest.raises(ValidationError):
        make_case(rivera, theirs)
    assert counts() == before


def test_supervisors_cannot_write_records() -> None:
    supervisor = make_user("sup", "supervisor")
    with pytest.raises(PermissionDenied):
        make_client(supervisor)
    assert Client.objects.count() == 0


def test_a_personal_representative_needs_a_basis(rivera: User) -> None:
    jake = make_client(rivera, "Jake", dt.date(2011, 1, 1))
    before = counts()
    with pytest.raises(ValidationError):
        actions.add_related_person(
            acting_user=rivera,
            client=jake,
            data={"name": "Karen", "relationship": "parent", "is_personal_representative": True},
        )
    assert counts() == before


def test_next_session_is_the_earliest_scheduled_one_to_come(rivera: User) -> None:
    sarah = make_client(rivera)
    case = make_case(rivera, sarah)
    now = timezone.now()
    later = actions.schedule_session(
        acting_user=rivera, case=case, starts_at=now + dt.timedelta(days=7)
    )
    soon = actions.schedule_session(
        acting_user=rivera, case=case, starts_at=now + dt.timedelta(days=1)
    )
    actions.schedule_session(acting_user=rivera, case=case, starts_at=now - dt.timedelta(days=1))
    assert next_session_for(sarah) == soon
    actions.set_session_status(acting_user=rivera, session=soon, status="cancelled")
    assert next_session_for(sarah) == later


def test_attention_providers_are_gathered_most_urgent_first(rivera: User) -> None:
    def broken(user: Any) -> list[AttentionItem]:
        raise RuntimeError

    def deadlines(user: Any) -> list[AttentionItem]:
        return [AttentionItem("Breach notice due", level="danger")]

    register(broken)
    register(deadlines)
    try:
        make_case(rivera, make_client(rivera))
        items = items_for(rivera)
    finally:
        unregister(broken)
        unregister(deadlines)
    assert items[0].text == "Breach notice due"
    assert any("no session scheduled" in item.text for item in items)
