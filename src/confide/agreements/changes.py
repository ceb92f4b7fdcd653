"""What changed between versions, and what about a case now calls for a new version.

The diff summary names what changed and for whom, never the private content itself: it is
shown to the case's clinicians in the version history and recorded in the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from confide.agreements.models import Agreement, SharingLabel
from confide.practice.models import Case, Participant, Practice


def _labels(agreement: Agreement) -> dict[int, tuple[str, str, str]]:
    return {
        t.participant_id: (t.default_label, t.private_topics, t.participant.client.display_name)
        for t in agreement.terms.select_related("participant__client")
    }


def _names(ids: set[int], names: dict[int, str]) -> str:
    return ", ".join(sorted(names.get(i, f"participant {i}") for i in ids))


def diff_summary(before: Agreement | None, after: Agreement) -> list[str]:
    """One line per change from `before` to `after` (first version: one line saying so)."""
    if before is None:
        return ["First version."]
    lines: list[str] = []
    old, new = _labels(before), _labels(after)
    names = {pid: entry[2] for pid, entry in {**old, **new}.items()}
    added, removed = set(new) - set(old), set(old) - set(new)
    if added:
        lines.append(f"Participants added: {_names(added, names)}.")
    if removed:
        lines.append(f"Participants removed: {_names(removed, names)}.")
    simple: list[tuple[str, Any, Any]] = [
        ("Secrets policy", before.secrets_policy or "none", after.secrets_policy or "none"),
        ("Jurisdiction", before.jurisdiction, after.jurisdiction),
        ("Licence", before.licence, after.licence),
        ("Revisit date", before.revisit_on, after.revisit_on),
        ("Who to raise a privacy concern with", before.concern_contact, after.concern_contact),
    ]
    for what, was, now in simple:
        if was != now:
            lines.append(f"{what}: {was} → {now}.")
    if before.extra_terms != after.extra_terms:
        lines.append("Other terms changed.")
    if set(before.minor_ids) != set(after.minor_ids):
        lines.append("The participants who are minors changed.")
    for pid in sorted(set(old) & set(new)):
        (was_label, was_topics, name), (now_label, now_topics, _) = old[pid], new[pid]
        if was_label != now_label:
            lines.append(
                f"{name}: sharing label {SharingLabel(was_label).value} → "
                f"{SharingLabel(now_label).value}."
            )
        if was_topics != now_topics:
            lines.append(f"{name}: private topics changed.")
    return lines or ["Text unchanged; re-issued for new signatures."]


def reasons_for_new_version(
    agreement: Agreement,
    case: Case,
    practice: Practice,
    participants: list[Participant] | None = None,
) -> list[str]:
    """What in the case no longer matches the version everyone signed. `participants`: the
    case's, with their clients, when the caller has them already."""
    reasons: list[str] = []
    if participants is None:
        participants = list(case.participants.select_related("client"))
    now_ids = {p.pk for p in participants}
    if now_ids != set(agreement.participant_ids):
        reasons.append("Participants changed since this version.")
    if (case.secrets_policy or "") != agreement.secrets_policy:
        reasons.append("The case's secrets policy changed.")
    if practice.jurisdiction != agreement.jurisdiction:
        reasons.append("The practice's jurisdiction changed.")
    minors_now = {p.pk for p in participants if p.client.is_minor}
    if set(agreement.minor_ids) - minors_now:
        reasons.append("A participant has turned 18.")
    if agreement.revisit_on <= timezone.localdate():
        reasons.append("The revisit date has come.")
    return reasons
