"""Shared set-up for the consultation tests: a family case with contact details and relatives,
a family-session note written through the records app, a supervisor. (No tests here.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from confide.accounts.models import User
from confide.agreements import actions as agreement_actions
from confide.agreements.models import Agreement, ParticipantTerms
from confide.practice import actions as practice_actions
from confide.practice.models import Case
from confide.records import actions as records_actions
from confide.records.actions import SegmentInput
from confide.records.models import Note
from tests.web.test_records_fixtures import Family, make_family, make_user

# What the note says; every name, phone and place in it is in the records.
NOTE_SEGMENTS = [
    (
        "mother",
        "case",
        "Linh said Minh Nguyen shouts when the bills come. LINH'S sister Mai called "
        "(510) 555-0188 twice.",
    ),
    ("father", "case", "Minh says Anh Nguyen stays out late; Mr. Nguyen felt ignored."),
    ("teen", "private", "Anh told me in private that she skips school at Lincoln High."),
    (None, "clinical", "The Nguyens were calmer by the end. Dr. Rivera will see Anh alone."),
]


@dataclass
class Setting:
    family: Family
    supervisor: User
    note: Note

    @property
    def case(self) -> Case:
        return self.family.case

    @property
    def clinician(self) -> User:
        return self.family.clinician


def open_gate(case: Case, clinician: User) -> None:
    """An agreement with terms for every participant (the one on file, if any), and a
    clinician's override."""
    agreement = Agreement.objects.filter(case=case).order_by("-version").first()
    if agreement is None:
        agreement = Agreement.objects.create(
            case=case,
            version=1,
            jurisdiction="US-CA",
            revisit_on=dt.date(2030, 1, 1),
            concern_contact="the privacy officer",
            shared_text="text",
        )
    for participant in case.participants.all():
        ParticipantTerms.objects.get_or_create(
            agreement=agreement,
            participant=participant,
            defaults={"default_label": "case", "own_text": "terms"},
        )
    agreement_actions.override_gate(
        acting_user=clinician, case=case, reason="Signatures on paper, scanning later."
    )


def family_session_note(family: Family) -> Note:
    who = {"mother": family.mother, "father": family.father, "teen": family.teen, None: None}
    segments = [
        SegmentInput(text=text, discloser=who[role], label=label)
        for role, label, text in NOTE_SEGMENTS
    ]
    return records_actions.write_note(
        acting_user=family.clinician, case=family.case, segments=segments
    )


def make_setting() -> Setting:
    clinician = make_user("rivera")
    clinician.first_name, clinician.last_name = "Elena", "Rivera"
    clinician.save()
    family = make_family(clinician)
    mother = family.mother.client
    practice_actions.add_contact_point(
        acting_user=clinician,
        client=mother,
        data={"kind": "phone", "value": "(510) 555-0155", "label": "mobile"},
    )
    practice_actions.add_related_person(
        acting_user=clinician,
        client=mother,
        data={"name": "Mai Tran", "relationship": "sibling", "contact": "(510) 555-0188"},
    )
    supervisor = make_user("okafor", role="supervisor")
    return Setting(family, supervisor, family_session_note(family))
