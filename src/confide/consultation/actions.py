"""Every write for consultation packets: one transaction each, with its audit event inside.

The rule these guard: a packet never removes less than the engine found, unless the clinician
restored a span the engine found and said why. Audit summaries and details never hold packet
text or the identifiers in it (only counts, kinds and ids). Bad input raises
`ValidationError` and changes nothing.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from confide.accounts.models import Role
from confide.accounts.roles import account
from confide.accounts.types import Actor
from confide.audit.log import record
from confide.consultation import access
from confide.consultation.build import pieces_of
from confide.consultation.models import (
    Audience,
    DateHandling,
    Packet,
    PacketStatus,
    PacketText,
    PeerGroup,
    Restoration,
    Share,
    TextSource,
)
from confide.consultation.packing import ENGINE, MAX_TERMS, parse_terms
from confide.practice.models import Case
from confide.records.models import Note

MAX_TEXT = 50_000
MAX_NOTES = 20
MIN_REASON = 10


def _require_clinician_on(user: Actor, case: Case | None) -> Case:
    if case is None or not access.builds_packets(user):
        raise PermissionDenied
    try:
        return access.get_case(user, case.pk)
    except Exception:
        raise PermissionDenied from None


def _require_draft(user: Actor, packet: Packet) -> Packet:
    """The packet as stored now, locked: a draft of `user`, who is still on its case."""
    fresh = Packet.objects.select_for_update().filter(pk=packet.pk).first()
    if fresh is None or fresh.author_id != getattr(user, "pk", None):
        raise PermissionDenied
    _require_clinician_on(user, fresh.case)
    if not fresh.is_draft:
        raise ValidationError(_("This packet is already confirmed and can no longer change."))
    return fresh


def _texts(
    user: Actor, case: Case, notes: Sequence[Note], summary: str, question: str
) -> list[tuple[str, str, Note | None]]:
    texts: list[tuple[str, str, Note | None]] = []
    if question:
        texts.append((TextSource.QUESTION, question, None))
    if summary:
        texts.append((TextSource.SUMMARY, summary, None))
    fit = {choice.note.pk: choice for choice in access.shareable_notes(user, case)}
    for note in notes:
        choice = fit.get(note.pk)
        if choice is None:
            raise ValidationError({"notes": _("Pick notes of this case that have text to share.")})
        texts.append((TextSource.NOTE, choice.text, note))
    return texts


def _check_text(field: str, text: str) -> str:
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("At most %(limit)s characters.") % {"limit": MAX_TEXT}})
    return text


def create_packet(
    *,
    acting_user: Actor,
    case: Case,
    audience: str,
    notes: Sequence[Note] = (),
    summary: str = "",
    question: str = "",
    keep_clinicians: bool = False,
    dates: str = DateHandling.SAFE_HARBOR,
    request: Any = None,
) -> Packet:
    """A draft packet of `case`: the question, a summary and/or chosen notes' shareable part."""
    case = _require_clinician_on(acting_user, case)
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Choose a supervisor or a peer group.")})
    if dates not in DateHandling.values:
        raise ValidationError({"dates": _("Choose how dates are handled.")})
    if len(notes) > MAX_NOTES:
        raise ValidationError(
            {"notes": _("At most %(limit)s notes in one packet.") % {"limit": MAX_NOTES}}
        )
    summary, question = _check_text("summary", summary), _check_text("question", question)
    if not notes and not summary:
        raise ValidationError(_("Pick at least one note or write a summary."))
    texts = _texts(acting_user, case, notes, summary, question)
    with transaction.atomic():
        packet = Packet.objects.create(
            case=case,
            case_type=case.case_type,
            author=account(acting_user),
            audience=audience,
            keep_clinicians=keep_clinicians,
            dates=dates,
            seed=secrets.randbelow(2**62),
        )
        for position, (source, text, note) in enumerate(texts, start=1):
            PacketText.objects.create(
                packet=packet, position=position, source=source, note=note, original=text
            )
        record(
            actor=acting_user,
            action="create",
            target=packet,
            summary=f"Consultation packet drafted ({len(texts)} texts)",
            detail={
                "case_id": case.pk,
                "note_ids": [n.pk for n in notes],
                "audience": audience,
                "summary": bool(summary),
                "question": bool(question),
            },
            request=request,
        )
    return packet


