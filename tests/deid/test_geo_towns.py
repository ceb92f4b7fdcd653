"""GeoNames towns (data/geo_us_cities.txt) count where prose puts a place, nowhere else."""

from __future__ import annotations

import pytest

from confide.deid import Deidentifier
from confide.deid.lexicon import places, us_cities
from tests.deid.helpers import covered

ENGINE = Deidentifier()


def spans(text: str) -> list[str]:
    return [text[s.start : s.end] for s in ENGINE.detect(text) if s.kind == "location"]


@pytest.mark.parametrize(
    "text, town",
    [
        ("She moved to Kalamazoo last spring with her partner.", "Kalamazoo"),
        ("Her sister lives in Poughkeepsie and calls most evenings.", "Poughkeepsie"),
        ("He drove back from Ypsilanti after the funeral on Friday.", "Ypsilanti"),
        ("They grew up near Yakima, picking apples every summer.", "Yakima"),
        ("Her mother, who lives in Xenia, Ohio, is unwell this month.", "Xenia"),
        ("She was raised in Tupelo until her parents divorced.", "Tupelo"),
        ("Client works from home; family in rural Kalamazoo.", "Kalamazoo"),
        ("pt says his brother moved to yakima in the fall, misses him.", "yakima"),
        ("MOTHER VISITING FROM POUGHKEEPSIE TODAY, UPDATED BY RN.", "POUGHKEEPSIE"),
        ("Her aunt, Kalamazoo, MI, wrote to the court about the children.", "Kalamazoo"),
    ],
)
def test_a_geonames_town_after_a_place_cue_is_a_location(text: str, town: str) -> None:
    assert town.lower() in us_cities() and town.lower() not in places()
    assert covered(text, town, "location")


@pytest.mark.parametrize(
    "text",
    [
        "Independence is the goal of the treatment plan.",  # no cue
        "She found some relief in media and in clay work with her daughter.",  # lower, ordinary
        "PT IN CENTER OF BED, REPOSITIONED. SKIN IN GLOBE PATTERN.",  # ALL CAPS ordinary words
        "pt interested in carpenter work, discussed grove walks.",  # lower-case ordinary words
        "Kalamazoo came up once in passing.",  # no cue: left to the other detectors
    ],
)
def test_a_geonames_town_without_a_cue_or_as_an_ordinary_word_is_not(text: str) -> None:
    assert not any(s.lower() in us_cities() for s in spans(text)), spans(text)


def test_the_list_is_the_geonames_file_with_its_provenance() -> None:
    assert len(us_cities()) > 7000
    assert "poughkeepsie" in us_cities()
