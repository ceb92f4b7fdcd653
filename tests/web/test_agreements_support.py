"""Shared set-up for the agreements tests (no tests here): a practice, cases and signing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from confide.accounts.models import User
from confide.agreements import actions
from confide.agreements.builder import Choices, ParticipantChoice
from confide.agreements.models import Agreement, ParticipantTerms, SignerRole, SignMethod
from confide.agreements.text import sha256, signed_text
from confide.practice import actions as practice_actions
from confide.practice.models import Case, Client, Practice, RelatedPerson
from tests.web.test_practice_records import make_case, make_client, make_user

__all__ = ["make_case", "make_client", "make_user"]


def make_practice(jurisdiction: str = "US-CA", licences: list[str] | None = None) -> Practice:
    admin = User.objects.filter(role="administrator").first() or make_user("admin", "administrator")
    return practice_actions.ensure_practice(
        acting_user=admin,
        name="Harbor Light Counseling",
        jurisdiction=jurisdiction,
        licence_types=licences or ["LMFT"],
    )


def born_years_ago(years: int) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - dt.timedelta(days=30)


def choices_for(case: Case, **per_participant: Any) -> Choices:
    """Default choices; per_participant maps a client's first name to a dict of choices."""
    picks = []
    for participant in case.participants.select_related("client").order_by("pk"):
        extra = per_participant.get(participant.client.first_name, {})
        picks.append(ParticipantChoice(participant, **extra))
    return Choices(
        licence="LMFT",
        revisit_on=timezone.localdate() + dt.timedelta(days=90),
        concern_contact="Dr. Rivera, by phone at the practice",
        participants=picks,
    )


def issue(by: User, case: Case, **per_participant: Any) -> Agreement:
    return actions.issue_version(
        acting_user=by, case=case, choices=choices_for(case, **per_participant)
    )


def text_hash(terms: ParticipantTerms) -> str:
    return sha256(signed_text(terms.agreement.shared_text, terms.own_text))


def sign_terms(by: User, terms: ParticipantTerms, role: str = SignerRole.PARTICIPANT) -> Any:
    return actions.sign(
        acting_user=by,
        terms=terms,
        signer_role=role,
        signer_name=terms.participant.client.full_name,
        method=SignMethod.OFFICE,
        text_sha256=text_hash(terms),
    )


def sign_all(by: User, agreement: Agreement) -> None:
    for terms in agreement.terms.select_related("participant__client"):
        if terms.guardian_required:
            sign_terms(by, terms, SignerRole.GUARDIAN)
            sign_terms(by, terms, SignerRole.ASSENT)
        else:
            sign_terms(by, terms)


def add_guardian(by: User, client: Client, name: str = "Karen Thompson") -> RelatedPerson:
    return practice_actions.add_related_person(
        acting_user=by,
        client=client,
        data={
            "name": name,
            "relationship": "parent",
            "is_personal_representative": True,
            "representative_basis": "Parent of a minor",
        },
    )