def update_draft(
    *,
    acting_user: Actor,
    packet: Packet,
    also_remove: str,
    keep_clinicians: bool,
    dates: str,
    request: Any = None,
) -> Packet:
    """The clinician's extra terms and options; the draft is de-identified again on display."""
    if dates not in DateHandling.values:
        raise ValidationError({"dates": _("Choose how dates are handled.")})
    if len(also_remove) > MAX_TEXT:
        raise ValidationError(
            {"also_remove": _("At most %(limit)s characters.") % {"limit": MAX_TEXT}}
        )
    terms = parse_terms(also_remove)
    if len(also_remove.splitlines()) > MAX_TERMS:
        raise ValidationError({"also_remove": _("At most %(limit)s terms.") % {"limit": MAX_TERMS}})
    with transaction.atomic():
        packet = _require_draft(acting_user, packet)
        packet.also_remove = "\n".join(terms)
        packet.keep_clinicians = keep_clinicians
        packet.dates = dates
        packet.save(update_fields=["also_remove", "keep_clinicians", "dates"])
        record(
            actor=acting_user,
            action="change",
            target=packet,
            summary="Consultation packet de-identified again with new settings",
            detail={"terms": len(terms), "keep_clinicians": keep_clinicians, "dates": dates},
            request=request,
        )
    return packet


def restore_span(
    *,
    acting_user: Actor,
    packet: Packet,
    position: int,
    start: int,
    end: int,
    reason: str,
    request: Any = None,
) -> Restoration:
    """Keep one span the engine found as written. Only an engine span, only with a reason."""
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise ValidationError(
            {
                "reason": _("Say why this can stay as written (%(limit)s characters or more).")
                % {"limit": MIN_REASON}
            }
        )
    if len(reason) > 2000:
        raise ValidationError({"reason": _("At most 2000 characters.")})
    with transaction.atomic():
        packet = _require_draft(acting_user, packet)
        texts = access.texts_of(packet)
        pieces = pieces_of(packet, texts)
        index = next((n for n, t in enumerate(texts) if t.position == position), None)
        mark = None
        if index is not None:
            mark = next(
                (
                    m
                    for m in pieces[index].marks
                    if (m.start, m.end) == (start, end) and m.source == ENGINE
                ),
                None,
            )
        if mark is None or mark.restored:
            raise ValidationError(
                _("Only a span the engine found, and not already kept, can stay.")
            )
        restoration = Restoration.objects.create(
            packet=packet,
            position=position,
            start=start,
            end=end,
            kind=mark.kind,
            kept_text=pieces[index].original[start:end],  # type: ignore[index]
            reason=reason,
            restored_by=account(acting_user),
        )
        record(
            actor=acting_user,
            action="change",
            target=packet,
            summary=f"Kept one {mark.kind} the engine found, with a recorded reason",
            detail={"restoration_id": restoration.pk, "position": position, "kind": mark.kind},
            request=request,
        )
    return restoration


def remove_again(*, acting_user: Actor, restoration: Restoration, request: Any = None) -> None:
    """Undo a restoration: the span is replaced again (removing more is always allowed)."""
    with transaction.atomic():
        packet = _require_draft(acting_user, restoration.packet)
        restoration = Restoration.objects.get(pk=restoration.pk, packet=packet)
        detail = {"restoration_id": restoration.pk, "kind": restoration.kind}
        restoration.delete()
        record(
            actor=acting_user,
            action="change",
            target=packet,
            summary="A kept span is removed again",
            detail=detail,
            request=request,
        )


def confirm_packet(*, acting_user: Actor, packet: Packet, request: Any = None) -> Packet:
    """Freeze the de-identified text and delete the originals (and the date offset's seed)."""
    with transaction.atomic():
        packet = _require_draft(acting_user, packet)
        texts = access.texts_of(packet)
        pieces = pieces_of(packet, texts)
        kinds: Counter[str] = Counter()
        for text, piece in zip(texts, pieces, strict=True):
            kinds.update(m.kind for m in piece.marks if not m.restored)
            text.deidentified = piece.text
            text.original = ""
            text.save(update_fields=["deidentified", "original"])
        packet.status = PacketStatus.CONFIRMED
        packet.confirmed_at = timezone.now()
        packet.seed = None
        packet.also_remove = ""
        packet.save(update_fields=["status", "confirmed_at", "seed", "also_remove"])
        record(
            actor=acting_user,
            action="confirm",
            target=packet,
            summary="Consultation packet confirmed; only the de-identified text is kept",
            detail={
                "case_id": packet.case_id,
                "replaced": dict(sorted(kinds.items())),
                "restored": packet.restorations.count(),
            },
            request=request,
        )
    return packet


