"""Confidentiality first: the gate other intake steps and session notes wait behind.

Contract used by other apps (records checks `notes_allowed` before a note is written):

- `notes_allowed(case) -> bool`: every participant has signed the case's current agreement
  version (with a guardian's signature and the minor's assent where the law requires a
  guardian), or a clinician's override for that version is in force.
- `gate_status(case) -> GateStatus`: who has not signed yet and any override's reason.

Both fail closed: no agreement, a participant without terms in the current version, or any
error reading them means the gate is shut.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from confide.agreements.models import (
    Agreement,
    GateOverride,
    ParticipantTerms,
    Signature,
    SignerRole,
)
from confide.practice.models import Case, Participant


@dataclass(frozen=True)
class Missing:
    """One signature still owed: whose terms, and what kind of signature."""

    participant_id: int
    name: str
    signer_role: str  # a SignerRole value

    @property
    def text(self) -> str:
        if self.signer_role == SignerRole.GUARDIAN:
            return f"{self.name}: a guardian's signature"
        if self.signer_role == SignerRole.ASSENT:
            return f"{self.name}: their assent"
        return f"{self.name}: their signature"


@dataclass(frozen=True)
class GateStatus:
    """Where a case stands on its confidentiality agreement."""

    agreement_id: int | None
    version: int | None
    missing: tuple[Missing, ...] = field(default=())
    override_reason: str = ""
    override_id: int | None = None

    @property
    def has_agreement(self) -> bool:
        return self.agreement_id is not None

    @property
    def all_signed(self) -> bool:
        return self.has_agreement and not self.missing

    @property
    def overridden(self) -> bool:
        return self.override_id is not None

    @property
    def open(self) -> bool:
        return self.all_signed or self.overridden

    @property
    def unsigned_names(self) -> list[str]:
        seen: list[str] = []
        for item in self.missing:
            if item.name not in seen:
                seen.append(item.name)
        return seen


def current_agreement(case: Case) -> Agreement | None:
    """The latest issued version of the case's agreement, if any."""
    return Agreement.objects.filter(case_id=case.pk).order_by("-version").first()


def required_roles(guardian_required: bool) -> tuple[str, ...]:
    """The signatures one participant's terms need."""
    if guardian_required:
        return (SignerRole.GUARDIAN, SignerRole.ASSENT)
    return (SignerRole.PARTICIPANT,)


def missing_signatures(agreement: Agreement) -> list[Missing]:
    """Every signature the version still needs, participants in case order."""
    signed = set(
        Signature.objects.filter(agreement=agreement).values_list("participant_id", "signer_role")
    )
    participants = agreement.case.participants.select_related("client").order_by("pk")
    return _missing(list(participants), list(agreement.terms.all()), signed)


def _missing(
    participants: list[Participant], terms: list[ParticipantTerms], signed: set[tuple[int, str]]
) -> list[Missing]:
    terms_by_participant = {t.participant_id: t for t in terms}
    missing: list[Missing] = []
    for participant in participants:
        if participant.left_on is not None:
            continue  # left the case: owes no signature on this or any later version
        name = participant.client.display_name
        own = terms_by_participant.get(participant.pk)
        if own is None:
            # Joined after this version was issued: nothing they could sign yet.
            missing.append(Missing(participant.pk, name, SignerRole.PARTICIPANT))
            continue
        for role in required_roles(own.guardian_required):
            if (participant.pk, role) not in signed:
                missing.append(Missing(participant.pk, name, role))
    return missing


def active_override(case: Case, agreement: Agreement | None) -> GateOverride | None:
    """The override in force for this version (or for 'no agreement yet'), if any."""
    overrides = GateOverride.objects.filter(case_id=case.pk, withdrawn_at__isnull=True)
    if agreement is None:
        overrides = overrides.filter(agreement__isnull=True)
    else:
        overrides = overrides.filter(agreement=agreement)
    return overrides.order_by("-created_at", "-pk").first()


def gate_status(case: Case) -> GateStatus:
    """Who still has to sign the current version, and any override in force."""
    agreement = current_agreement(case)
    override = active_override(case, agreement)
    if agreement is None:
        participants = case.participants.filter(left_on__isnull=True).select_related("client")
        return _status(None, override, list(participants.order_by("pk")))
    return _status(agreement, override, missing_signatures(agreement))


