"""Shared set-up for the notes tests: a family of three in a case with an open agreement gate,
each participant's agreement choice, and portal accounts. (No tests here.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.test import Client as HttpClient

from confide.accounts.models import User
from confide.agreements import actions as agreement_actions
from confide.agreements.models import Agreement, ParticipantTerms
from confide.practice import actions as practice_actions
from confide.practice.models import Case, Client, Participant, Practice
from confide.records import actions
from confide.records.actions import SegmentInput
from confide.records.models import Note

PASSWORD = "correct horse battery staple"


def make_user(username: str, role: str = "clinician") -> User:
    user = User(username=username, role=role, first_name=username.title(), last_name="Test")
    user.set_password(PASSWORD)
    user.save()
    return user


def signed_in(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


@dataclass
class Family:
    clinician: User
    case: Case
    mother: Participant
    father: Participant
    teen: Participant

    @property
    def participants(self) -> list[Participant]:
        return [self.mother, self.father, self.teen]


def make_family(
    clinician: User,
    *,
    open_gate: bool = True,
    labels: tuple[str, str, str] = ("private", "case", "private"),
    surname: str = "Nguyen",
) -> Family:
    """Three participants; their agreement choices are `labels` (mother, father, teen)."""
    Practice.objects.get_or_create(name="Harbor Light Counseling", jurisdiction="US-CA")
    people = []
    for first, born in (
        ("Linh", dt.date(1980, 5, 1)),
        ("Minh", dt.date(1978, 2, 2)),
        ("Anh", dt.date(2000, 7, 7)),
    ):
        people.append(
            practice_actions.create_client(
                acting_user=clinician,
                data={"first_name": first, "last_name": surname, "date_of_birth": born},
            )
        )
    case = practice_actions.create_case(
        acting_user=clinician,
        title=f"{surname} family",
        case_type="family",
        secrets_policy="limited_secrets",
        participants=[(people[0], "mother"), (people[1], "father"), (people[2], "daughter")],
    )
    participants = list(case.participants.order_by("pk"))
    agreement = Agreement.objects.create(
        case=case,
        version=1,
        jurisdiction="US-CA",
        revisit_on=dt.date(2030, 1, 1),
        concern_contact="the privacy officer",
        shared_text="text",
    )
    for participant, label in zip(participants, labels, strict=True):
        ParticipantTerms.objects.create(
            agreement=agreement, participant=participant, default_label=label, own_text="terms"
        )
    if open_gate:
        agreement_actions.override_gate(
            acting_user=clinician, case=case, reason="Signatures on paper, scanning later."
        )
    return Family(clinician, case, *participants)


def portal_user(participant: Participant) -> User:
    client: Client = participant.client
    user = make_user(f"{client.first_name.lower()}.{client.last_name.lower()}", role="client")
    client.portal_user = user
    client.save(update_fields=["portal_user"])
    return user


def family_note(family: Family, *labels: str) -> Note:
    """A note with one segment per participant (with the given labels) and one clinician's."""
    segments = [
        SegmentInput(text=f"{p.client.first_name} said thing {n}", discloser=p, label=label)
        for n, (p, label) in enumerate(zip(family.participants, labels, strict=False))
    ]
    segments.append(SegmentInput(text="Clinician observed tension", label="clinical"))
    return actions.write_note(acting_user=family.clinician, case=family.case, segments=segments)
