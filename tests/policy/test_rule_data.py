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
        else:
            assert rule.confidence != "verified", f"{rule.id}: unchecked facts are not verified"


def test_each_state_covers_every_topic() -> None:
    for place in all_jurisdictions():
        if place.state is None:
            continue
        state = place.state
        prefix = place.code.lower()
        assert state.duty_to_protect.rule.id == f"{prefix}.duty_to_protect"
        assert state.child_abuse.mandatory, f"{place.code}: every state mandates child reports"
        assert state.child_abuse.deadline_hours > 0
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
        ("deadline_hours = 36", "deadline_hours = 0", "child_abuse_reporting.deadline_hours"),
        ("mandatory = true", 'mandatory = "yes"', "child_abuse_reporting.mandatory"),
        ('name = "California"', 'nmae = "California"', "name"),
        ("\nchecked = 2026-11-22", "\nchecked = 2026-11-22T10:00:00", "duty_to_protect.checked"),
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
