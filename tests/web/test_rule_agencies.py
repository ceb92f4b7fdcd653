"""The agency a report goes to, in the client's language: a Spanish reader's Notice of Privacy
Practices says where each report goes in Spanish, official names kept as they are, and the
English notice is unchanged. Every `report_to` the notice prints must have a Spanish entry, so
research changing where a report goes cannot leave an English clause in a Spanish sentence
unnoticed; and an entry no rule uses any more is reported, so the file keeps to the data."""

from __future__ import annotations

import pytest

from confide.notices.compose import compose
from confide.policy.jurisdictions import Jurisdiction, StateRules, all_jurisdictions
from confide.rule_agencies import agencies, rule_agency
from tests.web.test_notices import inputs

FILE = "src/confide/locale/es/rule_agencies.toml"
STATES = [place for place in all_jurisdictions() if place.state is not None]


def _read_by_the_notice(state: StateRules) -> list[str]:
    """The `report_to` texts the notice prints for a state (notices/compose.py `_state`)."""
    duties = [state.self_harm, state.child_abuse, state.adult_abuse]
    return [duty.report_to for duty in duties if duty is not None and duty.report_to]


def _all_report_to() -> set[str]:
    states = [place.state for place in STATES if place.state is not None]
    return {text for state in states for text in _read_by_the_notice(state)}


def _listing(texts: list[str]) -> str:
    """One text a line, as a TOML key ready to paste, so the lead can add them at a merge."""
    return "\n".join(f'  "{text}" = ""' for text in texts)


def test_every_report_to_has_a_spanish_text() -> None:
    spanish = agencies("es")
    missing = sorted(t for t in _all_report_to() if not spanish.get(t, "").strip())
    assert not missing, f"add to {FILE} ({len(missing)} missing):\n{_listing(missing)}"


def test_the_agencies_file_lists_no_text_the_rule_data_lacks() -> None:
    """A changed report_to leaves its old entry behind: keep the file to the texts in use."""
    stale = sorted(set(agencies("es")) - _all_report_to())
    assert not stale, f"remove from {FILE} ({len(stale)} unused):\n{_listing(stale)}"


def test_the_listing_names_each_text_plainly() -> None:
    assert _listing(["a law enforcement agency", "the county"]) == (
        '  "a law enforcement agency" = ""\n  "the county" = ""'
    )


def test_english_and_unknown_languages_keep_the_rule_data_text() -> None:
    text = sorted(_all_report_to())[0]
    assert rule_agency(text, "en") == text
    assert rule_agency(text, "xx") == text
    assert rule_agency(text, "es-mx") == rule_agency(text, "es") == agencies("es")[text]
    assert rule_agency("An agency no rule names", "es") == "An agency no rule names"


def test_descriptive_words_are_spanish_and_names_stay() -> None:
    spanish = agencies("es")
    assert spanish["a law enforcement agency"] == "una agencia del orden público"
    # Official names and phone numbers are kept so a reader can find the agency.
    careline = "the Department of Children and Families (Careline 1-800-842-2288)"
    assert spanish[f"{careline} or a law enforcement agency"] == (
        "el Department of Children and Families (Careline 1-800-842-2288) "
        "o una agencia del orden público"
    )


@pytest.mark.parametrize("place", STATES, ids=lambda p: p.code)
def test_the_spanish_notice_says_where_reports_go_in_spanish(place: Jurisdiction) -> None:
    state = place.state
    assert state is not None
    english = compose(inputs(place.code))
    spanish = compose(inputs(place.code), "es")
    texts = _read_by_the_notice(state)
    assert texts  # every state says where child and adult abuse reports go
    for text in texts:
        assert text in english
        assert f"a: {agencies('es')[text]}." in spanish, text
        if agencies("es")[text] != text:
            assert text not in spanish, text
