"""The pure rules behind incidents: the breach presumption, its deadlines, and the safety
checklist read from the engine's decision and the state's rule data."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from confide.incidents import breach, checklist
from confide.incidents.attention_providers import days_left_text
from confide.policy import decide, jurisdiction, situation_from_dict
from confide.policy.jurisdictions import STATE_CODES


def _codes(choices: list[tuple[str, str]]) -> list[str]:
    return [code for code, _ in choices if code]


assessments = st.builds(
    breach.Assessment,
    nature=st.sampled_from(["", *_codes(breach.NATURE_CHOICES)]),
    recipient=st.sampled_from(["", *_codes(breach.RECIPIENT_CHOICES)]),
    acquired=st.sampled_from(["", *_codes(breach.ACQUIRED_CHOICES)]),
    mitigation=st.sampled_from(["", *_codes(breach.MITIGATION_CHOICES)]),
    unsecured=st.booleans(),
    exception=st.sampled_from(["", *_codes(breach.EXCEPTION_CHOICES)]),
)


@settings(max_examples=2000)
@given(assessments)
def test_low_probability_only_when_every_factor_is_low(a: breach.Assessment) -> None:
    outcome = breach.outcome_of(a)
    all_low = (a.nature, a.recipient, a.acquired, a.mitigation) == (
        breach.NATURE_LOW,
        breach.RECIPIENT_LOW,
        breach.ACQUIRED_LOW,
        breach.MITIGATION_LOW,
    )
    if a.exception or not a.unsecured:
        assert outcome == "not_a_breach"
    elif not a.complete:
        assert outcome == "not_assessed"
    else:
        assert (outcome == "low_probability") == all_low
        assert outcome in ("low_probability", "breach")


def test_one_factor_against_is_enough_for_a_breach() -> None:
    low = breach.Assessment("minimal", "bound_by_hipaa", "not_acquired", "fully_mitigated")
    assert breach.outcome_of(low) == "low_probability"
    assert (
        breach.outcome_of(
            breach.Assessment("minimal", "bound_by_hipaa", "unknown", "fully_mitigated")
        )
        == "breach"
    )
    assert (
        breach.outcome_of(
            breach.Assessment("clinical", "bound_by_hipaa", "not_acquired", "fully_mitigated")
        )
        == "breach"
    )


@settings(max_examples=1000)
@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.integers(min_value=0, max_value=100_000),
    st.integers(min_value=0, max_value=100_000),
)
def test_deadlines_follow_the_counts(day: dt.date, individuals: int, in_state: int) -> None:
    found = {d.key: d for d in breach.deadlines(day, individuals, in_state)}
    sixty = day + dt.timedelta(days=60)
    assert found["individuals"].due == sixty
    assert ("media" in found) == (in_state > 500)
    if individuals >= 500:
        assert found["hhs"].due == sixty
    else:
        # The yearly log: within 60 days after the end of the year of discovery.
        assert found["hhs"].due == dt.date(day.year, 12, 31) + dt.timedelta(days=60)
        assert found["hhs"].due.year == day.year + 1
    assert all(d.due > day for d in found.values())


@pytest.mark.parametrize(
    ("discovered", "individuals", "hhs_due"),
    [
        (dt.date(2026, 3, 2), 499, dt.date(2027, 3, 1)),  # the yearly log; 2027 is not a leap year
        (dt.date(2027, 6, 1), 12, dt.date(2028, 2, 29)),  # 2028 is
        (dt.date(2026, 3, 2), 500, dt.date(2026, 5, 1)),  # 500 or more: with the individuals
    ],
)
def test_hhs_deadline_examples(discovered: dt.date, individuals: int, hhs_due: dt.date) -> None:
    hhs = next(d for d in breach.deadlines(discovered, individuals, 0) if d.key == "hhs")
    assert hhs.due == hhs_due


def test_media_notice_needs_more_than_500_in_one_state() -> None:
    keys = lambda n: {d.key for d in breach.deadlines(dt.date(2026, 1, 5), 2000, n)}  # noqa: E731
    assert "media" not in keys(500)
    assert "media" in keys(501)


def _decision(code: str, concern: str, imminent: bool, license_: str = "psychologist"):  # type: ignore[no-untyped-def]
    return decide(
        situation_from_dict(
            {
                "jurisdiction": code,
                "clinician_license": license_,
                "client": {"age": 30},
                "event": {"kind": "safety_concern", "concern": concern, "imminent": imminent},
            }
        )
    )


def test_imminent_threat_in_california_warns_the_person_and_the_police() -> None:
    place = jurisdiction("US-CA")
    steps = checklist.plan(
        _decision("US-CA", "threat_to_identifiable_person", True),
        place,
        "threat_to_identifiable_person",
    )
    warns = [s for s in steps if s.releases]
    assert [s.action for s in warns] == ["warn_threatened_person", "notify_law_enforcement"]
    assert all(s.due_hours is None for s in warns)  # the rule data sets no hours for this duty
    assert "43.92" in warns[0].citation
    kinds = [s.kind for s in steps]
    assert "tell_client" in kinds and kinds[-1] == "record"


@pytest.mark.parametrize("state", sorted(STATE_CODES))
def test_abuse_report_deadline_comes_from_each_states_rule_data(state: str) -> None:
    place = jurisdiction(f"US-{state}")
    assert place.state is not None
    steps = checklist.plan(_decision(place.code, "child_abuse", False), place, "child_abuse")
    report = next(s for s in steps if s.action == "report_to_authority")
    assert report.kind == "report"
    assert report.due_hours == place.state.child_abuse.deadline_hours
    assert place.state.child_abuse.report_to in report.detail


def test_elder_abuse_uses_the_adult_rule() -> None:
    place = jurisdiction("US-CA")
    assert place.state is not None
    steps = checklist.plan(_decision("US-CA", "elder_abuse", True), place, "elder_abuse")
    dated = [(s.action, s.due_hours) for s in steps if s.due_hours is not None]
    assert dated == [
        ("report_to_authority", place.state.adult_abuse.deadline_hours),
        ("report_to_authority", place.state.adult_abuse.written_report_hours),
        ("notify_law_enforcement", place.state.adult_abuse.deadline_hours),
    ]


def test_days_left_is_said_in_words() -> None:
    today = dt.date(2026, 5, 10)
    assert days_left_text(dt.date(2026, 5, 13), today) == "due in 3 days"
    assert days_left_text(dt.date(2026, 5, 11), today) == "due in 1 day"
    assert days_left_text(today, today) == "due today"
    assert days_left_text(dt.date(2026, 5, 8), today) == "overdue by 2 days"
