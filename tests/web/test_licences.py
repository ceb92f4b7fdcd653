"""Decisions reason for the deciding clinician's own licence, else the practice's."""

from __future__ import annotations

import pytest

from confide.accounts.models import User
from confide.licences import clinician_license, engine_word, practice_license
from confide.practice.models import Practice


@pytest.mark.parametrize(
    ("held", "word"),
    [
        ("LMFT", "marriage_family_therapist"),
        ("Ph.D.", "psychologist"),
        ("LCSW", "social_worker"),
        ("social_worker", "social_worker"),
        ("astrologer", None),
    ],
)
def test_practice_abbreviations_become_engine_words(held: str, word: str | None) -> None:
    assert engine_word(held) == word


@pytest.mark.django_db
def test_own_licence_wins_over_the_practice() -> None:
    Practice.objects.create(name="P", jurisdiction="US-CA", licence_types=["astrologer", "LCSW"])
    assert practice_license() == "social_worker"
    own = User.objects.create_user(username="a", password="x" * 14, license="psychiatrist")
    blank = User.objects.create_user(username="b", password="x" * 14)
    assert clinician_license(own) == "psychiatrist"
    assert clinician_license(blank) == "social_worker"
    assert clinician_license(None) == "social_worker"


@pytest.mark.django_db
def test_without_a_practice_the_engine_default_applies() -> None:
    assert clinician_license(None) == "psychologist"
