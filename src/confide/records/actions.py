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
from django.utils.translation import gettext as _

from confide.accounts.models import Role
from confide.accounts.roles import account, has_role, require_account
from confide.accounts.types import Actor
from confide.audit.log import record
from confide.practice.models import Case, Participant, Session
from confide.records import agreement_link, note_formats
from confide.records.models import (
    EmergencyAccess,
    Finding,
    LabelSource,
    Note,
    NoteStatus,
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
    section: str = ""  # a section code of the note's template ("S" of SOAP), "" when free


def _require_case_clinician(user: Actor, case: Case) -> None:
    if not (has_role(user, Role.CLINICIAN) and case.clinicians.filter(pk=user.pk).exists()):
        raise PermissionDenied


def _require_gate(case: Case) -> None:
    if not agreement_link.notes_allowed(case):
        raise ValidationError(
            _(
                "Notes cannot be written until every participant has signed the current "
                "confidentiality agreement (or a clinician has recorded an override)."
            )
        )


def _check_session(case: Case, session: Session | None) -> None:
    if session is not None and session.case_id != case.pk:
        raise ValidationError({"session": _("That session belongs to another case.")})


def _check_private_confirmed(case: Case, label: str, confirmed: bool) -> None:
    """Under a no-secrets policy a Private label goes against the agreement: the clinician
    confirms it knowingly, or nothing is written."""
    if label == PRIVATE and agreement_link.is_no_secrets(case) and not confirmed:
        raise ValidationError({"confirm_private": agreement_link.NO_SECRETS_PRIVATE})


def _resolve_segments(
    case: Case,
    segments: Sequence[SegmentInput],
    template: str = "",
    *,
    private_confirmed: bool = False,
) -> list[dict[str, Any]]:
    """Validate every segment and work out its label before anything is written."""
    if template and template not in note_formats.FORMATS:
        raise ValidationError({"template": _("Unknown note template.")})
    sections = note_formats.section_codes(template)
    if not segments:
        raise ValidationError(_("A note needs at least one segment with text."))
    if len(segments) > MAX_SEGMENTS:
        raise ValidationError(_("A note holds at most %(max)s segments.") % {"max": MAX_SEGMENTS})
    resolved = []
    for n, seg in enumerate(segments, start=1):
        text = seg.text.strip()
        if not text:
            raise ValidationError(_("Segment %(number)s is empty.") % {"number": n})
        if len(text) > MAX_TEXT:
            raise ValidationError(
                _("Segment %(number)s is longer than %(max)s characters.")
                % {"number": n, "max": MAX_TEXT}
            )
        if seg.discloser is not None and seg.discloser.case_id != case.pk:
            raise ValidationError(
                _("Segment %(number)s: that person is not a participant of this case.")
                % {"number": n}
            )
        if seg.label and seg.label not in LABELS:
            raise ValidationError(
                _("Segment %(number)s: unknown sharing label %(label)s.")
                % {"number": n, "label": repr(seg.label)}
            )
        if seg.section and seg.section not in sections:
            raise ValidationError(
                _("Segment %(number)s: that section is not part of the template.") % {"number": n}
            )
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
                "section": seg.section if template else "",
            }
        )
    return resolved


