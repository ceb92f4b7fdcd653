"""`confide rules audit`: counts per jurisdiction, and a failing exit for uncheckable rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from confide.policy import audit as audit_module
from confide.policy.audit import audit, audit_rules, main, render
from confide.policy.jurisdictions import STATE_CODES, parse_state_file

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_counts_and_oldest_date_of_the_fixture_pack() -> None:
    state = parse_state_file(FIXTURES / "XX.toml")
    row = audit_rules("US-XX", state.rules())
    assert (row.verified, row.secondary, row.conflict) == (4, 2, 0)
    assert row.oldest == dt.date(2026, 12, 1)
    assert row.gaps == ()


def test_a_check_date_in_the_future_is_a_gap_not_a_loading_error(tmp_path: Path) -> None:
    """Loading never reads the clock (a server with a wrong clock, or a test travelling in
    time, still loads the rules); the audit lists the date."""
    text = (FIXTURES / "XX.toml").read_text()
    path = tmp_path / "XX.toml"
    path.write_text(text.replace("checked = 2026-12-01", "checked = 2999-01-01", 1))
    row = audit_rules("US-XX", parse_state_file(path).rules())
    assert any("2999-01-01 is in the future" in gap.problem for gap in row.gaps)


def test_verified_without_excerpt_is_a_gap(tmp_path: Path) -> None:
    text = (FIXTURES / "XX.toml").read_text()
    path = tmp_path / "XX.toml"
    path.write_text(text.replace('excerpt = "shall immediately report"\n', "", 1))
    row = audit_rules("US-XX", parse_state_file(path).rules())
    assert [gap.rule for gap in row.gaps] == ["us-xx.child_abuse_reporting"]
    assert row.verified == 3 and row.secondary == 3
    assert "us-xx.child_abuse_reporting: marked verified without an excerpt" in render([row])


def test_whole_pack_has_one_row_per_jurisdiction() -> None:
    rows = audit()
    assert rows[0].code == "US"
    assert len(rows) == 1 + len(STATE_CODES)
    assert all(row.total >= 4 for row in rows[1:])
    text = render(rows)
    assert "state rules verified" in text or "cannot be checked" in text


def test_exit_codes(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    clean = audit_rules("US-XX", parse_state_file(FIXTURES / "XX.toml").rules())
    monkeypatch.setattr(audit_module, "audit", lambda: [clean])
    assert main(["audit"]) == 0
    assert "US-XX" in capsys.readouterr().out
    gap = audit_module.Gap("us-xx.duty_to_protect", "no source")
    broken = replace(clean, gaps=(gap,))
    monkeypatch.setattr(audit_module, "audit", lambda: [broken])
    assert main(["rules", "audit"]) == 1
    assert "us-xx.duty_to_protect: no source" in capsys.readouterr().out
    assert main(["audit", "--nonsense"]) == 2
    assert "usage: confide rules audit" in capsys.readouterr().err


def test_topic_counts_of_the_fixture_pack_follow_each_rules_confidence() -> None:
    state = parse_state_file(FIXTURES / "XX.toml")
    rules = [("US-XX", rule) for rule in state.rules()]
    counts = audit_module.by_topic(rules)
    assert list(counts)[:3] == ["child abuse", "adult abuse", "duty to warn / protect"]
    assert sum(sum(row.values()) for row in counts.values()) == len(rules)
    for code, rule in rules:
        assert counts[audit_module.topic_of(rule)][rule.confidence] >= 1, (code, rule.id)
    assert "child abuse" in audit_module.render_topics(counts)


def test_unverified_listing_names_each_unverified_rule_and_where_it_was_read() -> None:
    state = parse_state_file(FIXTURES / "XX.toml")
    rules = [("US-XX", rule) for rule in state.rules()]
    text = audit_module.render_unverified(rules)
    unverified = [rule for _code, rule in rules if not rule.verified]
    assert unverified, "the fixture pack keeps secondary rules"
    for rule in unverified:
        assert f"read in: {rule.source}" in text
        assert f"cites: {rule.citation}" in text
    assert text.count("read in: ") == len(unverified)
    assert "(verified" not in text
    verified_only = [(c, r) for c, r in rules if r.verified]
    assert audit_module.render_unverified(verified_only) == "Every state rule is verified."


def test_unverified_flag_prints_the_listing_and_keeps_the_exit_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    state = parse_state_file(FIXTURES / "XX.toml")
    clean = audit_rules("US-XX", state.rules())
    monkeypatch.setattr(audit_module, "audit", lambda: [clean])
    monkeypatch.setattr(
        audit_module, "state_rules", lambda: [("US-XX", rule) for rule in state.rules()]
    )
    assert main(["audit", "--unverified"]) == 0
    out = capsys.readouterr().out
    assert "state topic" in out and "read in:" in out
    assert main(["audit"]) == 0
    assert "read in:" not in capsys.readouterr().out
