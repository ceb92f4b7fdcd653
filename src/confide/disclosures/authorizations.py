"""What makes an authorization valid, and what a valid one covers, in one place.

An authorization that has expired, been revoked, lacks a core element or required statement,
or is missing a participant's signature covers nothing at all (45 CFR 164.508(b)(2)); the
check runs at the moment of every use, so expiry and revocation take effect at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils import timezone
from django.utils.translation import gettext as _

from confide.disclosures.models import Authorization
from confide.disclosures.vocabulary import PSYCHOTHERAPY_NOTES, SUBSTANCE_USE, AuthorizationKind
from confide.policy.situation import JOINT_CASE_TYPES
from confide.practice.models import Client


@dataclass(frozen=True)
class Status:
    code: str  # active | expired | revoked | awaiting_signatures | incomplete
    text: str

    @property
    def is_active(self) -> bool:
        return self.code == "active"


def _names(client_ids: set[int]) -> str:
    """Each participant who has not signed, by name: a joint record needs every one."""
    people = Client.objects.filter(pk__in=client_ids)
    return ", ".join(sorted(p.display_name for p in people))


def required_signers(auth: Authorization) -> set[int]:
    """Client ids who must sign: every participant of a joint record, else the client."""
    if auth.case is not None and auth.case.case_type in JOINT_CASE_TYPES:
        return set(auth.case.participants.values_list("client_id", flat=True)) | {auth.client_id}
    return {auth.client_id}


def missing_signers(auth: Authorization) -> set[int]:
    signed = set(auth.signatures.values_list("signer_id", flat=True))
    return required_signers(auth) - signed


def missing_elements(auth: Authorization) -> list[str]:
    """The 164.508(c) core elements and statements (and 42 CFR 2.31 ones) this one lacks."""
    missing = []
    if not auth.information or not auth.information_description.strip():
        missing.append(_("a specific description of the information"))
    if not auth.discloser.strip():
        missing.append(_("who may disclose"))
    if not auth.recipient_name.strip():
        missing.append(_("the recipient"))
    if not auth.purpose.strip():
        missing.append(_("the purpose"))
    if auth.expires_on is None and not auth.expiry_event.strip():
        missing.append(_("an expiry date or event"))
    if not auth.statements_acknowledged:
        missing.append(_("the required statements (revocation, no conditioning, redisclosure)"))
    if SUBSTANCE_USE in auth.information and not auth.substance_use_description.strip():
        missing.append(_("how much and what kind of substance-use information (42 CFR 2.31)"))
    if auth.kind == AuthorizationKind.PSYCHOTHERAPY_NOTES and set(auth.information) != {
        PSYCHOTHERAPY_NOTES
    }:
        missing.append(_("a psychotherapy-notes authorization may cover psychotherapy notes only"))
    if auth.kind == AuthorizationKind.STANDARD and PSYCHOTHERAPY_NOTES in auth.information:
        missing.append(_("psychotherapy notes need their own, separate authorization"))
    return missing


def status(auth: Authorization, today: dt.date | None = None) -> Status:
    """The authorization's standing right now; only `active` covers anything."""
    today = today or timezone.localdate()
    if auth.revoked_at is not None:
        day = _iso(timezone.localdate(auth.revoked_at))
        return Status("revoked", _("Revoked on %(date)s") % {"date": day})
    if auth.expires_on is not None and auth.expires_on < today:
        return Status("expired", _("Expired on %(date)s") % {"date": _iso(auth.expires_on)})
    if missing_elements(auth):
        return Status(
            "incomplete",
            _("Incomplete: %(missing)s") % {"missing": "; ".join(missing_elements(auth))},
        )
    missing = missing_signers(auth)
    if missing:
        return Status(
            "awaiting_signatures",
            _("Waiting for signatures from %(names)s") % {"names": _names(missing)},
        )
    return Status("active", _("Active"))


def _iso(day: dt.date) -> str:
    """Dates in a status stay year-month-day: the same in every language, and unambiguous."""
    return f"{day:%Y-%m-%d}"


TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "rev", "sr", "fr"})
CREDENTIALS = frozenset(
    {
        "phd", "psyd", "md", "do", "lcsw", "lmft", "lpc", "lmhc", "rn", "np", "pa", "msw",
        "ma", "ms", "edd", "lpcc", "lcpc", "mft", "jr", "ii", "iii", "esq", "dds",
    }
)  # fmt: skip
RELATION_FILLER = frozenset({"my", "the", "client's", "clients", "her", "his", "their", "of"})
NEAR_RATIO = 0.8


@dataclass(frozen=True)
class Party:
    """A name as people write it, split into the person and how they are related: "Dr. Emma
    Bennett, PhD (my sister)" is the name "emma bennett" and the relationship "sister"."""

    name: str
    relationship: str

    @property
    def tokens(self) -> list[str]:
        return self.name.split()


def _words(text: str) -> list[str]:
    cleaned = "".join(c if c.isalnum() or c in " '-" else " " for c in text.lower())
    return [w.strip("'-") for w in cleaned.split() if w.strip("'-")]


def party(text: str, relationship: str = "") -> Party:
    """Split a written name into the person and the relationship it states, if any."""
    inside = re.findall(r"\(([^)]*)\)", text)
    outside = re.sub(r"\([^)]*\)", " ", text)
    head, _sep, tail = outside.partition(",")
    tail_words = _words(tail)
    name_words = [w for w in _words(head) if w not in TITLES and w not in CREDENTIALS]
    extra = [w for w in tail_words if w not in CREDENTIALS and w not in TITLES]
    if len(name_words) == 1 and 1 <= len(extra) <= 2:  # "Bennett, Emma"
        name_words, extra = extra + name_words, []
    related = " ".join(inside + ([" ".join(extra)] if extra else []) + [relationship])
    relation = [w for w in _words(related) if w not in RELATION_FILLER]
    return Party(" ".join(name_words), " ".join(relation))


def _relationships_agree(a: Party, b: Party) -> bool:
    return not a.relationship or not b.relationship or a.relationship == b.relationship


def _names_near(a: Party, b: Party) -> bool:
    """Close enough to ask the clinician: a typo, a missing middle name, an initial."""
    if not a.tokens or not b.tokens:
        return False
    if SequenceMatcher(None, a.name, b.name).ratio() >= NEAR_RATIO:
        return True
    same_surname = a.tokens[-1] == b.tokens[-1]
    first_a, first_b = a.tokens[0], b.tokens[0]
    return same_surname and (first_a.startswith(first_b[0]) or first_b.startswith(first_a[0]))


def match(auth: Authorization, recipient: str, relationship: str = "") -> str:
    """How the recipient an authorization names compares with a requester: `exact` (the same
    person by normalised name, and no conflicting relationship), `near` (for the clinician to
    confirm or reject; never relied on without that) or `none`."""
    named, asking = party(auth.recipient_name), party(recipient, relationship)
    if not named.name or not asking.name:
        return "none"
    if named.name == asking.name:
        return "exact" if _relationships_agree(named, asking) else "near"
    return "near" if _names_near(named, asking) else "none"


def recipient_matches(auth: Authorization, recipient: str, relationship: str = "") -> bool:
    """The requester is the recipient the authorization names (normalised name, title,
    credentials and a stated relationship set aside)."""
    return match(auth, recipient, relationship) == "exact"


def normalized(text: str) -> str:
    return " ".join(text.lower().split())


def covers(
    auth: Authorization,
    categories: Iterable[str],
    recipient: str,
    today: dt.date | None = None,
    *,
    confirmed: bool = False,
    relationship: str = "",
) -> bool:
    """True only if the authorization is active, names `recipient` (or the clinician confirmed
    a near match as naming them) and covers every category."""
    return (
        status(auth, today).is_active
        and (confirmed or recipient_matches(auth, recipient, relationship))
        and set(categories) <= set(auth.information)
    )
