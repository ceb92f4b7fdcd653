"""Demo agreements for Harbor Light Counseling, each case at a different stage.

- Sarah Miller: version 1 signed in the office; Sarah has a portal login (see below).
- Jake Thompson (15, California: he consents on his own): issued, waiting for his signature.
- Alvarez couple (limited secrets): version 1 signed by both; version 2 (Maria now shares
  more) signed by Maria only, with an override so the next session's notes can be written.
- Nguyen family: signed by all four (Anh 17 and Bao 14 sign for themselves in California).
- Anxiety skills group: no agreement yet, so it shows on the dashboard.

Sarah's portal login: her email sarah.m@example.com (or her random handle), the demo
password. Idempotent: a case that already has an agreement is left alone. Run it before the
records demo (notes need signed agreements).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from confide.accounts.models import User
from confide.agreements import actions
from confide.agreements.builder import Choices, ParticipantChoice, default_label_for
from confide.agreements.models import Agreement, ParticipantTerms, SignerRole, SignMethod
from confide.agreements.text import sha256, signed_text
from confide.portal import actions as portal_actions
from confide.practice.models import Case, Client, Practice
from confide.practice.search import find_case

PRACTICE_NAME = "Harbor Light Counseling"
DEMO_PASSWORD = "confide-demo-2026"  # noqa: S105 - the documented demo password, demo only
CONCERN = "Dr. Elena Rivera or Dr. Michael Chen, in person or by phone at the front desk"


def _choices(case: Case, per_person: dict[str, dict[str, Any]]) -> Choices:
    start = {"label": default_label_for(case)}
    picks = [
        ParticipantChoice(p, **(start | per_person.get(p.client.first_name, {})))
        for p in case.participants.select_related("client").order_by("pk")
    ]
    return Choices(
        licence="LMFT",
        revisit_on=timezone.localdate() + dt.timedelta(days=90),
        concern_contact=CONCERN,
        participants=picks,
    )


def _sign(by: User, terms: ParticipantTerms) -> None:
    role = SignerRole.ASSENT if terms.guardian_required else SignerRole.PARTICIPANT
    actions.sign(
        acting_user=by,
        terms=terms,
        signer_role=role,
        signer_name=terms.participant.client.full_name,
        method=SignMethod.OFFICE,
        text_sha256=sha256(signed_text(terms.agreement.shared_text, terms.own_text)),
    )


def _issue(by: User, case: Case, sign: list[str] | None, **per_person: Any) -> Agreement:
    """Issue a version; office-sign it for the first names in `sign` (None: everyone)."""
    agreement = actions.issue_version(acting_user=by, case=case, choices=_choices(case, per_person))
    for terms in agreement.terms.select_related("participant__client", "agreement"):
        if sign is None or terms.participant.client.first_name in sign:
            _sign(by, terms)
    return agreement


def _portal_login(by: User, client: Client, email: str) -> None:
    """Take up an invitation as the client would: to her address on file, with her date of
    birth (the demo sends no email)."""
    if client.portal_user_id is not None:
        return
    # Compared in Python, not in SQL: contact values may be sealed at rest.
    point = next(
        p for p in client.contact_points.filter(kind="email", may_email=True) if p.value == email
    )
    invite, _token = portal_actions.create_invite(
        acting_user=by, client=client, contact_point=point
    )
    portal_actions.accept_invite(
        acting_user=None,
        invite=invite,
        date_of_birth=client.date_of_birth,
        password=DEMO_PASSWORD,
    )


def _case(title: str) -> Case | None:
    case = find_case(title)
    if case is None or Agreement.objects.filter(case=case).exists():
        return None
    return case


def load_demo() -> None:
    practice = Practice.current()
    if practice is None or practice.name != PRACTICE_NAME:
        return
    rivera = User.objects.filter(username="dr.rivera").first()
    chen = User.objects.filter(username="dr.chen").first()
    if rivera is None or chen is None:
        return
    with transaction.atomic():
        if case := _case("Sarah Miller: individual therapy"):
            _issue(rivera, case, None, Sarah={"private_topics": "anything about my parents"})
            sarah = case.participants.get().client
            _portal_login(rivera, sarah, "sarah.m@example.com")
        if case := _case("Jake Thompson: individual therapy"):
            _issue(
                rivera,
                case,
                [],
                Jacob={"private_topics": "what I talk about in sessions, unless I say so"},
            )
        if case := _case("Alvarez couple therapy"):
            _issue(rivera, case, None)
            _issue(rivera, case, ["Maria"], Maria={"label": "case"})
            actions.override_gate(
                acting_user=rivera,
                case=case,
                reason="David is travelling for work; he signs version 2 at the next session.",
            )
        if case := _case("Nguyen family therapy"):
            _issue(chen, case, None, Anh={"private_topics": "school and friends"})
