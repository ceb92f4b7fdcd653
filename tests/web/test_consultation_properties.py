"""The packet floor, over generated texts: whatever the clinician adds to "also remove" and
whichever spans they keep, everything the engine found stays replaced except exactly the kept
spans, and every added term is replaced wherever it appears. (Pure: no database.)"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from confide.consultation.packing import PacketSettings, deidentify_packet, term_marks
from confide.deid import Deidentifier, KnownIdentifier, Options

KNOWN = [
    KnownIdentifier("Linh Nguyen", "person", "mother"),
    KnownIdentifier("Minh Nguyen", "person", "father"),
    KnownIdentifier("Mai Tran", "person", "sibling"),
    KnownIdentifier("(510) 555-0188", "phone"),
    KnownIdentifier("Elena Rivera", "person", "clinician"),
]
WORDS = [
    "Linh", "Minh", "Nguyen", "Mai Tran", "(510) 555-0188", "Dr. Rivera", "said", "the",
    "school", "Lincoln High", "on", "3/14/2025", "Main Street", "Oakland", "bills", "angry",
    "LINH'S", "nguyen", "and", "works at", "Bayview", ".", ",",
]  # fmt: skip
TERMS = ["Lincoln High", "Main", "Street Fair", "bills", "Oakland", "Bayview", "said the", "Tran"]

texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(texts, min_size=1, max_size=3),
    st.lists(st.sampled_from(TERMS), max_size=4, unique=True),
    st.data(),
    st.booleans(),
    st.integers(min_value=0, max_value=2**32),
)
def test_never_less_than_the_engine_found_except_the_kept_spans(
    docs: list[str], terms: list[str], data: st.DataObject, keep: bool, seed: int
) -> None:
    engine = Deidentifier(KNOWN, Options(seed=seed, clinicians=not keep)).packet()
    found = [engine.run(doc).spans for doc in docs]
    candidates = [(n, s.start, s.end) for n, spans in enumerate(found) for s in spans]
    restored = frozenset(data.draw(st.sets(st.sampled_from(candidates))) if candidates else ())
    choice = PacketSettings(
        keep_clinicians=keep, seed=seed, also_remove=tuple(terms), restored=restored
    )
    pieces = deidentify_packet(docs, KNOWN, choice)
    for n, (doc, piece) in enumerate(zip(docs, pieces, strict=True)):
        removed = {i for m in piece.marks if not m.restored for i in range(m.start, m.end)}
        for span in found[n]:
            if (n, span.start, span.end) not in restored:
                assert set(range(span.start, span.end)) <= removed
        for term in term_marks(doc, terms):
            assert set(range(term.start, term.end)) <= removed
        ends = [(m.start, m.end) for m in piece.marks]
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends))
        kept = {(n, m.start, m.end) for m in piece.marks if m.restored}
        assert kept <= restored


@settings(max_examples=100, deadline=None)
@given(st.lists(texts, min_size=2, max_size=3), st.integers(min_value=0, max_value=2**32))
def test_a_packet_is_deterministic_for_its_seed(docs: list[str], seed: int) -> None:
    """The packet is deterministic for its seed: de-identifying twice gives the same text."""
    choice = PacketSettings(seed=seed)
    first = [p.text for p in deidentify_packet(docs, KNOWN, choice)]
    second = [p.text for p in deidentify_packet(docs, KNOWN, choice)]
    assert first == second
