"""Property: known names inserted anywhere, in any case, possessive or not, are all covered."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from confide.deid import Deidentifier, KnownIdentifier

KNOWN = [
    KnownIdentifier("Sarah Miller", "person", "client"),
    KnownIdentifier("Robert Okafor", "person", "partner"),
    KnownIdentifier("Elizabeth Nguyen", "person", "mother"),
]
ENGINE = Deidentifier(KNOWN)
MENTIONS = ["Sarah", "Miller", "Sarah Miller", "Robert", "Bob", "Okafor", "Liz", "Beth",
            "Elizabeth Nguyen", "Nguyen"]  # fmt: skip
FILLER = st.sampled_from(
    ["she said", "and then", "the session", "was tense.", "Later,", "(briefly)", "we talked",
     "about work;", "at home", "\n", "-", "\"quote\"", "during group", "x 3", "on Monday"]
)  # fmt: skip


@st.composite
def mention(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(MENTIONS))
    cases: list[Callable[[str], str]] = [str, str.upper, str.lower, str.title]
    case = draw(st.sampled_from(cases))
    suffix = draw(st.sampled_from(["", "'s", "'", ",", ".", ":"]))
    return case(name) + suffix


@given(st.lists(st.tuples(st.lists(FILLER, max_size=4), mention()), min_size=1, max_size=6))
@settings(max_examples=150, deadline=None)
def test_every_inserted_mention_is_covered(parts: list[tuple[list[str], str]]) -> None:
    text = ""
    where: list[tuple[int, int]] = []
    for filler, name in parts:
        text += " ".join(filler) + " "
        bare = name.rstrip(",.:")
        bare = bare[:-2] if bare.lower().endswith("'s") else bare.rstrip("'")
        where.append((len(text), len(text) + len(bare)))
        text += name + " "
    spans = ENGINE.detect(text)
    for start, end in where:
        for i in range(start, end):
            if text[i].isalnum():
                assert any(s.start <= i < s.end for s in spans), (text, text[start:end])
