"""Every write to notes: one transaction each, with its audit event inside it.

Callers get cases and segments through `records.access`, so sight is already checked; these
functions check what only a writer can: an assigned clinician, the agreement gate, and data
that make sense. Invalid data raise `ValidationError` and change nothing. Audit summaries
never hold note text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from confide.accounts.models import Role
from confide.audit.log import record
from confide.practice.models import Case, Participant, Session
from confide.records import agreement_link
from confide.records.models import (
    EmergencyAccess,
    LabelSource,
    Note,
    PsychotherapyNote,
    Segment,
)
from confide.records.visibility import LABELS, PRIVATE

MAX_SEGMENTS = 200
MAX_TEXT = 50_000
EMERGENCY_HOURS = 24
MAX_EMERGENCY_HOURS = 72


@dataclass(frozen=True)
class SegmentInput:
    """One segment as entered: who said it (None: the clinician), label ("" = default)."""

    text: str
    discloser: Participant | None = None
    label: str = ""


def _require_case_clinician(user: Any, case: Case) -> None:
    if not (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role == Role.CLINICIAN
        and case.clinicians.filter(pk=user.pk).exists()
    ):
        raise PermissionDenied


def _require_gate(case: Case) -> None:
    if not agreement_link.notes_allowed(case):
        raise ValidationError(
            "Notes cannot be written until every participant has signed the current "
            "confidentiality agreement (or a clinician has recorded an override)."
        )


def _check_session(case: Case, session: Session | None) -> None:
    if session is not None and session.case_id != case.pk:
        raise ValidationError({"session": "That session belongs to another case."})


def _check_private_confirmed(case: Case, label: str, confirmed: bool) -> None:
    """Under a no-secrets policy a Private label goes against the agreement: the clinician
    confirms it knowingly, or nothing is written."""
    if label == PRIVATE and agreement_link.is_no_secrets(case) and not confirmed:
        raise ValidationError({"confirm_private": agreement_link.NO_SECRETS_PRIVATE})


def _resolve_segments(
    case: Case, segments: Sequence[SegmentInput], private_confirmed: bool = False
) -> list[dict[str, Any]]:
    """Validate every segment and work out its label before anything is written."""
    if not segments:
        raise ValidationError("A note needs at least one segment with text.")
    if len(segments) > MAX_SEGMENTS:
        raise ValidationError(f"A note holds at most {MAX_SEGMENTS} segments.")
    resolved = []
    for n, seg in enumerate(segments, start=1):
        text = seg.text.strip()
        if not text:
            raise ValidationError(f"Segment {n} is empty.")
        if len(text) > MAX_TEXT:
            raise ValidationError(f"Segment {n} is longer than {MAX_TEXT} characters.")
        if seg.discloser is not None and seg.discloser.case_id != case.pk:
            raise ValidationError(f"Segment {n}: that person is not a participant of this case.")
        if seg.label and seg.label not in LABELS:
            raise ValidationError(f"Segment {n}: unknown sharing label {seg.label!r}.")
        default = agreement_link.default_label(seg.discloser)
        label = seg.label or default
        if seg.discloser is not None:
            _check_private_confirmed(case, label, private_confirmed)
        source = LabelSource.AGREEMENT if label == default else LabelSource.CLINICIAN
        resolved.append(
            {
                "text": text,
                "discloser": seg.discloser,
                "label": label,
                "label_source": source,
                "default": default,
            }
        )
    return resolved


def write_note(
    *,
    acting_user: Any,
    case: Case,
    segments: Sequence[SegmentInput],
    session: Session | None = None,
    written_on: dt.date | None = None,
    private_confirmed: bool = False,
    request: Any = None,
) -> Note:
    """A progress note made of attributed, labelled segments (labels default per agreement;
    a Private segment under a no-secrets policy needs `private_confirmed`)."""
    _require_case_clinician(acting_user, case)
    _check_session(case, session)
    _require_gate(case)
    resolved = _resolve_segments(case, segments, private_confirmed)
    with transaction.atomic():
        note = Note.objects.create(
            case=case,
            session=session,
            author=acting_user,
            written_on=written_on or timezone.localdate(),
        )
        for position, seg in enumerate(resolved, start=1):
            Segment.objects.create(
                note=note,
                position=position,
                discloser=seg["discloser"],
                label=seg["label"],
                label_source=seg["label_source"],
                text=seg["text"],
            )
        record(
            actor=acting_user,
            action="create",
            target=note,
            summary=f"Progress note written ({len(resolved)} segments)",
            detail={
                "case_id": case.pk,
                "segments": [
                    {
                        "position": n,
                        "discloser_id": s["discloser"].pk if s["discloser"] else None,
                        "label": s["label"],
                        "default_label": s["default"],
                    }
                    for n, s in enumerate(resolved, start=1)
                ],
            },
            request=request,
        )
    return note


def relabel_segment(
    *,
    acting_user: Any,
    segment: Segment,
    label: str,
    private_confirmed: bool = False,
    request: Any = None,
) -> Segment:
    """The clinician changes who may see a segment; the change is audited."""
    if label not in LABELS:
        raise ValidationError({"label": "Choose private, case or clinical."})
    with transaction.atomic():
        segment = Segment.objects.select_for_update().select_related("note").get(pk=segment.pk)
        _require_case_clinician(acting_user, segment.note.case)
        old = segment.label
        if old == label:
            return segment
        if segment.discloser_id is not None:
            _check_private_confirmed(segment.note.case, label, private_confirmed)
        segment.label = label
        segment.label_source = LabelSource.CLINICIAN
        segment.save(update_fields=["label", "label_source"])
        record(
            actor=acting_user,
            action="change",
            target=segment,
            summary=f"Sharing label changed from {old} to {label}",
            detail={"note_id": segment.note_id, "from": old, "to": label},
            request=request,
        )
    return segment


def write_psychotherapy_note(
    *,
    acting_user: Any,
    case: Case,
    text: str,
    session: Session | None = None,
    written_on: dt.date | None = None,
    request: Any = None,
) -> PsychotherapyNote:
    """The clinician's own analysis, stored apart and seen by its author only."""
    _require_case_clinician(acting_user, case)
    _check_session(case, session)
    _require_gate(case)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the note before saving it."})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": f"At most {MAX_TEXT} characters."})
    with transaction.atomic():
        note = PsychotherapyNote.objects.create(
            case=case,
            session=session,
            author=acting_user,
            written_on=written_on or timezone.localdate(),
            text=text,
        )
        record(
            actor=acting_user,
            action="create",
            target=note,
            summary="Psychotherapy note written",
            detail={"case_id": case.pk},
            request=request,
        )
    return note


