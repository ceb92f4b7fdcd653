"""Workforce training on the practice's own rules, and the front desk.

Answers are compared with `confide.policy.decide` for the same situation in the practice's
state; completion is recorded and audited; training is due on hire, yearly, and again when
the rules for the state change. The front desk records a caller's message as an unmatched
request and sees no client data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from confide import rulepack
from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.disclosures import actions as disclosure_actions
from confide.disclosures.models import InformationRequest
from confide.policy import jurisdiction
from confide.policy.jurisdictions import all_jurisdictions
from confide.training import access, actions
from confide.training.exercises import EXERCISES
from confide.training.models import TrainingAttempt
from tests.web.test_agreements_support import make_case, make_client, make_practice, make_user


@pytest.fixture
def rivera(db: object) -> User:
    make_practice("US-IL")
    return make_user("rivera")


def browser_for(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def change_rules(monkeypatch: pytest.MonkeyPatch, code: str = "US-IL") -> None:
    """A rule change: the state's duty-to-protect citation is corrected in the rule pack."""
    real = jurisdiction(code)
    assert real.state is not None
    duty = real.state.duty_to_protect
    rule = dataclasses.replace(duty.rule, citation=duty.rule.citation + " (amended)")
    state = dataclasses.replace(real.state, duty_to_protect=dataclasses.replace(duty, rule=rule))
    changed = dataclasses.replace(real, state=state)
    monkeypatch.setattr(rulepack, "jurisdiction", lambda c: changed if c == code else real)


def test_every_exercise_runs_in_every_jurisdiction_and_offers_the_engines_answer() -> None:
    for place in all_jurisdictions():
        for exercise in EXERCISES:
            decision = exercise.decision(place.code, "counselor")
            assert decision.outcome in dict(exercise.options(decision))
            assert decision.basis, (place.code, exercise.key)


def complete_all(user: User, *, right: bool = True) -> TrainingAttempt:
    attempt = actions.start_training(acting_user=user)
    for exercise in EXERCISES:
        decision = exercise.decision(attempt.jurisdiction, attempt.licence)
        options = [o for o, _label in exercise.options(decision)]
        chosen = decision.outcome if right else next(o for o in options if o != decision.outcome)
        actions.answer(acting_user=user, attempt=attempt, exercise=exercise.key, chosen=chosen)
    return actions.complete_training(acting_user=user, attempt=attempt)


def test_answers_are_compared_with_the_engine_and_completion_is_audited(rivera: User) -> None:
    attempt = actions.start_training(acting_user=rivera)
    threat = next(e for e in EXERCISES if e.key == "threat")
    row, decision = actions.answer(
        acting_user=rivera, attempt=attempt, exercise="threat", chosen="address_in_session"
    )
    assert decision.outcome == "warn_and_protect" and not row.matched
    assert decision == threat.decision("US-IL", attempt.licence)
    with pytest.raises(ValidationError):
        actions.answer(acting_user=rivera, attempt=attempt, exercise="threat", chosen="decline")
    with pytest.raises(ValidationError):
        actions.answer(acting_user=rivera, attempt=attempt, exercise="group", chosen="made_up")
    with pytest.raises(ValidationError):
        actions.complete_training(acting_user=rivera, attempt=attempt)
    other = make_user("chen")
    with pytest.raises(PermissionDenied):
        actions.answer(acting_user=other, attempt=attempt, exercise="group", chosen="report")
    assert not AuditEvent.objects.filter(summary="Confidentiality training completed").exists()


def test_due_on_hire_then_current_then_due_again_when_the_rules_change(
    rivera: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert access.own_standing(rivera).due
    done = complete_all(rivera, right=False)
    assert done.matched == 0
    assert not access.own_standing(rivera).due
    event = AuditEvent.objects.get(summary="Confidentiality training completed")
    assert event.detail["rules_fingerprint"] == done.rules_fingerprint
    change_rules(monkeypatch)
    standing = access.own_standing(rivera)
    assert standing.due and "rules" in standing.reason
    assert access.open_attempt(rivera) is None  # a fresh attempt on the new rules


def test_due_again_after_a_year(rivera: User) -> None:
    complete_all(rivera)
    assert not access.own_standing(rivera).due
    with time_machine.travel(timezone.now() + dt.timedelta(days=366), tick=False):
        standing = access.own_standing(rivera)
        assert standing.due and standing.reason == "Yearly training is due"


def test_the_report_is_the_privacy_officers_and_shows_completions(rivera: User) -> None:
    officer = make_user("delgado", "privacy_officer")
    complete_all(rivera)
    page = browser_for(officer).get(reverse("training:report")).content.decode()
    assert "7 of 7 as advised" in page and "Up to date" in page
    assert browser_for(rivera).get(reverse("training:report")).status_code == 404
    with pytest.raises(Http404):
        access.report(rivera)


def test_the_training_pages_show_the_decision_reasons_and_citations(rivera: User) -> None:
    http = browser_for(rivera)
    http.post(reverse("training:start"))
    url = reverse("training:exercise", args=["threat"])
    assert "See the advice" in http.get(url).content.decode()
    page = http.post(url, {"chosen": "decline"}).content.decode()
    assert "Your answer differs from the advice" in page
    assert "405 ILCS 5/6-103(b), (c)" in page and "clinician decides" in page


# The front desk ----------------------------------------------------------------------------


@pytest.fixture
def desk(rivera: User) -> User:
    return make_user("robin", "front_desk")


CALL = {
    "requester_name": "Tom Miller",
    "requester_contact": "555-0142",
    "requester_kind": "parent",
    "relationship": "father",
    "subject_name": "Sarah Miller",
    "information": "general_progress",
    "legal_process": "none",
    "information_detail": "Wants to know how she is doing.",
    "urgency": "routine",
}


def test_the_front_desk_records_an_unmatched_request_and_sees_no_client(
    rivera: User, desk: User
) -> None:
    sarah = make_client(rivera, "Sarah")
    make_case(rivera, sarah, title="Sarah Miller: individual therapy")
    http = browser_for(desk)
    page = http.get(reverse("training:front_desk")).content.decode()
    assert "neither confirm nor deny" in page and "Sarah" not in page
    response = http.post(reverse("training:front_desk"), CALL, follow=True)
    body = response.content.decode()
    assert "The message is recorded" in body and "individual therapy" not in body
    request = InformationRequest.objects.get()
    assert request.recorded_by == desk and request.client is None and request.status == "new"
    assert request.subject_name == "Sarah Miller" and request.source == "staff"
    for url in ("/clients/", f"/clients/{sarah.pk}/", reverse("disclosures:request_list")):
        assert http.get(url).status_code == 404, url
    with pytest.raises(PermissionDenied):
        disclosure_actions.record_request(
            acting_user=desk, data={**CALL, "information": ["attendance"]}, client=sarah
        )


def test_the_same_answer_whether_or_not_the_person_is_a_client(rivera: User, desk: User) -> None:
    sarah = make_client(rivera, "Sarah")
    make_case(rivera, sarah, title="Sarah: individual")
    http = browser_for(desk)
    known = http.post(reverse("training:front_desk"), CALL, follow=True).content.decode()
    stranger = {**CALL, "subject_name": "Nobody Atall"}
    unknown = http.post(reverse("training:front_desk"), stranger, follow=True).content.decode()
    tokens = re.compile(r'(X-CSRFToken": "|value=")[A-Za-z0-9]{32,}')
    assert tokens.sub("", known) == tokens.sub("", unknown)
    assert "The message is recorded" in known
