"""Agenda items name the client they are about and link to the record; they go to the
client's next individual session when there is one, and on a joint session they are marked
for the clinician, not the group. A relative's request puts "discuss the request with the
client" on the client's next session."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from confide.accounts.models import User
from confide.disclosures import actions as disclosure_actions
from confide.incidents import actions as incident_actions
from confide.practice import actions as practice_actions
from confide.practice.models import AgendaItem, Case, Client
from tests.web.test_disclosures_flow import signed_in
from tests.web.test_practice_records import make_case, make_client, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def rivera() -> User:
    user = make_user("rivera")
    practice_actions.ensure_practice(
        acting_user=user, name="Harbor Light", jurisdiction="US-CA", licence_types=["PsyD"]
    )
    return user


def _session(rivera: User, case: Case, days: int):  # type: ignore[no-untyped-def]
    return practice_actions.schedule_session(
        acting_user=rivera, case=case, starts_at=timezone.now() + dt.timedelta(days=days)
    )


def _violation(rivera: User, client: Client, case: Case | None = None):  # type: ignore[no-untyped-def]
    return incident_actions.report_violation(
        acting_user=rivera,
        client=client,
        case=case,
        by="client",
        setting="group",
        description="Told a friend what another member said in group.",
    )


def test_a_violation_goes_to_the_clients_individual_session_named_and_linked(
    rivera: User,
) -> None:
    sarah, tom = make_client(rivera, "Sarah"), make_client(rivera, "Tom")
    group = make_case(rivera, sarah, tom, case_type="group", title="Tuesday group")
    own = make_case(rivera, sarah, title="Sarah: individual")
    _session(rivera, group, 1)  # the group meets first
    individual = _session(rivera, own, 3)
    violation = _violation(rivera, sarah)
    item = AgendaItem.objects.get()
    assert item.session == individual and item.about == sarah and not item.for_clinician
    assert item.link == f"/incidents/violations/{violation.pk}/"
    page = signed_in(rivera).get(f"/sessions/{individual.pk}/").content.decode()
    assert "About Sarah Miller." in page and f'href="{item.link}"' in page


def test_on_a_joint_session_the_item_is_for_the_clinician(rivera: User) -> None:
    sarah, tom = make_client(rivera, "Sarah"), make_client(rivera, "Tom")
    group = make_case(rivera, sarah, tom, case_type="group", title="Tuesday group")
    session = _session(rivera, group, 1)
    _violation(rivera, sarah, group)
    item = AgendaItem.objects.get()
    assert item.session == session and item.about == sarah and item.for_clinician
    page = signed_in(rivera).get(f"/sessions/{session.pk}/").content.decode()
    assert "For you, not the group" in page
    assert "Take this up with Sarah Miller on their own" in page


def test_a_parents_request_goes_on_the_clients_next_session(rivera: User) -> None:
    sarah = make_client(rivera, "Sarah", born=dt.date(2000, 3, 14))
    own = make_case(rivera, sarah, title="Sarah: individual")
    session = _session(rivera, own, 2)
    req = disclosure_actions.submit_public_request(
        data={
            "requester_name": "Linda Miller",
            "requester_kind": "parent",
            "relationship": "mother",
            "requester_contact": "(415) 555-0190",
            "subject_name": "Sarah Miller",
            "information": ["treatment_progress"],
            "purpose": "concern_for_wellbeing",
            "legal_process": "none",
            "urgency": "routine",
        }
    )
    req = disclosure_actions.match_request(
        acting_user=rivera, info_request=req, client=sarah, case=own
    )
    disclosure_actions.decide_request(acting_user=rivera, info_request=req, choice="accept")
    item = AgendaItem.objects.get()
    assert item.session == session and item.about == sarah
    assert item.text.startswith("Discuss the request with the client: Linda Miller (mother)")
    assert "treatment progress" in item.text
    assert item.link == f"/disclosures/requests/{req.pk}/"