def open_emergency_access(
    *,
    acting_user: Any,
    case: Case,
    reason: str,
    hours: int = EMERGENCY_HOURS,
    request: Any = None,
) -> EmergencyAccess:
    """A clinician outside the case opens its notes for a stated reason, for a limited time."""
    if not (
        getattr(acting_user, "is_authenticated", False)
        and acting_user.is_active
        and acting_user.role == Role.CLINICIAN
    ):
        raise PermissionDenied
    if case.clinicians.filter(pk=acting_user.pk).exists():
        raise ValidationError("You are assigned to this case: emergency access is not needed.")
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError({"reason": "State the emergency in a sentence (10 characters+)."})
    if not 1 <= hours <= MAX_EMERGENCY_HOURS:
        raise ValidationError({"hours": f"Between 1 and {MAX_EMERGENCY_HOURS} hours."})
    now = timezone.now()
    with transaction.atomic():
        access = EmergencyAccess.objects.create(
            case=case,
            clinician=acting_user,
            reason=reason,
            opened_at=now,
            expires_at=now + dt.timedelta(hours=hours),
        )
        record(
            actor=acting_user,
            action="emergency_access",
            target=access,
            summary=f"Emergency access to case {case.pk} for {hours} hours",
            detail={"case_id": case.pk, "expires_at": access.expires_at.isoformat()},
            request=request,
        )
    return access


def acknowledge_emergency(
    *, acting_user: Any, access: EmergencyAccess, request: Any = None
) -> EmergencyAccess:
    """The privacy officer has reviewed the emergency access."""
    if not (getattr(acting_user, "is_authenticated", False) and acting_user.is_active):
        raise PermissionDenied
    if acting_user.role != Role.PRIVACY_OFFICER:
        raise PermissionDenied
    with transaction.atomic():
        access = EmergencyAccess.objects.select_for_update().get(pk=access.pk)
        if access.acknowledged_at is not None:
            return access
        access.acknowledged_by = acting_user
        access.acknowledged_at = timezone.now()
        access.save(update_fields=["acknowledged_by", "acknowledged_at"])
        record(
            actor=acting_user,
            action="change",
            target=access,
            summary="Emergency access reviewed by the privacy officer",
            detail={"case_id": access.case_id},
            request=request,
        )
    return access
