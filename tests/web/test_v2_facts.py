"""Contract version 2 reaches the engine from the records and the forms: a client's death, a
minor's sessions on their own consent (counted, not typed), a crime victim asked about by
police, and a safety concern's seriousness, suspect and victim's age. Version-1 input keeps its
meaning: a form that leaves the new facts out asks the engine what it asked before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.disclosures import actions, situations
from confide.disclosures.forms import RequestForm
from confide.disclosures.models import InformationRequest
from confide.disclosures.situations import sessions_on_own_consent, situation_dict, weekly_limit
from confide.disclosures.staff_forms import AskForm
from confide.incidents import actions as incident_actions
from confide.incidents.models import SafetyEvent
from confide.incidents.staff_forms import SafetyEventForm
from confide.policy import decide, situation_from_dict
from confide.policy.draft import NOT_FOR_DECEASED
from confide.policy.jurisdictions import Jurisdiction, federal_rules, parse_state_file
from confide.practice import actions as practice_actions
from confide.practice.forms import ClientForm
from confide.practice.models import Client
from tests.web.test_disclosures_flow import public_data as request_data
from tests.web.test_disclosures_flow import signed_in as http_for
from tests.web.test_practice_records import make_case, make_client, make_user

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).resolve().parents[1] / "policy" / "fixtures" / "XX.toml"
TODAY = timezone.localdate()


def years_ago(years: int) -> dt.date:
    return TODAY.replace(year=TODAY.year - years, day=min(TODAY.day, 28))


@pytest.fixture
def rivera() -> User:
    user = make_user("rivera")
    practice_actions.ensure_practice(
        acting_user=user, name="Harbor Light", jurisdiction="US-CA", licence_types=["PsyD"]
    )
    return user


def matched(rivera: User, client: Client, **overrides: Any) -> InformationRequest:
    req = actions.submit_public_request(data=request_data(**overrides))
    case = client.participations.first()
    return actions.match_request(
        acting_user=rivera,
        info_request=req,
        client=client,
        case=None if case is None else case.case,
    )


def held(rivera: User, case: Any, days_ago: int, status: str = "held") -> None:
    session = practice_actions.schedule_session(
        acting_user=rivera,
        case=case,
        starts_at=timezone.now() - dt.timedelta(days=days_ago),
    )
    practice_actions.set_session_status(acting_user=rivera, session=session, status=status)


# --- the client's death ---------------------------------------------------------------------


def test_a_death_is_entered_on_the_edit_page_only_and_checked(rivera: User) -> None:
    assert "date_of_death" not in ClientForm().fields  # not at registration
    sarah = make_client(rivera, born=years_ago(40))
    fields = {
        "first_name": "Sarah",
        "last_name": "Miller",
        "date_of_birth": sarah.date_of_birth.isoformat(),
    }
    future = ClientForm(fields | {"date_of_death": (TODAY + dt.timedelta(days=2))}, instance=sarah)
    assert not future.is_valid() and "date_of_death" in future.errors
    before = Client.objects.get(pk=sarah.pk)
    with pytest.raises(ValidationError) as refused:
        practice_actions.update_client(
            acting_user=rivera, client=sarah, data={"date_of_death": years_ago(50)}
        )
    assert "date_of_death" in refused.value.message_dict  # before the date of birth
    assert Client.objects.get(pk=sarah.pk).date_of_death == before.date_of_death is None


def test_recording_a_death_is_audited_stops_the_age_and_shows_on_the_record(
    rivera: User,
) -> None:
    sarah = make_client(rivera, born=years_ago(40))
    http = http_for(rivera)
    died = years_ago(5)
    response = http.post(
        reverse("practice:client_edit", args=[sarah.pk]),
        {
            "first_name": "Sarah",
            "last_name": "Miller",
            "date_of_birth": sarah.date_of_birth.isoformat(),
            "date_of_death": died.isoformat(),
        },
    )
    assert response.status_code == 302
    sarah.refresh_from_db()
    assert sarah.deceased and sarah.date_of_death == died
    assert sarah.age in (34, 35)  # at death, not today
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None and event.summary == "Client details changed: recorded as deceased"
    page = http.get(reverse("practice:client_detail", args=[sarah.pk])).content.decode()
    assert "Deceased" in page and "Age at death" in page


def test_a_deceased_clients_request_goes_to_the_engine_as_deceased(rivera: User) -> None:
    sarah = make_client(rivera, born=years_ago(40))
    make_case(rivera, sarah)
    req = matched(rivera, sarah, requester_kind="other_relative", relationship="sister")
    alive, _auth = situation_dict(req)
    assert "deceased" not in alive["client"]
    practice_actions.update_client(
        acting_user=rivera, client=sarah, data={"date_of_death": years_ago(1)}
    )
    req.refresh_from_db()
    data, _auth = situation_dict(req)
    assert data["client"]["deceased"] is True
    decision = decide(situation_from_dict(data))
    assert not NOT_FOR_DECEASED & set(decision.actions)
    page = http_for(rivera).get(reverse("disclosures:request_detail", args=[req.pk]))
    assert b'data-fact="deceased"' in page.content


# --- a minor's sessions on their own consent ----------------------------------------------------


def test_a_minors_sessions_are_counted_from_their_own_individual_cases(rivera: User) -> None:
    jake = make_client(rivera, "Jake", born=years_ago(15))
    mother = make_client(rivera, "Ann", born=years_ago(45))
    own = make_case(rivera, jake)
    family = make_case(rivera, jake, mother, case_type="family", secrets_policy="no_secrets")
    for days in (30, 20, 10):
        held(rivera, own, days)
    held(rivera, own, 5, status="cancelled")
    held(rivera, own, 4, status="no_show")
    held(rivera, family, 3)  # the family's treatment, not the minor's own
    assert sessions_on_own_consent(jake) == 3
    req = matched(rivera, jake)
    data, _auth = situation_dict(req)
    assert data["client"]["sessions_consented_alone"] == 3
    assert situation_from_dict(data).client.sessions_consented_alone == 3
    page = http_for(rivera).get(reverse("disclosures:request_detail", args=[req.pk]))
    assert b'data-fact="sessions"' in page.content and b"3 sessions held" in page.content


def test_an_adults_request_carries_no_session_count(rivera: User) -> None:
    sarah = make_client(rivera, born=years_ago(30))
    held(rivera, make_case(rivera, sarah), 3)
    data, _auth = situation_dict(matched(rivera, sarah))
    assert "sessions_consented_alone" not in data["client"]
    assert "deceased" not in data["client"]


def per_week_pack(tmp_path: Path) -> Jurisdiction:
    """The fixture rule pack with Florida's kind of limit (visits per week): which real state
    has it is rule data, which research moves."""
    text = FIXTURE.read_text().replace("max_sessions = 8", "sessions_per_week = 2", 1)
    path = tmp_path / "XX.toml"
    path.write_text(text)
    state = parse_state_file(path)
    federal = federal_rules()
    rules = {**federal.rules, **{rule.id: rule for rule in state.rules()}}
    return Jurisdiction("US-XX", state.name, federal, state, rules)


def test_a_weekly_limit_shows_the_visits_of_the_last_seven_days(
    rivera: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jake = make_client(rivera, "Jake", born=years_ago(15))
    own = make_case(rivera, jake)
    for days in (30, 6, 2):
        held(rivera, own, days)
    held(rivera, own, 1, status="cancelled")
    pack = per_week_pack(tmp_path)
    monkeypatch.setattr(situations, "jurisdiction", lambda code: pack)
    assert weekly_limit(jake, "US-XX") == {"held": 2, "limit": 2}
    adult = make_client(rivera, "Ann", born=years_ago(45))
    assert weekly_limit(adult, "US-XX") is None
    req = matched(rivera, jake)
    page = http_for(rivera).get(reverse("disclosures:request_detail", args=[req.pk]))
    assert b'data-fact="this-week"' in page.content
    assert b"2 held in the last seven days" in page.content


# --- police asking about a crime victim -------------------------------------------------------


def police(**extra: Any) -> dict[str, Any]:
    return request_data(
        requester_name="Det. Alvarez",
        requester_kind="law_enforcement",
        relationship="detective",
        purpose="law_enforcement",
        **extra,
    )


def test_only_law_enforcement_asks_about_a_crime_victim(rivera: User) -> None:
    assert RequestForm(police(client_is_crime_victim="on")).is_valid()
    parent = RequestForm(request_data(client_is_crime_victim="on"))
    assert not parent.is_valid() and "client_is_crime_victim" in parent.errors
    before = InformationRequest.objects.count()
    with pytest.raises(ValidationError):
        actions.submit_public_request(data=request_data(client_is_crime_victim=True))
    assert InformationRequest.objects.count() == before


def test_a_crime_victim_request_asks_the_client_first(rivera: User) -> None:
    sarah = make_client(rivera, born=years_ago(30))
    make_case(rivera, sarah)
    plain = situation_dict(matched(rivera, sarah, **police()))[0]
    assert plain["event"]["client_is_crime_victim"] is False
    req = matched(rivera, sarah, **police(client_is_crime_victim=True))
    data, _auth = situation_dict(req)
    assert data["event"]["client_is_crime_victim"] is True
    decision = decide(situation_from_dict(data))
    assert decision.outcome != decide(situation_from_dict(plain)).outcome
    page = http_for(rivera).get(reverse("disclosures:request_detail", args=[req.pk]))
    assert b"The victim of a crime" in page.content


# --- Ask confide --------------------------------------------------------------------------------


def ask(**extra: Any) -> dict[str, Any]:
    return {
        "jurisdiction": "US-CA",
        "clinician_license": "psychologist",
        "age": "15",
        "has_capacity": "true",
        "case_type": "individual",
        "kind": "information_request",
        "requester": "parent",
        "information": ["treatment_progress"],
        "purpose": "concern_for_wellbeing",
        "legal_process": "none",
    } | extra


def asked(params: dict[str, Any]) -> dict[str, Any]:
    form = AskForm(params)
    assert form.is_valid(), form.errors
    situation = form.situation()
    situation_from_dict(situation)  # the engine's own parser accepts it
    return situation


def test_ask_confide_takes_every_v2_fact() -> None:
    situation = asked(ask(deceased="on", sessions_consented_alone="4"))
    assert situation["client"]["deceased"] is True
    assert situation["client"]["sessions_consented_alone"] == 4
    police_ask = asked(ask(requester="law_enforcement", client_is_crime_victim="on"))
    assert police_ask["event"]["client_is_crime_victim"] is True
    threat = asked(
        ask(kind="safety_concern", concern="threat_to_identifiable_person", serious="false")
    )
    assert threat["event"]["serious"] is False
    abuse = asked(
        ask(
            kind="safety_concern",
            concern="elder_abuse",
            alleged_perpetrator="caretaker",
            victim_age="82",
        )
    )
    assert abuse["event"]["alleged_perpetrator"] == "caretaker"
    assert abuse["event"]["victim_age"] == 82


def test_ask_confide_without_the_new_facts_asks_what_version_1_asked() -> None:
    situation = asked(ask())
    assert "deceased" not in situation["client"]
    assert "sessions_consented_alone" not in situation["client"]
    threat = asked(ask(kind="safety_concern", concern="threat_to_identifiable_person"))
    assert threat["event"]["serious"] is True  # the contract's default
    assert threat["event"]["alleged_perpetrator"] == "unknown"
    assert "victim_age" not in threat["event"]


def test_ask_confide_refuses_a_negative_session_count() -> None:
    form = AskForm(ask(sessions_consented_alone="-1"))
    assert not form.is_valid() and "sessions_consented_alone" in form.errors


def test_the_ask_page_shows_the_decisions_deadlines_as_it_gives_them(rivera: User) -> None:
    params = ask(kind="safety_concern", concern="child_abuse", age="10")
    response = http_for(rivera).get("/disclosures/ask/", params)
    decision = response.context["decision"]
    content = response.content.decode()
    assert content.count("data-within-hours=") == len(decision["deadlines"])
    assert ("<h3>Deadlines</h3>" in content) == bool(decision["deadlines"])


# --- the safety form --------------------------------------------------------------------------


def safety_post(client: Client, **extra: Any) -> dict[str, Any]:
    return {
        "client": client.pk,
        "concern": "threat_to_identifiable_person",
        "description": "Said he would hurt a coworker by name.",
        "clinician_license": "psychologist",
    } | extra


def test_safety_form_defaults_keep_version_1_meaning(rivera: User) -> None:
    sarah = make_client(rivera, born=years_ago(30))
    make_case(rivera, sarah)
    form = SafetyEventForm(safety_post(sarah), user=rivera)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["serious"] is True
    assert form.cleaned_data["alleged_perpetrator"] == "unknown"
    assert form.cleaned_data["victim_age"] is None
    not_serious = SafetyEventForm(safety_post(sarah, serious="no"), user=rivera)
    assert not_serious.is_valid() and not_serious.cleaned_data["serious"] is False


def test_each_safety_fact_is_kept_only_for_the_concern_it_bears_on(rivera: User) -> None:
    sarah = make_client(rivera, born=years_ago(30))
    make_case(rivera, sarah)
    http = http_for(rivera)
    response = http.post(
        reverse("incidents:safety_new"),
        safety_post(sarah, serious="no", alleged_perpetrator="caretaker", victim_age="80"),
    )
    assert response.status_code == 302
    threat = SafetyEvent.objects.get()
    assert (threat.serious, threat.alleged_perpetrator, threat.victim_age) == (
        False,
        "unknown",
        None,
    )
    page = http.get(response["Location"]).content.decode()
    assert "Serious threat of physical violence" in page and "Suspected of the abuse" not in page
    response = http.post(
        reverse("incidents:safety_new"),
        safety_post(
            sarah,
            concern="elder_abuse",
            serious="no",
            alleged_perpetrator="caretaker",
            victim_age="80",
        ),
    )
    abuse = SafetyEvent.objects.exclude(pk=threat.pk).get()
    assert (abuse.serious, abuse.alleged_perpetrator, abuse.victim_age) == (True, "caretaker", 80)
    page = http.get(response["Location"]).content.decode()
    assert "A parent, caretaker or someone responsible for their care" in page
    assert "Age of the person harmed" in page
    audit = AuditEvent.objects.filter(action="create").order_by("-seq").first()
    assert audit is not None and audit.detail["alleged_perpetrator"] == "caretaker"


def test_the_safety_facts_reach_the_engine(rivera: User) -> None:
    sarah = make_client(rivera, born=years_ago(30))
    make_case(rivera, sarah)
    event = incident_actions.open_safety_event(
        acting_user=rivera,
        client=sarah,
        case=None,
        concern="threat_to_identifiable_person",
        imminent=False,
        serious=True,
        description="Serious threat, not imminent.",
        clinician_license="psychologist",
    )
    situation = {
        "jurisdiction": "US-CA",
        "clinician_license": "psychologist",
        "client": {"age": sarah.age},
        "event": {
            "kind": "safety_concern",
            "concern": "threat_to_identifiable_person",
            "imminent": False,
            "serious": True,
        },
    }
    assert event.decision == decide(situation_from_dict(situation)).to_dict()


def test_a_bad_suspect_is_refused_and_changes_nothing(rivera: User) -> None:
    sarah = make_client(rivera, born=years_ago(30))
    make_case(rivera, sarah)
    with pytest.raises(ValidationError) as refused:
        incident_actions.open_safety_event(
            acting_user=rivera,
            client=sarah,
            case=None,
            concern="child_abuse",
            imminent=False,
            alleged_perpetrator="neighbour",
            description="x",
            clinician_license="psychologist",
        )
    assert "alleged_perpetrator" in refused.value.message_dict
    assert not SafetyEvent.objects.exists()


def test_a_deceased_client_is_not_invited_to_the_portal(rivera: User) -> None:
    from confide.portal import actions as portal_actions
    from confide.portal.models import Invite
    from tests.web.test_portal import email_point

    sarah = make_client(rivera, born=years_ago(40))
    make_case(rivera, sarah)
    point = email_point(rivera, sarah, "sarah@example.org")
    practice_actions.update_client(
        acting_user=rivera, client=sarah, data={"date_of_death": years_ago(1)}
    )
    with pytest.raises(ValidationError, match="has died"):
        portal_actions.create_invite(acting_user=rivera, client=sarah, contact_point=point)
    assert not Invite.objects.exists()


def test_a_deceased_client_is_not_booked_into_sessions(rivera: User) -> None:
    jake = make_client(rivera, "Jake", born=years_ago(15))
    mother = make_client(rivera, "Ann", born=years_ago(45))
    family = make_case(rivera, jake, mother, case_type="family", secrets_policy="no_secrets")
    own = make_case(rivera, mother)
    died = TODAY - dt.timedelta(days=10)
    practice_actions.update_client(acting_user=rivera, client=jake, data={"date_of_death": died})
    later = timezone.now() + dt.timedelta(days=3)
    session = practice_actions.schedule_session(acting_user=rivera, case=family, starts_at=later)
    assert [p.client_id for p in session.attendees.all()] == [mother.pk]
    with pytest.raises(ValidationError, match="has died"):
        practice_actions.schedule_session(
            acting_user=rivera,
            case=family,
            starts_at=later,
            attendees=list(family.participants.all()),
        )
    before = timezone.now() - dt.timedelta(days=20)  # a session held before the death
    earlier = practice_actions.schedule_session(acting_user=rivera, case=family, starts_at=before)
    assert earlier.attendees.count() == 2
    practice_actions.update_client(acting_user=rivera, client=mother, data={"date_of_death": TODAY})
    with pytest.raises(ValidationError, match="Every participant"):
        practice_actions.schedule_session(acting_user=rivera, case=own, starts_at=later)
