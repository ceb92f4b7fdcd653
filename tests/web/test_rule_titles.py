"""Rule titles in the client's language: a Spanish reader's agreement and notice name each
rule in Spanish in their footnotes, the citations stay as the rule data writes them, and the
English texts are unchanged. Every rule title in the rule data must have a Spanish entry, so
research adding a rule cannot leave a Spanish footnote in English unnoticed."""

from __future__ import annotations

import re

import pytest

from confide.agreements.languages import reading
from confide.notices.compose import compose
from confide.policy.jurisdictions import Jurisdiction, all_jurisdictions
from confide.rule_titles import rule_title, titles
from tests.web.test_agreements_support import (
    born_years_ago,
    issue,
    make_case,
    make_client,
    make_practice,
    make_user,
)
from tests.web.test_notices import inputs

FOOTNOTE = re.compile(r"^\[(\d+)\] (.+?)\. (.+)\.$", flags=re.M)


def _rules(place: Jurisdiction) -> list[object]:
    return list(place.federal.rules.values() if place.state is None else place.state.rules())


def _all_titles() -> set[str]:
    return {rule.title for place in all_jurisdictions() for rule in _rules(place)}  # type: ignore[attr-defined]


def _footnotes(text: str) -> list[tuple[str, str, str]]:
    """(mark, title, citation) of each footnote in the text's last section."""
    return FOOTNOTE.findall(text.split("\n## ")[-1])


def test_every_rule_title_has_a_spanish_title() -> None:
    spanish = titles("es")
    missing = sorted(t for t in _all_titles() if not spanish.get(t, "").strip())
    assert not missing, f"add to src/confide/locale/es/rule_titles.toml: {missing}"


def test_the_titles_file_lists_no_title_the_rule_data_lacks() -> None:
    """A renamed rule leaves its old entry behind: keep the file to the titles in use."""
    stale = sorted(set(titles("es")) - _all_titles())
    assert not stale, f"remove from src/confide/locale/es/rule_titles.toml: {stale}"


def test_english_and_unknown_languages_keep_the_rule_data_title() -> None:
    title = next(iter(sorted(_all_titles())))
    assert rule_title(title, "en") == title
    assert rule_title(title, "xx") == title
    assert rule_title(title, "es-mx") == rule_title(title, "es") == titles("es")[title]
    assert rule_title("A title no rule has", "es") == "A title no rule has"


@pytest.mark.parametrize("place", all_jurisdictions(), ids=lambda p: p.code)
def test_the_spanish_notice_names_its_rules_in_spanish(place: Jurisdiction) -> None:
    english = _footnotes(compose(inputs(place.code, holds_part2=True)))
    spanish = _footnotes(compose(inputs(place.code, holds_part2=True), "es"))
    assert english and len(spanish) == len(english)
    for (mark_en, title_en, cite_en), (mark_es, title_es, cite_es) in zip(
        english, spanish, strict=True
    ):
        assert (mark_es, cite_es) == (mark_en, cite_en)
        assert title_es == titles("es")[title_en]
    # The English notice still prints the rule data's own titles.
    assert {title for _m, title, _c in english} <= _all_titles()


@pytest.mark.django_db
def test_a_spanish_agreement_names_its_rules_in_spanish() -> None:
    make_practice()
    rivera = make_user("rivera")
    teen = make_client(rivera, "Sam", born=born_years_ago(15))
    case = make_case(rivera, teen, title="Sam: individual")
    agreement = issue(rivera, case)
    terms = agreement.terms.get()
    english = _footnotes(reading(agreement, terms, "en").shared_text)
    spanish = _footnotes(reading(agreement, terms, "es").shared_text)
    assert english and len(spanish) == len(english)
    for (mark_en, title_en, cite_en), (mark_es, title_es, cite_es) in zip(
        english, spanish, strict=True
    ):
        assert (mark_es, cite_es) == (mark_en, cite_en)
        assert title_es == titles("es")[title_en]
    assert any(es != en for (_m, en, _c), (_n, es, _d) in zip(english, spanish, strict=True))
    # The English version is what it always was: the rule data's titles.
    assert {title for _m, title, _c in english} <= _all_titles()
