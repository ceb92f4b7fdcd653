"""The client's accounting of disclosures (45 CFR 164.528), built from the releases.

The accounting covers six years back from the day it is asked for. Each entry has the date,
the recipient (and address if known), a description and the purpose or basis. Releases the
rule excludes are still shown to the client, marked as excluded, with the reason; releases an
agency asked to suspend are left out of the client's copy until the suspension ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from confide.disclosures.models import Release
from confide.disclosures.vocabulary import EXCLUSION_CITATIONS, AccountingExclusion

YEARS_BACK = 6
# The Privacy Rule's compliance date for most covered entities (45 CFR 164.534).
COMPLIANCE_DATE = dt.date(2003, 4, 14)


@dataclass(frozen=True)
class Entry:
    release_id: int
    date: dt.date
    recipient: str
    recipient_address: str
    description: str
    purpose: str
    basis: str
    excluded: str  # "" when the rule requires the entry; else the reason, in words
    excluded_citation: str
    suspended_until: dt.date | None


def window_start(today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year - YEARS_BACK)
    except ValueError:  # 29 February
        return today.replace(year=today.year - YEARS_BACK, day=28)


def exclusion_of(release: Release) -> str:
    """The exclusion code, with releases before the compliance date excluded by date."""
    if release.excluded_from_accounting_reason:
        return release.excluded_from_accounting_reason
    if timezone.localdate(release.released_at) < COMPLIANCE_DATE:
        return AccountingExclusion.BEFORE_COMPLIANCE
    return ""


def suspended_until(release: Release, today: dt.date) -> dt.date | None:
    ends = [s.ends_on for s in release.suspensions.all() if s.starts_on <= today < s.ends_on]
    return max(ends) if ends else None


def entries(
    releases: Iterable[Release], today: dt.date | None = None, *, for_client: bool = True
) -> list[Entry]:
    """The accounting, newest first. The client's copy omits suspended entries; the staff
    copy keeps them, marked with the suspension's end date."""
    today = today or timezone.localdate()
    start = window_start(today)
    found = []
    for release in releases:
        day = timezone.localdate(release.released_at)
        if day < start or day > today:
            continue
        until = suspended_until(release, today)
        if until is not None and for_client:
            continue
        code = exclusion_of(release)
        found.append(
            Entry(
                release_id=release.pk,
                date=day,
                recipient=release.recipient,
                recipient_address=release.recipient_address,
                description=release.description,
                purpose=release.purpose,
                basis="; ".join(f"{b['citation']}" for b in release.basis),
                # In the reader's language when the list is built (the client's copy).
                excluded=str(AccountingExclusion(code).label) if code else "",
                excluded_citation=EXCLUSION_CITATIONS.get(code, ""),
                suspended_until=until,
            )
        )
    return sorted(found, key=lambda e: (e.date, e.release_id), reverse=True)


def required(found: Iterable[Entry]) -> list[Entry]:
    return [e for e in found if not e.excluded]


def excluded(found: Iterable[Entry]) -> list[Entry]:
    return [e for e in found if e.excluded]


# --- the client's copy ---------------------------------------------------------------------

SAFETY_PURPOSE = "safety"
SAFETY_STATEMENT = gettext_noop(
    "To prevent or lessen a serious threat to someone's health or safety, as the law allows "
    "or requires"
)


@dataclass(frozen=True)
class ClientEntry:
    """One line of the client's accounting: exactly what 45 CFR 164.528(b)(2) lists, and
    nothing else. Built only by `client_entry`, from an allow-list, so a field added to
    `Release` (or a clinician's working notes) can never reach the client's page.

    (i) the date of the disclosure; (ii) the name of the recipient and, if known, their
    address; (iii) a brief description of the information disclosed; (iv) a brief statement
    of the purpose that reasonably informs the client of the basis.
    """

    date: dt.date
    recipient: str
    recipient_address: str
    description: str
    purpose: str
    # "" when the rule requires the entry; else why not, in the vocabulary's words.
    not_required_because: str


def _described(categories: Iterable[str]) -> str:
    """The brief description: the kinds of information, in the vocabulary's words. Never the
    release's free text, which for a safety step is the clinician's account of what they did."""
    from confide.disclosures.vocabulary import INFORMATION_WORDS

    words = [str(INFORMATION_WORDS[c]) for c in categories if c in INFORMATION_WORDS]
    return ", ".join(words) if words else gettext("Information from your record")


def client_entry(release: Release, entry: Entry) -> ClientEntry:
    """The client's line for one release (entry: the same release, dated and classified).

    For a safety warning or report the recipient's contact details are left out: they are
    how the clinician reached a person at risk (often their phone), not an address for the
    client to have. The statement of purpose is the rule's, with its citation.
    """
    safety = release.purpose.strip().lower() == SAFETY_PURPOSE
    purpose = gettext(SAFETY_STATEMENT) if safety else release.purpose
    if entry.basis:
        purpose = f"{purpose} ({entry.basis})"
    return ClientEntry(
        date=entry.date,
        recipient=release.recipient,
        recipient_address="" if safety else release.recipient_address,
        description=_described(release.categories or []),
        purpose=purpose,
        not_required_because=entry.excluded,
    )


def client_copy(releases: Iterable[Release], today: dt.date | None = None) -> list[ClientEntry]:
    """The client's accounting, newest first: suspended entries left out (164.528(a)(2))."""
    by_pk = {r.pk: r for r in releases}
    return [client_entry(by_pk[e.release_id], e) for e in entries(by_pk.values(), today)]
