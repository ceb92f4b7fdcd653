"""What makes an authorization valid, and what a valid one covers, in one place.

An authorization that has expired, been revoked, lacks a core element or required statement,
or is missing a participant's signature covers nothing at all (45 CFR 164.508(b)(2)); the
check runs at the moment of every use, so expiry and revocation take effect at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from confide.disclosures.models import Authorization
from confide.disclosures.vocabulary import PSYCHOTHERAPY_NOTES, SUBSTANCE_USE, AuthorizationKind
from confide.policy.situation import JOINT_CASE_TYPES


@dataclass(frozen=True)
class Status:
    code: str  # active | expired | revoked | awaiting_signatures | incomplete
    text: str

    @property
    def is_active(self) -> bool:
        return self.code == "active"


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
        missing.append("a specific description of the information")
    if not auth.discloser.strip():
        missing.append("who may disclose")
    if not auth.recipient_name.strip():
        missing.append("the recipient")
    if not auth.purpose.strip():
        missing.append("the purpose")
    if auth.expires_on is None and not auth.expiry_event.strip():
        missing.append("an expiry date or event")
    if not auth.statements_acknowledged:
        missing.append("the required statements (revocation, no conditioning, redisclosure)")
    if SUBSTANCE_USE in auth.information and not auth.substance_use_description.strip():
        missing.append("how much and what kind of substance-use information (42 CFR 2.31)")
    if auth.kind == AuthorizationKind.PSYCHOTHERAPY_NOTES and set(auth.information) != {
        PSYCHOTHERAPY_NOTES
    }:
        missing.append("a psychotherapy-notes authorization may cover psychotherapy notes only")
    if auth.kind == AuthorizationKind.STANDARD and PSYCHOTHERAPY_NOTES in auth.information:
        missing.append("psychotherapy notes need their own, separate authorization")
    return missing


def status(auth: Authorization, today: dt.date | None = None) -> Status:
    """The authorization's standing right now; only `active` covers anything."""
    today = today or timezone.localdate()
    if auth.revoked_at is not None:
        return Status("revoked", f"Revoked on {timezone.localdate(auth.revoked_at):%Y-%m-%d}")
    if auth.expires_on is not None and auth.expires_on < today:
        return Status("expired", f"Expired on {auth.expires_on:%Y-%m-%d}")
    if missing_elements(auth):
        return Status("incomplete", "Incomplete: " + "; ".join(missing_elements(auth)))
    if missing_signers(auth):
        return Status("awaiting_signatures", "Waiting for signatures")
    return Status("active", "Active")


def recipient_matches(auth: Authorization, recipient: str) -> bool:
    """The request's requester is the recipient the authorization names (case-insensitive)."""
    return normalized(auth.recipient_name) == normalized(recipient) != ""


def normalized(text: str) -> str:
    return " ".join(text.lower().split())


def covers(
    auth: Authorization, categories: Iterable[str], recipient: str, today: dt.date | None = None
) -> bool:
    """True only if the authorization is active, names `recipient` and covers every category."""
    return (
        status(auth, today).is_active
        and recipient_matches(auth, recipient)
        and set(categories) <= set(auth.information)
    )
