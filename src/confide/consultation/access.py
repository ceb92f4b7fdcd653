"""Every read for consultation packets, with the permission check built in.

Who sees what:
- a clinician assigned to a case builds packets from it, picking from the notes the records
  app lets them see; only segments a supervisor of the case could see go into a packet (never
  a private segment: DESIGN invariant 1), and never a psychotherapy note (invariant 2);
- the author sees their own packets; a draft (which holds the original text) only while they
  are still assigned to its case;
- a supervisor sees the confirmed packets shared with them, a peer group's members those
  shared with the group: the de-identified text and nothing of the case;
- missing and forbidden look the same: `Http404`. Anyone else gets nothing (fail closed).

These functions write no audit events; the view showing the data writes one per page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeGuard

from django.db.models import Q, QuerySet
from django.http import Http404

from confide.accounts.models import Role, User
from confide.accounts.roles import has_role
from confide.accounts.types import Viewer
from confide.consultation.models import Packet, PacketStatus, PacketText, PeerGroup, Restoration
from confide.practice.models import Case
from confide.records import access as records_access
from confide.records.models import Note, Segment
from confide.records.visibility import ViewerFacts, ViewerKind


def _role(user: Viewer) -> str | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return getattr(user, "role", None)


def builds_packets(user: Viewer) -> TypeGuard[User]:
    return has_role(user, Role.CLINICIAN)


def receives_packets(user: Viewer) -> TypeGuard[User]:
    return has_role(user, Role.CLINICIAN, Role.SUPERVISOR)


# Cases and notes a packet is built from --------------------------------------------------


def cases_for(user: Viewer) -> QuerySet[Case]:
    """The cases a clinician may build a packet from: those they are assigned to (in the
    order they were opened: titles are sealed at rest, so the database cannot sort them)."""
    return records_access.assigned_cases(user).order_by("pk")


def get_case(user: Viewer, pk: Any) -> Case:
    """A case the user is assigned to (emergency access reads notes, never shares them)."""
    sight = records_access.get_case(user, pk)
    if sight.viewer.kind != ViewerKind.CLINICIAN:
        raise Http404("No such case")
    return sight.case


@dataclass(frozen=True)
class NoteChoice:
    """A note as a packet may use it: the segments fit to share, and how many were left out."""

    note: Note
    segments: list[Segment]
    withheld: int

    @property
    def text(self) -> str:
        return note_text(self.segments)


def note_text(segments: list[Segment]) -> str:
    """A note's shareable segments as one text, each line naming who said it (the names are
    known identifiers, so they become roles: "[Mother]: ...")."""
    return "\n\n".join(f"{s.discloser_name}: {s.text}" for s in segments)


def shareable_notes(user: Viewer, case: Case) -> list[NoteChoice]:
    """The case's progress notes with what the user sees of each, limited to what a supervisor
    of the case could see (never a private segment). Notes with nothing to share are left out."""
    sight = records_access.get_case(user, case.pk)
    if sight.viewer.kind != ViewerKind.CLINICIAN:
        raise Http404("No such case")
    supervisor = ViewerFacts(ViewerKind.SUPERVISOR, None, frozenset({case.pk}))
    choices = []
    for note in records_access.notes_of(sight):
        seen = records_access.shown_segments(note, sight.viewer)
        fit = {s.pk for s in records_access.shown_segments(note, supervisor)}
        segments = [s for s in seen if s.pk in fit]
        if segments:
            choices.append(NoteChoice(note, segments, len(seen) - len(segments)))
    return choices


# Packets ----------------------------------------------------------------------------------


def own_packets(user: Viewer) -> QuerySet[Packet]:
    if not builds_packets(user):
        return Packet.objects.none()
    return Packet.objects.filter(author=user).select_related("case")


def get_own_packet(user: Viewer, pk: Any) -> Packet:
    """The user's own packet; a draft only while they are still assigned to its case."""
    try:
        packet = own_packets(user).get(pk=pk)
    except (Packet.DoesNotExist, ValueError, TypeError):
        raise Http404("No such packet") from None
    if packet.is_draft:
        if packet.case_id is None:
            raise Http404("No such packet")
        get_case(user, packet.case_id)
    return packet


def shared_packets(user: Viewer) -> QuerySet[Packet]:
    """Confirmed packets shared with the user, directly (a supervisor) or through a group."""
    role = _role(user)
    if role not in (Role.CLINICIAN, Role.SUPERVISOR):
        return Packet.objects.none()
    mine = Q(shares__peer_group__members=user)
    if role == Role.SUPERVISOR:
        mine |= Q(shares__supervisor=user)
    ids = Packet.objects.filter(mine, status=PacketStatus.CONFIRMED).values("pk")
    return Packet.objects.filter(pk__in=ids).select_related("author")


def get_shared_packet(user: Viewer, pk: Any) -> Packet:
    try:
        return shared_packets(user).get(pk=pk)
    except (Packet.DoesNotExist, ValueError, TypeError):
        raise Http404("No such packet") from None


def texts_of(packet: Packet) -> list[PacketText]:
    return list(packet.texts.order_by("position", "pk"))


def restorations_of(packet: Packet) -> list[Restoration]:
    return list(packet.restorations.all())


def shares_of(packet: Packet) -> list[Any]:
    return list(packet.shares.select_related("supervisor", "peer_group"))


# Recipients a packet may go to ------------------------------------------------------------


def supervisors() -> QuerySet[User]:
    return User.objects.filter(role=Role.SUPERVISOR, is_active=True).order_by(
        "last_name", "first_name", "pk"
    )


def peer_groups_of(user: Viewer) -> QuerySet[PeerGroup]:
    """The groups a clinician belongs to: the ones they may share with."""
    if not receives_packets(user):
        return PeerGroup.objects.none()
    return PeerGroup.objects.filter(members=user).prefetch_related("members")


def colleagues() -> QuerySet[User]:
    """Who may join a peer group: active clinicians and supervisors."""
    return User.objects.filter(role__in=(Role.CLINICIAN, Role.SUPERVISOR), is_active=True).order_by(
        "last_name", "first_name", "pk"
    )
