"""Ask confide: the page's decision is the one `decide()` and `POST /api/v1/advise` give, for
any situation the form can describe; each question is audited."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client as HttpClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confide.audit.models import AuditEvent
from confide.policy import decide, situation_from_dict
from confide.policy.situation import CONCERNS, INFORMATION, LEGAL_PROCESSES, PURPOSES, REQUESTERS
from tests.web.test_practice_records import make_user

pytestmark = pytest.mark.django_db
URL = "/disclosures/ask/"


def signed_in(role: str = "clinician") -> HttpClient:
    http = HttpClient()
    http.force_login(make_user(f"u-{role}", role))
    return http


def base(**extra: Any) -> dict[str, Any]:
    return {
        "jurisdiction": "US-CA",
        "clinician_license": "psychologist",
        "age": "24",
        "has_capacity": "true",
        "case_type": "individual",
        "kind": "information_request",
        "requester": "parent",
        "information": ["treatment_progress"],
        "purpose": "concern_for_wellbeing",
        "legal_process": "none",
    } | extra


def page_decision(http: HttpClient, params: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    response = http.get(URL, params)
    assert response.status_code == 200
    form = response.context["form"]
    return response.context["decision"], form


def api_decision(http: HttpClient, situation: dict[str, Any]) -> dict[str, Any]:
    response = http.post("/api/v1/advise", json.dumps(situation), content_type="application/json")
    assert response.status_code == 200, response.content
    return dict(response.json())


def test_the_page_the_engine_and_the_api_agree_on_the_parents_question() -> None:
    http = signed_in()
    decision, form = page_decision(http, base())
    situation = form.situation()
    assert decision == decide(situation_from_dict(situation)).to_dict()
    assert decision == api_decision(http, situation)
    assert decision["outcome"] == "general_information_only"
    content = http.get(URL, base()).content
    assert b"45 CFR 164.508(a)(1)" in content and b"the clinician decides" in content


def test_each_question_writes_one_audit_event() -> None:
    http = signed_in()
    before = AuditEvent.objects.count()
    http.get(URL, base())
    events = list(AuditEvent.objects.filter(seq__gt=before))
    assert [e.action for e in events] == ["advise"]
    assert events[0].detail["outcome"] == "general_information_only"


def test_an_empty_page_asks_nothing_and_bad_input_names_the_field() -> None:
    http = signed_in()
    before = AuditEvent.objects.count()
    assert http.get(URL).context["decision"] is None
    decision, form = page_decision(http, base(information=[]))
    assert decision is None and "information" in form.errors
    decision, form = page_decision(http, base(kind="safety_concern", concern=""))
    assert decision is None and "concern" in form.errors
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("role", ["administrator", "supervisor", "privacy_officer", "client"])
def test_only_clinicians_ask(role: str) -> None:
    assert signed_in(role).get(URL, base()).status_code == 404


requests = st.fixed_dictionaries(
    {
        "requester": st.sampled_from(REQUESTERS),
        "information": st.lists(st.sampled_from(INFORMATION), min_size=1, max_size=3, unique=True),
        "purpose": st.sampled_from(PURPOSES),
        "legal_process": st.sampled_from(LEGAL_PROCESSES),
        "age": st.integers(0, 90).map(str),
        "jurisdiction": st.sampled_from(["US", "US-CA", "US-NY", "US-TX"]),
        "case_type": st.sampled_from(["individual", "couple", "family", "group"]),
        "emergency": st.sampled_from(["", "on"]),
        "has_authorization": st.sampled_from(["", "on"]),
        "auth_covers": st.lists(st.sampled_from(INFORMATION), min_size=1, max_size=3, unique=True),
        "auth_revoked": st.sampled_from(["", "on"]),
        # contract version 2
        "deceased": st.sampled_from(["", "on"]),
        "sessions_consented_alone": st.sampled_from(["", "0", "3", "12"]),
        "client_is_crime_victim": st.sampled_from(["", "on"]),
        "serious": st.sampled_from(["", "true", "false"]),
        "alleged_perpetrator": st.sampled_from(["", "caretaker", "other", "unknown"]),
        "victim_age": st.sampled_from(["", "64", "82"]),
    }
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(params=requests, concern=st.sampled_from(CONCERNS))
def test_for_any_situation_the_page_decide_and_the_api_agree(
    params: dict[str, Any], concern: str
) -> None:
    from confide.accounts.models import User

    user = User.objects.filter(username="asker").first() or make_user("asker")
    http = HttpClient()
    http.force_login(user)
    query = base(**{k: v for k, v in params.items() if v != ""}, concern=concern)
    decision, form = page_decision(http, query)
    situation = form.situation()
    parsed = situation_from_dict(situation)
    assert parsed.client.age == int(params["age"])
    assert set(parsed.event.information) == set(params["information"])  # type: ignore[union-attr]
    has_auth = parsed.event.authorization is not None  # type: ignore[union-attr]
    assert has_auth == bool(params["has_authorization"])
    assert parsed.client.deceased == bool(params["deceased"])
    sessions = params["sessions_consented_alone"]
    assert parsed.client.sessions_consented_alone == (int(sessions) if sessions else None)
    assert decision == decide(parsed).to_dict() == api_decision(http, situation)
