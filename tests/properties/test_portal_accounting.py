"""Properties of the client's accounting copy and the date-of-birth check (issue 13).

Whatever a clinician typed into a release's free text, or into a safety step's "how you
reached them", none of it reaches the client's copy of a safety release; the date-of-birth
check accepts exactly the date on file."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from confide.disclosures import accounting
from confide.disclosures.models import Release
from confide.portal.actions import _same_day

MARK = "QXZ"  # no allowed word contains it, so any appearance is a leak
free_text = st.text(min_size=1, max_size=60).map(lambda t: f"{MARK}{t}{MARK}")
# Known information words, and anything else a stored release might hold (never shown).
categories = st.lists(
    st.sampled_from(["general_progress", "attendance", "diagnosis"]) | free_text, max_size=3
)


def entry_for(release: Release, day: dt.date) -> accounting.Entry:
    return accounting.Entry(
        release_id=1,
        date=day,
        recipient=release.recipient,
        recipient_address=release.recipient_address,
        description=release.description,
        purpose=release.purpose,
        basis="45 CFR 164.512(j)",
        excluded="",
        excluded_citation="",
        suspended_until=None,
    )


@given(note=free_text, address=free_text, content=free_text, cats=categories)
def test_a_safety_release_never_shows_its_working_text(
    note: str, address: str, content: str, cats: list[str]
) -> None:
    release = Release(
        pk=1,
        recipient="Tom Reyes",
        recipient_address=address,
        description=f"Warn the threatened person: {note}",
        purpose="safety",
        categories=cats,
        content=content,
    )
    entry = accounting.client_entry(release, entry_for(release, dt.date(2026, 3, 2)))
    shown = " ".join(str(v) for v in dataclasses.astuple(entry))
    assert MARK not in shown
    assert entry.recipient == "Tom Reyes" and entry.date == dt.date(2026, 3, 2)


@given(st.dates(), st.dates())
def test_the_date_of_birth_check_accepts_exactly_the_date_on_file(
    entered: dt.date, on_file: dt.date
) -> None:
    assert _same_day(entered, on_file) is (entered == on_file)
    assert _same_day(on_file, on_file)
    assert not _same_day(None, on_file)
