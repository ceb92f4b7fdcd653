"""One licence table: the agreement a client signs and the decision a clinician is advised
with reason for the same licence, and an unknown licence is read protectively, on screen."""

from __future__ import annotations

import pytest

from confide.accounts.models import User
from confide.accounts.templatetags.licence_words import licence_note
from confide.agreements.exceptions import exception_groups
from confide.agreements.licences import licence_choices, licence_help
from confide.agreements.signers import signer_plan
from confide.licences import (
    LICENCE_TABLE,
    UNRECOGNISED_NOTE,
    clinician_license,
    clinician_reading,
    engine_word,
    practice_license,
)
from confide.policy.jurisdictions import minor_consent_rule
from confide.policy.situation import LICENSES
from confide.practice.models import Practice

# Every name the table knows, in the spellings practices use, every engine word, and names
# it does not know.
NAMES = sorted(
    {*LICENCE_TABLE, *(n.title() for n in LICENCE_TABLE), "Ph.D.", "Psy.D.", "L.M.S.W."}
    | set(LICENSES)
    | {"LADC", "astrologer", "Other"}
)
# States whose rule data gives some licences duties or permissions that others lack.
PLACES = ["US-SD", "US-IL", "US-CA", "US-ND", "US-AL", "US-TX", "US-NY"]


@pytest.mark.parametrize(
    ("held", "word"),
    [
        ("LMFT", "marriage_family_therapist"),
        ("Ph.D.", "psychologist"),
        ("LCSW", "social_worker"),
        ("LMSW", "social_worker"),
        ("MSW", "social_worker"),
        ("lsw", "social_worker"),
        ("social_worker", "social_worker"),
        ("astrologer", None),
        ("other", None),
    ],
)
def test_practice_abbreviations_become_engine_words(held: str, word: str | None) -> None:
    assert engine_word(held) == word


def _stated(place: str, licence: str) -> set[str]:
    """The rule ids an agreement drawn for `licence` lists as exceptions."""
    general, minor = exception_groups(place, licence, any_minor=True)
    return {n.rule_id for g in [*general, *([minor] if minor else [])] for n in g.footnotes}


def test_the_places_tested_tell_licences_apart() -> None:
    """Otherwise the agreement-decision test below could not fail."""
    assert any(len({frozenset(_stated(p, w)) for w in LICENSES}) > 1 for p in PLACES)
    minors = [r for r in map(minor_consent_rule, PLACES) if r is not None and r.licenses]
    assert minors, "a place whose minors' consent rule depends on the licence"


@pytest.mark.django_db
@pytest.mark.parametrize("place", PLACES)
def test_agreement_and_decision_reason_for_the_same_licence(place: str) -> None:
    """For every licence name: the exceptions and signers the agreement states are those of
    the licence the decision for a clinician of that practice reasons with."""
    practice = Practice.objects.create(name="P", jurisdiction=place, licence_types=[])
    clinician = User.objects.create_user(username="c", password="x" * 14)
    for name in NAMES:
        practice.licence_types = [name]
        practice.save()
        decided_for = clinician_license(clinician)
        assert decided_for in LICENSES
        assert _stated(place, name) == _stated(place, decided_for), (name, decided_for)
        for age in (12, 14, 15, 16, 17):
            on_agreement = signer_plan(age, place, name).guardian_required
            assert on_agreement == signer_plan(age, place, decided_for).guardian_required, name


@pytest.mark.django_db
def test_own_licence_wins_over_the_practice() -> None:
    Practice.objects.create(name="P", jurisdiction="US-CA", licence_types=["astrologer", "LCSW"])
    assert practice_license() == "social_worker"
    own = User.objects.create_user(username="a", password="x" * 14, license="psychiatrist")
    blank = User.objects.create_user(username="b", password="x" * 14)
    other = User.objects.create_user(username="o", password="x" * 14, license="other")
    assert clinician_license(own) == "psychiatrist"
    assert clinician_license(blank) == "social_worker"
    assert clinician_license(None) == "social_worker"
    assert clinician_license(other) == "other"
    assert licence_note(blank) == ""
    assert "Licence not recognised" in licence_note(other)


@pytest.mark.django_db
def test_unknown_licence_fails_to_other_never_a_named_licence() -> None:
    """No practice, or only unknown names: the engine reasons for "other" (no named licence's
    permissions) and the screen says to read every duty as binding."""
    blank = User.objects.create_user(username="b", password="x" * 14)
    assert clinician_license(None) == "other"
    assert not clinician_reading(blank).recognised
    Practice.objects.create(name="P", jurisdiction="US-CA", licence_types=["LADC"])
    assert clinician_license(blank) == "other"
    note = licence_note(blank)
    assert "Licence not recognised" in note and "applying to you" in note
    assert licence_choices(["LADC", "LMFT"]) == [
        ("LADC", "LADC (not recognised)"),
        ("LMFT", "LMFT"),
    ]
    assert UNRECOGNISED_NOTE in licence_help(["LADC", "LMFT"])
    assert UNRECOGNISED_NOTE not in licence_help(["LMFT"])


@pytest.mark.django_db
@pytest.mark.parametrize(("chosen", "warned"), [("other", True), ("psychologist", False)])
def test_the_ask_page_says_so_when_it_reasons_for_an_unrecognised_licence(
    chosen: str, warned: bool
) -> None:
    from django.test import Client as HttpClient

    from tests.web.test_practice_records import make_user

    Practice.objects.create(name="P", jurisdiction="US-CA", licence_types=["LMFT"])
    http = HttpClient()
    http.force_login(make_user("rivera"))
    params = {
        "jurisdiction": "US-CA",
        "clinician_license": chosen,
        "age": "24",
        "has_capacity": "true",
        "case_type": "individual",
        "kind": "information_request",
        "requester": "parent",
        "information": ["treatment_progress"],
        "purpose": "concern_for_wellbeing",
        "legal_process": "none",
    }
    page = http.get("/disclosures/ask/", params)
    assert page.status_code == 200 and page.context["decision"] is not None
    assert (b"Licence not recognised" in page.content) is warned
    assert b"you, the clinician, decide" in page.content
