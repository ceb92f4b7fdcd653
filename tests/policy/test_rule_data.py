"""The rule pack: complete, well-formed, traceable, and loud about bad data."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from confide.policy import exceptions_for, minor_consent_rule
from confide.policy.jurisdictions import (
    FEDERAL_FILE,
    STATE_CODES,
    STATES_DIR,
    all_jurisdictions,
    federal_rules,
    parse_state_file,
)
from confide.policy.rules_model import Rule, RuleDataError

NOTES_DAY = dt.date(2026, 11, 22)
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "XX.toml"
POLICY_SRC = Path(__file__).resolve().parents[2] / "src" / "confide" / "policy"


def all_rules() -> list[Rule]:
    found = list(federal_rules().rules.values())
    for place in all_jurisdictions():
        if place.state is not None:
            found += place.state.rules()
    return found


def test_one_file_per_state_and_dc() -> None:
    assert FEDERAL_FILE.is_file()
    files = {p.stem for p in STATES_DIR.glob("*.toml")}
    assert files == STATE_CODES
    assert len(files) == 51


def test_every_rule_is_traceable() -> None:
    rules = all_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids)), "rule ids are unique"
    for rule in rules:
        assert re.fullmatch(r"us(-[a-z]{2})?\.[a-z0-9_.]+", rule.id), rule.id
        assert rule.citation.strip() and rule.source.strip() and rule.summary.strip()
        assert isinstance(rule.checked, dt.date)
        assert rule.confidence in {"verified", "secondary", "conflict"}
        if rule.confidence == "conflict":
            assert rule.note, f"{rule.id}: a conflict must say which reading was taken"
        if rule.checked == NOTES_DAY:
            assert rule.source.startswith("reference/"), f"{rule.id}: notes-day facts cite notes"
        if rule.verified:
            assert rule.excerpt and len(rule.excerpt) <= 300, rule.id


@pytest.mark.parametrize("code", ["US", *sorted(f"US-{c}" for c in STATE_CODES)])
def test_no_rule_claims_verified_without_an_excerpt(code: str) -> None:
    """Schema v2: a verified rule quotes the official text. The loader downgrades one that
    does not (so no clinician is told "verified" on an uncheckable claim); this test and
    `confide rules audit` fail on it so the data is fixed."""
    place = next(p for p in all_jurisdictions() if p.code == code)
    rules = place.state.rules() if place.state is not None else tuple(place.federal.rules.values())
    missing = [rule.id for rule in rules if rule.unexcerpted]
    assert not missing, f"verified without an excerpt: {missing}"


def test_each_state_covers_every_topic() -> None:
    for place in all_jurisdictions():
        if place.state is None:
            continue
        state = place.state
        prefix = place.code.lower()
        assert state.duty_to_protect.rule.id == f"{prefix}.duty_to_protect"
        assert state.child_abuse.mandatory, f"{place.code}: every state mandates child reports"
        assert state.child_abuse.deadline_hours >= 0
        assert 18 <= state.age_of_majority <= 21
        assert set(state.adult_abuse.covers) == {"elder_abuse", "dependent_adult_abuse"}
        assert 0 <= state.minor_consent.age <= 18


def test_rule_ids_used_by_the_engine_exist() -> None:
    federal = federal_rules().rules
    used: set[str] = set()
    for module in POLICY_SRC.glob("*.py"):
        used |= set(re.findall(r'"(us\.[a-z0-9_]+\.[a-z0-9_.]+)"', module.read_text()))
    assert used, "the engine cites federal rules by id"
    assert used <= set(federal), sorted(used - set(federal))


def test_conflicts_take_the_protective_reading() -> None:
    # Mississippi: J 2014 said mandatory, the 2023 statute is permissive; the pack says permissive.
    ms = parse_state_file(STATES_DIR / "MS.toml").duty_to_protect
    assert ms.category == "permissive" and ms.rule.confidence == "conflict"
    al = parse_state_file(STATES_DIR / "AL.toml").duty_to_protect
    assert al.category_for("counselor") == "mandatory"
    assert al.category_for("psychologist") == "none"


def test_exceptions_for_lists_cited_exceptions() -> None:
    found = exceptions_for("US-CA", "psychologist")
    ids = {r.id for r in found}
    assert {
        "us-ca.duty_to_protect",
        "us-ca.child_abuse_reporting",
        "us.hipaa.judicial_order",
    } <= ids
    assert all(r.citation for r in found)
    assert "us-al.duty_to_protect" not in {r.id for r in exceptions_for("US-AL", "psychologist")}
    assert "us-al.duty_to_protect" in {r.id for r in exceptions_for("US-AL", "counselor")}
    assert not any(r.id.startswith("us-") for r in exceptions_for("US", "counselor"))


def test_minor_consent_rule() -> None:
    pa = minor_consent_rule("US-PA")
    assert pa is not None and pa.age == 14 and pa.parent_access == "with_minor_consent"
    assert minor_consent_rule("US") is None


# --- loader errors name the file and the key ---------------------------------------------


def broken_copy(tmp_path: Path, old: str, new: str, code: str = "CA") -> Path:
    path = tmp_path / f"{code}.toml"
    shutil.copy(STATES_DIR / f"{code}.toml", path)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('category = "mandatory"', 'category = "sometimes"', "duty_to_protect.category"),
        ("age = 12", 'age = "twelve"', "minor_consent.age"),
        ("age = 12", "age = 21", "minor_consent.age"),
        ('confidence = "verified"', 'confidence = "sure"', "duty_to_protect.confidence"),
        ("deadline_hours = 0", "deadline_hours = -1", "child_abuse_reporting.deadline_hours"),
        ("mandatory = true", 'mandatory = "yes"', "child_abuse_reporting.mandatory"),
        ('name = "California"', 'nmae = "California"', "name"),
        ("\nchecked = 2026-12-01", "\nchecked = 2026-12-01T10:00:00", "duty_to_protect.checked"),
        ('id = "us-ca.minor_consent"', 'id = "us-ny.minor_consent"', "us-ny.minor_consent"),
        ('jurisdiction = "US-CA"', 'jurisdiction = "US-NV"', "jurisdiction"),
        ("[minor_consent]", "[minor_consent]\nsurprise = 1", "minor_consent.surprise"),
    ],
)
def test_loader_errors_name_file_and_key(tmp_path: Path, old: str, new: str, key: str) -> None:
    path = broken_copy(tmp_path, old, new)
    with pytest.raises(RuleDataError) as caught:
        parse_state_file(path)
    assert caught.value.key == key
    assert str(path) in str(caught.value)


def test_loader_reports_missing_key_and_bad_syntax(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, 'citation = "Cal. Fam. Code', 'cite = "Cal. Fam. Code')
    with pytest.raises(RuleDataError, match=r"CA\.toml: minor_consent\.citation: is required"):
        parse_state_file(path)
    path.write_text("jurisdiction = ")
    with pytest.raises(RuleDataError, match=r"CA\.toml: \(syntax\)"):
        parse_state_file(path)


def test_federal_duplicate_ids_rejected(tmp_path: Path) -> None:
    text = FEDERAL_FILE.read_text()
    first = text.index("[[rule]]")
    second = text.index("[[rule]]", first + 1)
    path = tmp_path / "federal.toml"
    path.write_text(text + "\n" + text[first:second])
    federal_rules.cache_clear()
    try:
        with pytest.raises(RuleDataError, match="duplicate rule id"):
            federal_rules(path)
    finally:
        federal_rules.cache_clear()


# --- schema v2 -------------------------------------------------------------------------------


def test_fixture_pack_loads_every_v2_field() -> None:
    state = parse_state_file(FIXTURE)
    assert state.age_of_majority == 19
    duty = state.duty_to_protect
    assert (duty.trigger, duty.discharge, duty.deadline_hours) == ("serious_threat", "any", 0)
    assert duty.precautions[0] == "warn_threatened_person"
    assert state.self_harm is not None and state.self_harm.deadline_hours == 24
    assert state.self_harm.required_of("psychologist")
    assert not state.self_harm.required_of("counselor")
    assert state.privilege is not None and state.privilege.rule.citation == "Fixture Evid. Code 99"
    minor = state.minor_consent
    assert (minor.max_sessions, minor.purposes, minor.counselor_may_inform_parents) == (
        8,
        ("counseling",),
        True,
    )
    assert minor.limit_reached(8) and not minor.limit_reached(7) and not minor.limit_reached(None)
    child = state.child_abuse
    assert child.deadline_hours == 0 and child.written_report_hours == 48
    assert child.recipients_for("caretaker") == ("the county department of social services",)
    assert child.recipients_for("other") == ("local law enforcement",)
    assert len(child.recipients_for("unknown")) == 2
    adult = state.adult_abuse
    assert adult.victim_min_age == 70 and adult.mandatory_condition
    assert adult.recipients_for("unknown") == ("adult protective services", "local law enforcement")
    assert {r.id for r in state.rules()} >= {"us-xx.self_harm", "us-xx.privilege"}


def test_v1_file_gets_v2_defaults() -> None:
    state = parse_state_file(STATES_DIR / "CA.toml")
    assert state.duty_to_protect.trigger == "serious_threat"
    assert state.duty_to_protect.discharge == "all"
    assert state.minor_consent.max_sessions is None


def fixture_copy(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "XX.toml"
    text = FIXTURE.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        (
            'excerpt = "not more than 8 sessions"',
            f'excerpt = "{"x" * 301}"',
            "minor_consent.excerpt",
        ),
        ('trigger = "serious_threat"', 'trigger = "soon"', "duty_to_protect.trigger"),
        ('discharge = "any"', 'discharge = "some"', "duty_to_protect.discharge"),
        ('precautions = ["warn', 'precautions = ["pray", "warn', "duty_to_protect.precautions"),
        (
            "deadline_hours = 0\n\n[self",
            "deadline_hours = -2\n\n[self",
            "duty_to_protect.deadline_hours",
        ),
        ("age_of_majority = 19", "age_of_majority = 16", "age_of_majority"),
        ("max_sessions = 8", "max_sessions = 0", "minor_consent.max_sessions"),
        ("max_sessions = 8", "max_session = 8", "minor_consent.max_session"),
        (
            "written_report_hours = 48",
            'written_report_hours = "48"',
            "child_abuse_reporting.written_report_hours",
        ),
        ('holders = "the client', 'holder = "the client', "privilege.holder"),
        (
            'access_denial_test = "the access',
            'access_denial_tests = "the access',
            "minor_consent.access_denial_licenses",
        ),
        ("route_age = 10", "route_age = 12", "minor_consent.route_age"),
        ("route_age = 10", "", "minor_consent.route_condition"),
        (
            'also_required = "give the fixture authority',
            'also_required_x = "give the fixture authority',
            "duty_to_protect.also_required_action",
        ),
        (
            'also_required_action = "report_to_authority"',
            'also_required_action = "pray"',
            "duty_to_protect.also_required_action",
        ),
        (
            'maturity_test = "the minor understands',
            'maturity_test = "' + "very " * 25 + "the minor understands",
            "minor_consent.maturity_test",
        ),
        (
            'maturity_test = "the minor understands the nature and consequences of the treatment"'
            "\nmaturity_required = false",
            "maturity_required = true",
            "minor_consent.maturity_required",
        ),
        (
            'licenses = ["psychologist", "counselor", "social_worker", "psychiatrist"]\nmat',
            "mat",
            "minor_consent.other_licenses_condition",
        ),
        (
            'mandatory = true\nreport_to = "the Fixture',
            'report_to = "the Fixture',
            "self_harm.mandatory",
        ),
    ],
)
def test_v2_loader_errors(tmp_path: Path, old: str, new: str, key: str) -> None:
    with pytest.raises(RuleDataError) as caught:
        parse_state_file(fixture_copy(tmp_path, old, new))
    assert caught.value.key == key


def test_child_table_refuses_adult_only_keys(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path, "written_report_hours = 48", "victim_min_age = 60")
    with pytest.raises(RuleDataError) as caught:
        parse_state_file(path)
    assert caught.value.key == "child_abuse_reporting.victim_min_age"


def test_verified_without_excerpt_is_downgraded_and_flagged(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path, 'excerpt = "shall immediately report"\n', "")
    rule = parse_state_file(path).child_abuse.rule
    assert rule.confidence == "secondary" and rule.unexcerpted and not rule.verified
    assert "without a quoted excerpt" in rule.note
