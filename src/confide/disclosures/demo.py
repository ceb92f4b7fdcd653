"""Demo data for requests and disclosures, added to the Harbor Light demo practice.

- a public request from Sarah Miller's mother, waiting to be matched (the parents' story);
- a subpoena from an attorney about David Alvarez, declined: a subpoena alone is not enough;
- the Nguyen family's joint authorization to their pediatrician, signed by all four, expiring
  in 20 days (the dashboard warns), and one release under it in Lan Nguyen's accounting.

Idempotent: each item is added only if it is not there yet. Everything goes through
`actions`, so the demo's audit trail looks like a real one.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from confide.accounts.models import User
from confide.disclosures import actions
from confide.disclosures.models import Authorization, InformationRequest
from confide.practice.demo import PRACTICE_NAME
from confide.practice.models import Practice
from confide.practice.search import find_case, find_client

PEDIATRICIAN = "Dr. Susan Park, Bayview Pediatrics"


def load_demo() -> None:
    practice = Practice.current()
    if practice is None or practice.name != PRACTICE_NAME:
        return
    with transaction.atomic():
        _linda_asks()
        _subpoena()
        _nguyen_authorization()


def _linda_asks() -> None:
    if InformationRequest.objects.filter(source="public").exists():
        return
    actions.submit_public_request(
        data={
            "requester_name": "Linda Miller",
            "requester_kind": "parent",
            "relationship": "Mother",
            "requester_contact": "(415) 555-0190",
            "subject_name": "Sarah Miller",
            "information": ["treatment_progress"],
            "information_detail": "How is our daughter doing? Is she getting better?",
            "purpose": "concern_for_wellbeing",
            "legal_process": "none",
            "urgency": "routine",
        }
    )


def _subpoena() -> None:
    rivera = User.objects.get(username="dr.rivera")
    david = find_client("David Alvarez")
    case = find_case("Alvarez couple therapy")
    if david is None or InformationRequest.objects.filter(requester_kind="attorney").exists():
        return
    req = actions.record_request(
        acting_user=rivera,
        client=david,
        case=case,
        data={
            "requester_name": "Morgan Lee, Esq.",
            "requester_kind": "attorney",
            "relationship": "Attorney in a civil matter",
            "requester_contact": "mlee@leelaw.example",
            "subject_name": "David Alvarez",
            "information": ["progress_notes"],
            "purpose": "legal_proceeding",
            "legal_process": "subpoena",
            "urgency": "soon",
        },
    )
    actions.decide_request(
        acting_user=rivera,
        info_request=req,
        choice="accept",
        reply=(
            "A subpoena alone does not permit the release of mental health records. Please "
            "provide a court order or the person's written authorization."
        ),
    )


def _nguyen_authorization() -> None:
    case = find_case("Nguyen family therapy")
    if case is None or Authorization.objects.filter(case=case).exists():
        return
    chen = User.objects.get(username="dr.chen")
    members = [p.client for p in case.participants.select_related("client")]
    lan = next(c for c in members if c.first_name == "Lan")
    auth = actions.create_authorization(
        acting_user=chen,
        client=lan,
        case=case,
        data={
            "kind": "standard",
            "information": ["attendance"],
            "information_description": "Dates the family attended sessions",
            "discloser": PRACTICE_NAME,
            "recipient_name": PEDIATRICIAN,
            "recipient_address": "200 Bayview Ave, San Francisco, CA",
            "purpose": "Coordinating Bao's care with his pediatrician",
            "expires_on": timezone.localdate() + dt.timedelta(days=20),
            "statements_acknowledged": True,
        },
        signed_name=lan.full_name,
    )
    for member in members:
        if member.pk != lan.pk:
            actions.sign_authorization(
                acting_user=chen, authorization=auth, signer=member, typed_name=member.full_name
            )
    actions.record_release(
        acting_user=chen,
        client=lan,
        recipient=PEDIATRICIAN,
        recipient_address="200 Bayview Ave, San Francisco, CA",
        description="Attendance dates of family sessions",
        purpose="Coordinating care, at the family's request",
        categories=["attendance"],
        basis=[{"rule": "us.hipaa.authorization_valid", "citation": "45 CFR 164.508(b)(2), (c)"}],
        authorization=auth,
        excluded_from_accounting_reason="authorization",
        case=case,
    )
