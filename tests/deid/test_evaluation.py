"""Scoring as the spec defines it: strict recall on letters and digits, overlap precision."""

from __future__ import annotations

from confide.deid.evaluation import Gold, Predicted, Tally, covered, score

TEXT = "Seen by Dr. Mary Hulse on 3/4/2024 at GH."


def _gold(needle: str, kind: str, label: str = "") -> Gold:
    start = TEXT.index(needle)
    return Gold(start, start + len(needle), kind, label)


def _pred(needle: str, kind: str) -> Predicted:
    start = TEXT.index(needle)
    return Predicted(start, start + len(needle), kind)


def test_strict_recall_needs_every_letter_and_digit() -> None:
    gold = _gold("Mary Hulse", "person")
    assert covered(TEXT, gold, [_pred("Mary", "person"), _pred("Hulse", "person")])
    assert not covered(TEXT, gold, [_pred("Hulse", "person")])


def test_punctuation_may_be_left_uncovered() -> None:
    gold = _gold("3/4/2024", "date")
    parts = [_pred("3", "date"), _pred("4/2024", "date")]
    assert covered(TEXT, gold, parts)


def test_precision_counts_predictions_that_overlap_gold() -> None:
    tally = Tally()
    gold = [_gold("Mary Hulse", "person", "HCPName"), _gold("GH", "location", "Location")]
    predicted = [_pred("Hulse", "person"), _pred("Seen", "person"), _pred("GH", "location")]
    score(tally, "d1", TEXT, gold, predicted)
    assert tally.precision() == 2 / 3
    assert tally.precision(["location"]) == 1.0
    assert tally.recall() == 0.5  # Mary is not covered
    assert tally.recall(["Location"]) == 1.0
    assert [g.label for _, g in tally.misses] == ["HCPName"]
    assert [TEXT[p.start : p.end] for _, p in tally.false] == ["Seen"]


def test_recall_keyed_by_kind() -> None:
    tally = Tally()
    score(tally, "d1", TEXT, [_gold("GH", "location", "Location")], [], gold_key="kind")
    assert dict(tally.gold) == {"location": 1}
    assert tally.recall() == 0.0
