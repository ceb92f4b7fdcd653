"""Decision pages show how sure the advice is beside the outcome (contract v2 `verified`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.template.loader import render_to_string

from confide.policy import decide, situation_from_dict
from confide.policy.decision import Decision

CHILD_ABUSE = {
    "jurisdiction": "US-CA",
    "client": {"age": 12},
    "event": {"kind": "safety_concern", "concern": "child_abuse"},
}


def _badge(decision: object) -> str:
    return render_to_string("policy/_verified.html", {"d": decision})


def _unverified(decision: Decision) -> Decision:
    """The same decision resting on one rule not (yet) read in the official text: which
    rules are verified is data that research moves, and this page must say it either way."""
    first, *rest = decision.basis
    return replace(decision, basis=(replace(first, confidence="secondary"), *rest))


def test_an_unverified_required_duty_says_check_the_text() -> None:
    decision = _unverified(decide(situation_from_dict(CHILD_ABUSE)))
    assert decision.obligation == "required" and not decision.verified
    for shown in (decision, decision.to_dict()):
        html = _badge(shown)
        assert 'data-verified="false"' in html
        assert "required (not verified: check the text)" in html


def test_a_verified_decision_is_marked_verified() -> None:
    html = _badge({"verified": True, "obligation": "required"})
    assert 'data-verified="true"' in html and "Verified in the official text" in html
    assert "not verified" not in html


def test_advice_stored_before_version_2_reads_as_not_verified() -> None:
    html = _badge({"outcome": "decline", "obligation": "prohibited"})
    assert 'data-verified="false"' in html and "Not verified" in html
    assert "required (not" not in html


def test_basis_item_names_confidence_and_date() -> None:
    found = decide(situation_from_dict(CHILD_ABUSE))
    first = replace(found.basis[0], confidence="verified")
    mixed = replace(found, basis=(first, replace(first, confidence="secondary")))
    basis: list[dict[str, Any]] = mixed.to_dict()["basis"]  # type: ignore[assignment]
    for wanted in ("verified", "secondary"):
        shown = next(b for b in basis if b["confidence"] == wanted)
        item = render_to_string("policy/_basis_item.html", {"b": shown})
        assert wanted in item and "checked 20" in item
    old = render_to_string("policy/_basis_item.html", {"b": {"rule": "r", "citation": "c"}})
    assert "confidence not recorded" in old


def test_basis_item_names_its_source_and_conflict_plainly() -> None:
    item = {
        "rule": "us.hipaa.authorization_required",
        "citation": "45 CFR 164.508(a)(1)",
        "confidence": "conflict",
        "checked": "2026-12-01",
        "source": "eCFR, https://www.ecfr.gov/current/title-45/section-164.508",
    }
    html = render_to_string("policy/_basis_item.html", {"b": item})
    assert "sources conflict" in html and "checked 2026-12-01" in html
    link = '<a href="https://www.ecfr.gov/current/title-45/section-164.508">www.ecfr.gov</a>'
    assert link in html
    assert "Source<span" in html  # each source's summary names its citation for screen readers
    bare = render_to_string("policy/_basis_item.html", {"b": {**item, "source": ""}})
    assert "<details" not in bare


def test_every_basis_rule_of_a_real_decision_shows_its_source() -> None:
    decision = decide(situation_from_dict(CHILD_ABUSE)).to_dict()
    basis: list[dict[str, Any]] = decision["basis"]  # type: ignore[assignment]
    for entry in basis:
        html = render_to_string("policy/_basis_item.html", {"b": entry})
        if entry["source"]:
            assert "rule-source" in html


def test_a_source_is_escaped_and_its_links_named_by_their_site() -> None:
    item = {
        "rule": "r",
        "citation": "c",
        "source": "<b>Statutes</b> (https://example.gov/a?bill_id=1&x=2), read 2026",
    }
    html = render_to_string("policy/_basis_item.html", {"b": item})
    assert "<b>Statutes" not in html and "&lt;b&gt;Statutes" in html
    assert '<a href="https://example.gov/a?bill_id=1&amp;x=2">example.gov</a>)' in html