def discard_draft(*, acting_user: Actor, packet: Packet, request: Any = None) -> None:
    """Delete a draft and everything it held."""
    with transaction.atomic():
        packet = _require_draft(acting_user, packet)
        record(
            actor=acting_user,
            action="delete",
            target=packet,
            summary="Consultation packet draft discarded",
            detail={"case_id": packet.case_id},
            request=request,
        )
        packet.delete()


def share_packet(
    *,
    acting_user: Actor,
    packet: Packet,
    supervisor: Any = None,
    peer_group: PeerGroup | None = None,
    request: Any = None,
) -> Share:
    """Share a confirmed packet with one supervisor or one of the author's peer groups."""
    if (supervisor is None) == (peer_group is None):
        raise ValidationError(_("Choose one supervisor or one peer group."))
    with transaction.atomic():
        packet = Packet.objects.select_for_update().get(pk=packet.pk)
        if packet.author_id != getattr(acting_user, "pk", None) or not access.builds_packets(
            acting_user
        ):
            raise PermissionDenied
        if packet.is_draft:
            raise ValidationError(_("Confirm the de-identified text before sharing it."))
        if supervisor is not None:
            _check_supervisor(packet, supervisor)
        if peer_group is not None:
            _check_group(acting_user, packet, peer_group)
        share = Share.objects.create(
            packet=packet, supervisor=supervisor, peer_group=peer_group, shared_by=acting_user
        )
        record(
            actor=acting_user,
            action="share",
            target=packet,
            summary="Consultation packet shared (de-identified text only)",
            detail={
                "share_id": share.pk,
                "supervisor_id": getattr(supervisor, "pk", None),
                "peer_group_id": getattr(peer_group, "pk", None),
            },
            request=request,
        )
    return share


def _check_supervisor(packet: Packet, supervisor: Any) -> None:
    if packet.audience != Audience.SUPERVISOR:
        raise ValidationError({"supervisor": _("This packet was prepared for a peer group.")})
    if getattr(supervisor, "role", None) != Role.SUPERVISOR or not supervisor.is_active:
        raise ValidationError({"supervisor": _("Choose an active supervisor.")})
    if packet.shares.filter(supervisor=supervisor).exists():
        raise ValidationError({"supervisor": _("Already shared with this supervisor.")})


def _check_group(user: Actor, packet: Packet, group: PeerGroup) -> None:
    if packet.audience != Audience.PEER_GROUP:
        raise ValidationError({"peer_group": _("This packet was prepared for a supervisor.")})
    member = account(user)
    if member is None or not group.members.filter(pk=member.pk).exists():
        raise ValidationError({"peer_group": _("Choose a peer group you belong to.")})
    if packet.shares.filter(peer_group=group).exists():
        raise ValidationError({"peer_group": _("Already shared with this group.")})


def create_peer_group(
    *, acting_user: Actor, name: str, members: Sequence[Any], request: Any = None
) -> PeerGroup:
    """A peer consultation group; its creator is always a member."""
    if not access.builds_packets(acting_user):
        raise PermissionDenied
    name = " ".join(name.split())
    if not 2 <= len(name) <= 200:
        raise ValidationError({"name": _("Give the group a name (2 to 200 characters).")})
    if PeerGroup.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("A group with this name exists.")})
    allowed = set(access.colleagues().values_list("pk", flat=True))
    if any(m.pk not in allowed for m in members):
        raise ValidationError({"members": _("Members are active clinicians and supervisors.")})
    with transaction.atomic():
        group = PeerGroup.objects.create(name=name, created_by=acting_user)
        group.members.set({acting_user.pk, *(m.pk for m in members)})
        record(
            actor=acting_user,
            action="create",
            target=group,
            summary="Peer consultation group created",
            detail={"member_ids": sorted(group.members.values_list("pk", flat=True))},
            request=request,
        )
    return group
