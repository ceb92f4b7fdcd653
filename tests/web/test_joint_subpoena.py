"""A subpoena for a couple's or family's record: the advice, the draft reply and the release
checks name every participant's privilege and authorization, not only the client asked about."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from confide.accounts.models import User
from confide.disclosures import actions
from confide.disclosures import authorizations as rules
from confide.disclosures.situations import advise
from confide.practice import actions as practice_actions
from tests.web.test_disclosures_flow import signed_in
from tests.web.test_disclosures_rules import grant
from tests.web.test_practice_records import make_case, make_client, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def rivera() -> User:
    user = make_user("rivera")
    practice_actions.ensure_practice(
        acting_user=user, name="Harbor Light", jurisdiction="US-CA", licence_types=["LMFT"]
    )
    return user


def _subpoena(rivera: User, client, case):  # type: ignore[no-untyped-def]
    return actions.record_request(
        acting_user=rivera,
        data={
            "requester_name": "Dana Lee, Esq.",
            "requester_kind": "attorney",
            "relationship": "",
            "requester_contact": "dana@example.org",
            "subject_name": client.display_name,
            "information": ["progress_notes"],
            "purpose": "legal_proceeding",
            "legal_process": "subpoena",
            "urgency": "routine",
        },
        client=client,
        case=case,
        document=SimpleUploadedFile("s.pdf", b"%PDF-1.4 x"),
    )


def test_a_couples_subpoena_names_both_partners_privilege_and_authorization(
    rivera: User,
) -> None:
    maria, david = make_client(rivera, "Maria"), make_client(rivera, "David")
    case = make_case(rivera, maria, david, case_type="couple", secrets_policy="limited_secrets")
    grant(rivera, maria, case=case, recipient_name="Dana Lee", information=["progress_notes"])
    req = _subpoena(rivera, maria, case)
    _data, decision, _auth = advise(req, rivera)
    assert decision.outcome == "decline"
    assert "Every participant holds the privilege in what they said" in decision.explanation
    assert "written authorization of each of them" in (decision.requester_message or "")
    page = signed_in(rivera).get(f"/disclosures/requests/{req.pk}/").content.decode()
    assert "Every participant of this joint record" in page
    assert 'data-signed="true"><strong>Maria Miller</strong>' in page
    assert 'data-signed="false"><strong>David Miller</strong>' in page
    assert "written authorization of each of them" in page  # the draft reply


def test_a_joint_authorization_names_who_has_not_signed(rivera: User) -> None:
    maria, david = make_client(rivera, "Maria"), make_client(rivera, "David")
    case = make_case(rivera, maria, david, case_type="couple", secrets_policy="limited_secrets")
    auth = grant(rivera, maria, case=case)
    assert rules.status(auth).text == "Waiting for signatures from David Miller"


def test_an_individual_subpoena_shows_no_participant_panel(rivera: User) -> None:
    sarah = make_client(rivera, "Sarah")
    case = make_case(rivera, sarah)
    req = _subpoena(rivera, sarah, case)
    _data, decision, _auth = advise(req, rivera)
    assert "joint record" not in decision.explanation
    page = signed_in(rivera).get(f"/disclosures/requests/{req.pk}/").content.decode()
    assert "Every participant of this joint record" not in page