def _segment_detail(resolved: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the audit keeps of the segments: who, which label and section, never the text."""
    return [
        {
            "position": n,
            "discloser_id": s["discloser"].pk if s["discloser"] else None,
            "label": s["label"],
            "default_label": s["default"],
            **({"section": s["section"]} if s["section"] else {}),
        }
        for n, s in enumerate(resolved, start=1)
    ]


def _create_segments(note: Note, resolved: list[dict[str, Any]]) -> None:
    for position, seg in enumerate(resolved, start=1):
        Segment.objects.create(
            note=note,
            position=position,
            discloser=seg["discloser"],
            label=seg["label"],
            label_source=seg["label_source"],
            text=seg["text"],
            section=seg["section"],
        )


def write_note(
    *,
    acting_user: Actor,
    case: Case,
    segments: Sequence[SegmentInput],
    session: Session | None = None,
    written_on: dt.date | None = None,
    template: str = "",
    sign: bool = True,
    private_confirmed: bool = False,
    request: Any = None,
) -> Note:
    """A progress note made of attributed, labelled segments (labels default per agreement;
    a Private segment under a no-secrets policy needs `private_confirmed`).

    `sign=False` keeps it a draft its author can rework; `sign=True` signs and locks it at
    once, which is what callers that only ever wrote final notes (the API, the demo) mean."""
    _require_case_clinician(acting_user, case)
    _check_session(case, session)
    _require_gate(case)
    resolved = _resolve_segments(case, segments, template, private_confirmed=private_confirmed)
    now = timezone.now()
    with transaction.atomic():
        note = Note.objects.create(
            case=case,
            session=session,
            author=account(acting_user),
            written_on=written_on or timezone.localdate(),
            template=template,
            status=NoteStatus.SIGNED if sign else NoteStatus.DRAFT,
            signed_at=now if sign else None,
            signed_by=account(acting_user) if sign else None,
        )
        _create_segments(note, resolved)
        detail: dict[str, Any] = {
            "case_id": case.pk,
            "status": note.status,
            "segments": _segment_detail(resolved),
        }
        if template:
            detail["template"] = template
        if sign:
            detail["signed_by"] = require_account(acting_user).pk
            detail["signed_at"] = now.isoformat()
        kind = "signed" if sign else "saved as a draft"
        record(
            actor=acting_user,
            action="create",
            target=note,
            summary=f"Progress note {kind} ({len(resolved)} segments)",
            detail=detail,
            request=request,
        )
    return note


def _locked_draft(user: Actor, note: Note) -> Note:
    """The note, locked for the change, if it is still a draft and `user` wrote it."""
    note = Note.objects.select_for_update().select_related("case").get(pk=note.pk)
    _require_case_clinician(user, note.case)
    if note.status != NoteStatus.DRAFT:
        raise ValidationError(_("This note is signed and locked; add an addendum instead."))
    if note.author_id != require_account(user).pk:
        raise ValidationError(_("Only the clinician who wrote a draft can change or sign it."))
    return note


def update_draft(
    *,
    acting_user: Actor,
    note: Note,
    segments: Sequence[SegmentInput],
    session: Session | None = None,
    written_on: dt.date | None = None,
    sign: bool = False,
    private_confirmed: bool = False,
    request: Any = None,
) -> Note:
    """Rework a draft (segments may be added, changed or dropped), and sign it if asked."""
    with transaction.atomic():
        note = _locked_draft(acting_user, note)
        case = note.case
        _check_session(case, session)
        _require_gate(case)
        resolved = _resolve_segments(
            case, segments, note.template, private_confirmed=private_confirmed
        )
        note.segments.all().delete()
        _create_segments(note, resolved)
        note.session = session
        note.written_on = written_on or note.written_on
        note.save(update_fields=["session", "written_on"])
        record(
            actor=acting_user,
            action="change",
            target=note,
            summary=f"Draft progress note changed ({len(resolved)} segments)",
            detail={"case_id": case.pk, "segments": _segment_detail(resolved)},
            request=request,
        )
        if sign:
            _sign(acting_user, note, request)
    return note


def _sign(user: Actor, note: Note, request: Any) -> None:
    if not note.segments.exists():
        raise ValidationError(_("A note needs at least one segment with text before signing."))
    note.status = NoteStatus.SIGNED
    signer = require_account(user)
    note.signed_at = timezone.now()
    note.signed_by = signer
    note.save(update_fields=["status", "signed_at", "signed_by"])
    record(
        actor=user,
        action="sign",
        target=note,
        summary="Progress note signed and locked",
        detail={
            "case_id": note.case_id,
            "signed_by": signer.pk,
            "signed_at": note.signed_at.isoformat(),
        },
        request=request,
    )


def sign_note(*, acting_user: Actor, note: Note, request: Any = None) -> Note:
    """The author signs the draft: from now on it is locked and only addenda can follow."""
    with transaction.atomic():
        note = _locked_draft(acting_user, note)
        _require_gate(note.case)
        _sign(acting_user, note, request)
    return note


def add_addendum(
    *,
    acting_user: Actor,
    note: Note,
    addendum: SegmentInput,
    private_confirmed: bool = False,
    request: Any = None,
) -> Segment:
    """A dated, attributed segment appended to a signed note; what was signed stays as it was.

    Any clinician of the case may add one (a colleague's correction is theirs, not the
    author's); it carries its own speaker and sharing label like any segment."""
    with transaction.atomic():
        note = Note.objects.select_for_update().select_related("case").get(pk=note.pk)
        _require_case_clinician(acting_user, note.case)
        if note.status != NoteStatus.SIGNED:
            raise ValidationError(_("A draft is changed directly; addenda follow a signed note."))
        (resolved,) = _resolve_segments(note.case, [addendum], private_confirmed=private_confirmed)
        position = note.segments.order_by("-position").values_list("position", flat=True)[:1]
        now = timezone.now()
        segment = Segment.objects.create(
            note=note,
            position=(position[0] if position else 0) + 1,
            discloser=resolved["discloser"],
            label=resolved["label"],
            label_source=resolved["label_source"],
            text=resolved["text"],
            added_at=now,
            added_by=account(acting_user),
        )
        record(
            actor=acting_user,
            action="create",
            target=segment,
            summary="Addendum added to a signed progress note",
            detail={
                "note_id": note.pk,
                "case_id": note.case_id,
                "discloser_id": resolved["discloser"].pk if resolved["discloser"] else None,
                "label": resolved["label"],
                "added_at": now.isoformat(),
            },
            request=request,
        )
    return segment


def relabel_segment(
    *,
    acting_user: Actor,
    segment: Segment,
    label: str,
    private_confirmed: bool = False,
    request: Any = None,
) -> Segment:
    """The clinician changes who may see a segment; the change is audited."""
    if label not in LABELS:
        raise ValidationError({"label": _("Choose private, case or clinical.")})
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
    acting_user: Actor,
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
        raise ValidationError({"text": _("Write the note before saving it.")})
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"text": _("At most %(MAX_TEXT)s characters.") % {"MAX_TEXT": MAX_TEXT}}
        )
    with transaction.atomic():
        note = PsychotherapyNote.objects.create(
            case=case,
            session=session,
            author=account(acting_user),
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
    acting_user: Actor,
    case: Case,
    reason: str,
    hours: int = EMERGENCY_HOURS,
    request: Any = None,
) -> EmergencyAccess:
    """A clinician outside the case opens its notes for a stated reason, for a limited time."""
    if not has_role(acting_user, Role.CLINICIAN):
        raise PermissionDenied
    if case.clinicians.filter(pk=acting_user.pk).exists():
        raise ValidationError(_("You are assigned to this case: emergency access is not needed."))
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("State the emergency in a sentence (10 characters+).")})
    if not 1 <= hours <= MAX_EMERGENCY_HOURS:
        raise ValidationError(
            {
                "hours": _("Between 1 and %(MAX_EMERGENCY_HOURS)s hours.")
                % {"MAX_EMERGENCY_HOURS": MAX_EMERGENCY_HOURS}
            }
        )
    now = timezone.now()
    with transaction.atomic():
        access = EmergencyAccess.objects.create(
            case=case,
            clinician=require_account(acting_user),
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
        _tell_about_emergency(acting_user, access, request)
    return access


def _tell_about_emergency(acting_user: Actor, access: EmergencyAccess, request: Any) -> None:
    """Email the case's own clinicians and the privacy officers: who opened it and until
    when, with a link; never the client, the case title or the reason (see followup.mail)."""
    from django.urls import reverse

    from confide.followup.mail import privacy_officers, tell_staff

    opener = require_account(acting_user)
    fields = {
        "opener": opener.get_full_name() or opener.username,
        "until": f"{timezone.localtime(access.expires_at):%d %b %Y %H:%M}",
    }
    common = {"acting_user": acting_user, "target": access, "request": request}
    tell_staff(
        access.case.clinicians.all(),
        "emergency_access_clinician",
        reverse("records:case_notes", args=[access.case_id]),
        **common,
        **fields,
    )
    tell_staff(
        privacy_officers(),
        "emergency_access_officer",
        reverse("records:emergency_review", args=[access.pk]),
        **common,
        **fields,
    )


def acknowledge_emergency(
    *,
    acting_user: Actor,
    access: EmergencyAccess,
    finding: str,
    note: str = "",
    request: Any = None,
) -> EmergencyAccess:
    """The privacy officer has reviewed the emergency access and records a finding: justified
    or not, with a note (required when not justified: what follow-up is due). Once recorded
    the finding stands; the audit event carries the finding, the note stays sealed."""
    if not has_role(acting_user, Role.PRIVACY_OFFICER):
        raise PermissionDenied
    if finding not in Finding.values:
        raise ValidationError({"finding": _("Choose whether the access was justified.")})
    note = (note or "").strip()
    if finding == Finding.NOT_JUSTIFIED and len(note) < 10:
        raise ValidationError({"note": _("Say what follow-up is due (10 characters or more).")})
    if len(note) > 4000:
        raise ValidationError({"note": _("Keep the note under 4,000 characters.")})
    with transaction.atomic():
        access = EmergencyAccess.objects.select_for_update().get(pk=access.pk)
        if access.acknowledged_at is not None:
            raise ValidationError(_("This emergency access was already reviewed."))
        access.acknowledged_by = account(acting_user)
        access.acknowledged_at = timezone.now()
        access.finding = finding
        access.finding_note = note
        access.save(update_fields=["acknowledged_by", "acknowledged_at", "finding", "finding_note"])
        record(
            actor=acting_user,
            action="change",
            target=access,
            summary="Emergency access reviewed by the privacy officer: "
            + ("justified" if finding == Finding.JUSTIFIED else "not justified"),
            detail={"case_id": access.case_id, "finding": finding, "noted": bool(note)},
            request=request,
        )
    return access