def _joined_since(override: GateOverride, owed: list[Missing]) -> bool:
    """Whether someone owing a signature joined after the override was made: it was given
    for the people then in the case, so it does not let notes go on for a newcomer.
    (An override from before overrides named their people covers the case as it is.)"""
    if override.participant_ids is None:
        return False
    covered = set(override.participant_ids)
    return any(m.participant_id not in covered for m in owed)


def _status(
    agreement: Agreement | None, override: GateOverride | None, owed: list[Any]
) -> GateStatus:
    """`owed`: the missing signatures, or with no agreement yet, the participants."""
    if agreement is None:
        owed = [
            Missing(p.pk, p.client.display_name, SignerRole.PARTICIPANT)
            for p in owed
            if p.left_on is None
        ]
    if override is not None and _joined_since(override, owed):
        override = None
    reason, override_id = (override.reason, override.pk) if override else ("", None)
    if agreement is None:
        return GateStatus(None, None, tuple(owed), reason, override_id)
    return GateStatus(agreement.pk, agreement.version, tuple(owed), reason, override_id)


def statuses(
    cases: Iterable[Case], people: dict[int, list[Participant]] | None = None
) -> dict[int, tuple[Agreement | None, GateStatus]]:
    """`current_agreement` and `gate_status` for many cases in a fixed number of queries
    (the dashboard lists every open case): the same answers, read in bulk. `people`: each
    case's participants with their clients, when the caller has read them already (each
    client read means decrypting its name and date of birth)."""
    cases = list(cases)
    ids = [c.pk for c in cases]
    current = _current_agreements(ids)
    signed = _signatures([a.pk for a in current.values()])
    overrides = _overrides(ids)
    if people is None:
        people = _participants(ids)
    out: dict[int, tuple[Agreement | None, GateStatus]] = {}
    for case in cases:
        found = current.get(case.pk)
        override = overrides.get((case.pk, found.pk if found else None))
        participants = people.get(case.pk, [])
        if found is None:
            out[case.pk] = (None, _status(None, override, participants))
            continue
        owed = _missing(participants, list(found.terms.all()), signed.get(found.pk, set()))
        out[case.pk] = (found, _status(found, override, owed))
    return out


def _current_agreements(case_ids: list[int]) -> dict[int, Agreement]:
    latest: dict[int, Agreement] = {}
    query = Agreement.objects.filter(case_id__in=case_ids).order_by("case_id", "-version")
    for agreement in query.prefetch_related("terms"):
        latest.setdefault(agreement.case_id, agreement)
    return latest


def _signatures(agreement_ids: list[int]) -> dict[int, set[tuple[int, str]]]:
    signed: dict[int, set[tuple[int, str]]] = {}
    rows = Signature.objects.filter(agreement_id__in=agreement_ids).values_list(
        "agreement_id", "participant_id", "signer_role"
    )
    for agreement_id, participant_id, role in rows:
        signed.setdefault(agreement_id, set()).add((participant_id, role))
    return signed


def _overrides(case_ids: list[int]) -> dict[tuple[int, int | None], GateOverride]:
    """The newest override in force per (case, agreement version or None)."""
    newest: dict[tuple[int, int | None], GateOverride] = {}
    query = GateOverride.objects.filter(case_id__in=case_ids, withdrawn_at__isnull=True)
    for override in query.order_by("-created_at", "-pk"):
        newest.setdefault((override.case_id, override.agreement_id), override)
    return newest


def _participants(case_ids: list[int]) -> dict[int, list[Participant]]:
    people: dict[int, list[Participant]] = {}
    query = Participant.objects.filter(case_id__in=case_ids, left_on__isnull=True)
    query = query.select_related("client")
    for participant in query.order_by("pk"):
        people.setdefault(participant.case_id, []).append(participant)
    return people


def notes_allowed(case: Case) -> bool:
    """True only when every participant signed the current version or an override holds."""
    try:
        return gate_status(case).open
    except Exception:  # fail closed: an unreadable agreement never opens the gate
        return False


def policy_outdates_agreement(case: Case) -> bool:
    """True when the secrets policy changed after the current agreement version was issued
    (or there is none): the version no longer says what the case does."""
    changed = getattr(case, "secrets_policy_changed_at", None)
    if changed is None:
        return False
    agreement = current_agreement(case)
    return agreement is None or agreement.created_at < changed


def intake_allowed(case: Case) -> bool:
    """Goals, fees and the rest of intake follow the same gate as notes, and like notes wait
    for a new version after a change of the secrets policy."""
    try:
        return notes_allowed(case) and not policy_outdates_agreement(case)
    except Exception:  # fail closed
        return False
