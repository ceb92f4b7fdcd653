"""The engine's schema-v2 features, on a fictional rule pack (tests/policy/fixtures/XX.toml) so
these tests do not depend on any real state's data."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from confide.policy import decide, situation_from_dict
from confide.policy.decision import Decision
from confide.policy.jurisdictions import Jurisdiction, federal_rules, parse_state_file

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "XX.toml"


def place(path: Path = FIXTURE) -> Jurisdiction:
    state = parse_state_file(path)
    federal = federal_rules()
    rules = {**federal.rules, **{rule.id: rule for rule in state.rules()}}
    return Jurisdiction("US-XX", state.name, federal, state, rules)


def edited(tmp_path: Path, old: str, new: str) -> Jurisdiction:
    text = FIXTURE.read_text()
    assert old in text
    path = tmp_path / "XX.toml"
    path.write_text(text.replace(old, new, 1))
    return place(path)


def advise(event: dict[str, Any], where: Jurisdiction | None = None, **client: Any) -> Decision:
    # Parsed as a Californian situation (a known code), then decided under the fixture pack.
    data = {
        "jurisdiction": "US-CA",
        "client": {"age": 30, **client},
        "event": event,
    }
    return decide(situation_from_dict(data), where or place())


def threat(**fields: Any) -> dict[str, Any]:
    return {"kind": "safety_concern", "concern": "threat_to_identifiable_person", **fields}


def cited(decision: Decision) -> set[str]:
    return {entry.rule for entry in decision.basis}


# --- threats: trigger, discharge, deadline --------------------------------------------------


def test_serious_threat_carries_the_duty_without_imminence() -> None:
    decision = advise(threat(imminent=False, serious=True))
    assert (decision.outcome, decision.obligation) == ("warn_and_protect", "required")
    assert "not on imminence" in decision.explanation


def test_not_serious_is_worked_on_in_session() -> None:
    decision = advise(threat(imminent=True, serious=False))
    assert decision.outcome == "address_in_session"


def test_imminent_trigger_needs_imminence(tmp_path: Path) -> None:
    where = edited(tmp_path, 'trigger = "serious_threat"', 'trigger = "imminent_threat"')
    assert advise(threat(imminent=False), where).outcome == "address_in_session"
    assert advise(threat(imminent=True), where).outcome == "warn_and_protect"


def test_any_one_precaution_discharges_the_duty() -> None:
    decision = advise(threat(imminent=True))
    assert decision.actions[:3] == (
        "warn_threatened_person",
        "notify_law_enforcement",
        "arrange_emergency_evaluation",
    )
    assert "any one of these precautions discharges the duty" in decision.explanation
    assert {d.within_hours for d in decision.deadlines} == {0}
    # the fixture's also_required step is timed too, apart from the three choices
    assert {d.action for d in decision.deadlines} == {*decision.actions[:3], "report_to_authority"}


def test_a_step_the_statute_adds_is_required_whichever_precaution(tmp_path: Path) -> None:
    decision = advise(threat(imminent=True))
    assert "also requires you to give the fixture authority" in decision.explanation
    assert "report_to_authority" in decision.actions
    assert "report_to_authority" not in decision.actions[:3]  # not one of the choices
    assert ("report_to_authority", 0) in {(d.action, d.within_hours) for d in decision.deadlines}
    where = edited(tmp_path, 'category = "mandatory"', 'category = "permissive"')
    permitted = advise(threat(imminent=True), where)
    assert "also requires" not in permitted.explanation
    assert "report_to_authority" not in {d.action for d in permitted.deadlines}


def test_all_listed_recipients_when_discharge_is_all(tmp_path: Path) -> None:
    where = edited(tmp_path, 'discharge = "any"', 'discharge = "all"')
    decision = advise(threat(imminent=True), where)
    assert "discharges the duty" not in decision.explanation
    assert {d.action for d in decision.deadlines} == {
        "warn_threatened_person",
        "notify_law_enforcement",
        "report_to_authority",  # the fixture's also_required step
    }


# --- self-harm --------------------------------------------------------------------------------


def test_state_self_harm_duty_binds_its_licences() -> None:
    event = {"kind": "safety_concern", "concern": "risk_of_self_harm", "imminent": True}
    decision = advise(event)
    assert decision.obligation == "required"
    assert "report_to_authority" in decision.actions
    assert "us-xx.self_harm" in cited(decision)
    assert [(d.action, d.within_hours) for d in decision.deadlines] == [("report_to_authority", 24)]
    assert "Fixture Department of Human Services" in decision.explanation
    counselor = decide(
        situation_from_dict(
            {
                "jurisdiction": "US-CA",
                "clinician_license": "counselor",
                "client": {"age": 30},
                "event": event,
            }
        ),
        place(),
    )
    assert counselor.obligation == "permitted" and counselor.deadlines == ()


def test_self_harm_not_imminent_names_the_state_rule() -> None:
    event = {"kind": "safety_concern", "concern": "risk_of_self_harm", "imminent": False}
    decision = advise(event)
    assert decision.outcome == "address_in_session"
    assert "Fixture Code 1-2" in decision.explanation


# --- age of majority and minors' consent ------------------------------------------------------


def parent_asks(**client: Any) -> Decision:
    event = {
        "kind": "information_request",
        "requester": "parent",
        "information": ["treatment_progress"],
        "purpose": "concern_for_wellbeing",
    }
    return advise(event, consented_to_own_treatment=True, **client)


def test_age_of_majority_is_the_states() -> None:
    where = place()
    assert where.age_of_majority == 19 and where.is_minor(18) and not where.is_minor(19)
    assert parent_asks(age=18).outcome == "general_information_only"  # a minor at 18 here
    assert parent_asks(age=19).outcome == "general_information_only"  # an adult: family rule
    assert "involve_minor" in parent_asks(age=18).actions
    assert "involve_minor" not in parent_asks(age=19).actions


def test_minor_consent_limit_used_up() -> None:
    within = parent_asks(age=15, sessions_consented_alone=3)
    used_up = parent_asks(age=15, sessions_consented_alone=8)
    assert "limit is used up" not in within.explanation
    assert "limit is used up" in used_up.explanation
    assert "parent or guardian consent is needed to continue" in used_up.explanation
    unknown = parent_asks(age=15)
    assert "Check how many sessions" in unknown.explanation


def test_minor_consent_sessions_left_are_counted() -> None:
    within = parent_asks(age=15, sessions_consented_alone=3)
    assert "3 of the 8 sessions" in within.explanation and "5 left" in within.explanation


def test_per_week_limit_is_a_condition_the_clinician_checks(tmp_path: Path) -> None:
    # The contract carries no count of this week's visits: the limit is stated, with what
    # happens past it, whatever the total so far.
    where = edited(tmp_path, "max_sessions = 8", "sessions_per_week = 2")
    for total in (None, 1, 40):
        client = {} if total is None else {"sessions_consented_alone": total}
        decision = advise(
            {
                "kind": "information_request",
                "requester": "parent",
                "information": ["treatment_progress"],
                "purpose": "concern_for_wellbeing",
            },
            where,
            age=15,
            consented_to_own_treatment=True,
            **client,
        )
        text = decision.explanation
        assert "2 sessions a week" in text
        assert "at most 2 visits in any one week" in text
        assert "Before a third visit within the same seven days" in text
        assert "parent or guardian consent is needed to continue" in text
        assert "limit is used up" not in text  # a total is not a weekly count


def test_day_limit_is_a_condition_the_clinician_checks(tmp_path: Path) -> None:
    where = edited(tmp_path, "max_sessions = 8", "max_days = 30")
    decision = advise(
        {
            "kind": "information_request",
            "requester": "parent",
            "information": ["treatment_progress"],
        },
        where,
        age=15,
        consented_to_own_treatment=True,
    )
    assert "After 30 days: parent or guardian consent is needed" in decision.explanation


def test_counselor_may_inform_parents_makes_it_discretionary(tmp_path: Path) -> None:
    assert parent_asks(age=15).obligation == "discretionary"
    where = edited(tmp_path, "counselor_may_inform_parents = true", "")
    event = {
        "kind": "information_request",
        "requester": "parent",
        "information": ["treatment_progress"],
    }
    assert advise(event, where, age=15, consented_to_own_treatment=True).obligation == "permitted"


# --- minors' consent on a judgment: maturity test, unaccompanied youth --------------------------


def parent_asks_of(where: Jurisdiction, license_: str, age: int) -> Decision:
    data = {
        "jurisdiction": "US-CA",
        "clinician_license": license_,
        "client": {"age": age, "consented_to_own_treatment": True},
        "event": {
            "kind": "information_request",
            "requester": "parent",
            "information": ["treatment_progress"],
        },
    }
    return decide(situation_from_dict(data), where)


MINOR_SECONDARY = (
    'checked = 2026-12-01\nconfidence = "verified"\nexcerpt = "not more than 8 sessions"',
    'checked = 2026-12-01\nconfidence = "secondary"\nexcerpt = "not more than 8 sessions"',
)


def test_mature_minor_below_the_age_is_a_condition_never_assumed(tmp_path: Path) -> None:
    # Below the age the parent stays the representative (maturity is not assumed), but the
    # decision says a documented maturity judgment would change that.
    young = parent_asks(age=11)
    assert young.outcome in {"disclose", "disclose_minimum_necessary"}
    assert "may still consent alone if you find that" in young.explanation
    assert "understands the nature and consequences" in young.explanation
    assert "confide has not assumed that judgment" in young.explanation
    assert "check your record" in young.explanation
    assert "may still consent alone if you find that" not in parent_asks(age=14).explanation
    without = edited(tmp_path, "maturity_test =", "note =")
    plain = parent_asks_of(without, "psychologist", 11)
    assert plain.outcome == young.outcome
    assert "may still consent alone if you find that" not in plain.explanation


def test_maturity_required_at_the_age_is_a_condition(tmp_path: Path) -> None:
    where = edited(tmp_path, "maturity_required = false", "maturity_required = true")
    at_age = parent_asks_of(where, "psychologist", 14)
    assert at_age.outcome == "general_information_only"  # the minor's consent path is kept
    assert "only once you find that the minor understands" in at_age.explanation
    assert "document it" in at_age.explanation
    below = parent_asks_of(where, "psychologist", 11)
    assert "understands the nature" not in below.explanation  # not below the age


def test_other_licence_condition_is_stated_not_assumed(tmp_path: Path) -> None:
    refused = parent_asks_of(place(), "marriage_family_therapist", 14)
    assert refused.outcome in {"disclose", "disclose_minimum_necessary"}  # not covered
    assert "only if the minor is an unaccompanied youth" in refused.explanation
    assert "check your record" in refused.explanation
    covered = parent_asks_of(place(), "counselor", 14)
    assert "unaccompanied youth" not in covered.explanation
    caution = parent_asks_of(edited(tmp_path, *MINOR_SECONDARY), "marriage_family_therapist", 14)
    assert caution.outcome == "general_information_only"  # unverified: the age rule stands
    assert "only if the minor is an unaccompanied youth" in caution.explanation
    assert "check your record" not in caution.explanation


def test_narrower_route_below_the_age_is_a_condition() -> None:
    # Fixture: 10 or older, to a psychologist or psychiatrist, for alcohol or drug problems.
    route = parent_asks_of(place(), "psychologist", 11)
    assert route.outcome in {"disclose", "disclose_minimum_necessary"}  # never assumed
    assert "A minor of 10 or older may still consent alone" in route.explanation
    assert "related to alcohol or drugs" in route.explanation
    assert route.explanation.count("check your record") == 1  # said once, with maturity too
    assert "related to alcohol" not in parent_asks_of(place(), "counselor", 11).explanation
    assert "related to alcohol" not in parent_asks_of(place(), "psychologist", 9).explanation


def test_parent_access_denial_names_the_finding_and_who_may_make_it(tmp_path: Path) -> None:
    where = edited(tmp_path, 'parent_access = "none"', 'parent_access = "full"')
    psychologist = parent_asks_of(where, "psychologist", 14)
    assert "if you put in the minor's record a written statement" in psychologist.explanation
    assert "substantial harm" in psychologist.explanation
    counselor = parent_asks_of(where, "counselor", 14)
    assert "not by a counselor" in counselor.explanation
    assert "a psychologist or a social worker treating the minor" in counselor.explanation
    assert counselor.outcome == psychologist.outcome  # the access itself is unchanged
    assert "written statement" not in parent_asks(age=14).explanation  # access not "full"
    assert "written statement" in parent_asks(age=11).explanation  # the parent's own access


# --- Part 2 and minors (42 CFR 2.14) ----------------------------------------------------------


def sud_request(requester: str, age: int, consented: bool, **extra: Any) -> Decision:
    event = {
        "kind": "information_request",
        "requester": requester,
        "information": ["substance_use_records", "attendance"],
        **extra,
    }
    return advise(event, age=age, consented_to_own_treatment=consented)


def test_part2_minor_parent_cannot_consent_alone() -> None:
    for age, consented in ((11, True), (15, False), (15, True)):
        decision = sud_request("parent", age, consented)
        assert "substance_use_records" not in decision.release_scope
        assert "us.part2.minors" in cited(decision)
        assert "only the minor may consent" in decision.explanation
        assert "the minor and the parent must both sign" in decision.explanation


def test_part2_minor_consent_names_whose_signatures() -> None:
    authorization = {
        "covers": ["substance_use_records", "attendance"],
        "recipient_matches": True,
        "expired": False,
        "revoked": False,
        "complete": True,
        "signed_by_all_participants": True,
    }
    minor = sud_request("treating_provider", 15, True, authorization=authorization)
    assert "substance_use_records" in minor.release_scope
    assert "us.part2.minors" in cited(minor)
    assert "carries the minor's own signature" in minor.explanation
    adult = sud_request("treating_provider", 30, True, authorization=authorization)
    assert "us.part2.minors" not in cited(adult)
    assert "minor's own signature" not in adult.explanation


# --- abuse reports: recipients by perpetrator, deadlines, victim age ----------------------------


def child(perpetrator: str) -> Decision:
    event = {"kind": "safety_concern", "concern": "child_abuse", "alleged_perpetrator": perpetrator}
    return advise(event, age=10)


def test_child_abuse_recipient_depends_on_who_is_suspected() -> None:
    caretaker, other, unknown = child("caretaker"), child("other"), child("unknown")
    assert "county department of social services" in caretaker.explanation
    assert "notify_law_enforcement" not in caretaker.actions
    assert "local law enforcement" in other.explanation
    assert "notify_law_enforcement" in other.actions
    for text in ("county department of social services", "local law enforcement"):
        assert text in unknown.explanation
    assert "notify_law_enforcement" in unknown.actions


def test_immediately_is_zero_hours_and_the_written_report_follows() -> None:
    hours = sorted(d.within_hours for d in child("caretaker").deadlines)
    assert hours == [0, 48]


def elder(victim_age: int | None = None, imminent: bool = False) -> Decision:
    event: dict[str, Any] = {"kind": "safety_concern", "concern": "elder_abuse"}
    if victim_age is not None:
        event["victim_age"] = victim_age
    return advise(event)


def test_elder_duty_starts_at_the_states_age() -> None:
    assert elder(65).obligation == "discretionary"
    assert elder(65).deadlines == ()
    older = elder(75)
    assert older.obligation == "required"
    assert "notify_law_enforcement" in older.actions  # also_report_to names law enforcement
    assert "cannot seek help" in older.explanation  # mandatory_condition is said
    assert elder().obligation == "required"  # age unknown: the protective reading


def test_privileged_communication_exception_is_said_for_its_licences() -> None:
    psychologist = elder(75)  # the fixture excuses psychologists for privileged communications
    assert psychologist.obligation == "required"  # what was learned otherwise is still due
    assert "privileged communication" in psychologist.explanation
    data = {
        "jurisdiction": "US-CA",
        "clinician_license": "social_worker",
        "client": {"age": 75},
        "event": {"kind": "safety_concern", "concern": "elder_abuse", "victim_age": 75},
    }
    social_worker = decide(situation_from_dict(data), place())
    assert social_worker.obligation == "required"
    assert "privileged communication" not in social_worker.explanation


# --- privilege --------------------------------------------------------------------------------


def subpoena() -> dict[str, Any]:
    return {
        "kind": "information_request",
        "requester": "attorney",
        "information": ["progress_notes"],
        "legal_process": "subpoena",
    }


def test_subpoena_names_the_states_privilege() -> None:
    decision = advise(subpoena())
    assert "us-xx.privilege" in cited(decision)
    assert "Fixture Evid. Code 99" in decision.explanation
    assert "the client, or the client's personal representative" in decision.explanation


def test_subpoena_without_privilege_table_says_so(tmp_path: Path) -> None:
    text = FIXTURE.read_text()
    start, end = text.index("[privilege]"), text.index("[minor_consent]")
    path = tmp_path / "XX.toml"
    path.write_text(text[:start] + text[end:])
    decision = advise(subpoena(), place(path))
    assert "does not yet name Fixture State's psychotherapist-patient privilege" in (
        decision.explanation
    )
    federal = decide(situation_from_dict({**_federal(), "event": subpoena()}))
    assert "Jaffee v. Redmond" in federal.explanation


def _federal() -> dict[str, Any]:
    return {"jurisdiction": "US", "client": {"age": 30}}


# --- verification state ------------------------------------------------------------------------


def _with_federal_secondary(where: Jurisdiction) -> Jurisdiction:
    """The same pack with every federal rule marked secondary, so the test does not depend on
    how much of the real federal data has been verified."""
    rules = {
        rid: replace(rule, confidence="secondary") if rid in where.federal.rules else rule
        for rid, rule in where.rules.items()
    }
    return Jurisdiction(where.code, where.name, where.federal, where.state, rules)


def test_verified_only_when_every_basis_rule_is() -> None:
    event = {"kind": "safety_concern", "concern": "child_abuse", "alleged_perpetrator": "caretaker"}
    decision = advise(event, _with_federal_secondary(place()), age=10)
    assert not decision.verified  # the federal rules it also rests on are secondary
    assert {e.confidence for e in decision.basis} >= {"verified", "secondary"}
    assert decision.to_dict()["verified"] is False
    basis = decision.to_dict()["basis"]
    assert isinstance(basis, list)
    entry = next(e for e in basis if e["rule"] == "us-xx.child_abuse_reporting")
    assert entry == {
        "rule": "us-xx.child_abuse_reporting",
        "citation": "Fixture Code 3-1",
        "confidence": "verified",
        "checked": "2026-12-01",
        "source": "fixture",
    }


@pytest.mark.parametrize("requester", ["spouse_or_partner", "parent"])
def test_deceased_client_family(requester: str) -> None:
    event = {
        "kind": "information_request",
        "requester": requester,
        "information": ["general_progress"],
    }
    decision = advise(event, age=16, deceased=True)
    assert "us.hipaa.deceased_family" in cited(decision)
    assert not {"discuss_with_client", "involve_minor"} & set(decision.actions)
