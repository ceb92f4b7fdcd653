"""Every read of notes goes through here: who is looking (as `ViewerFacts`), and only what
`records.visibility` lets them see. Missing and forbidden look the same: `Http404`.

Who reaches notes at all:
- a clinician assigned to the case (all progress-note segments; their own psychotherapy notes);
- a clinician under active emergency access (progress notes, audited, time-limited);
- a participant through the portal (what the labels allow them);
- nobody else. Administrators, privacy officers and supervisors have no note pages: there is
  no supervision assignment yet, so a supervisor's facts name no case and show nothing.

These functions write no audit events; the view that shows the data writes one per page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from confide.accounts.models import Role
from confide.accounts.roles import has_role
from confide.accounts.types import Viewer
from confide.blindindex import fold
from confide.practice import access as practice_access
from confide.practice.models import Case, Participant, Session
from confide.practice.vocabulary import CaseStatus
from confide.records.models import EmergencyAccess, Note, NoteStatus, PsychotherapyNote, Segment
from confide.records.note_search import Matcher, terms
from confide.records.visibility import (
    PROGRESS,
    ReleaseGrant,
    SegmentFacts,
    ViewerFacts,
    ViewerKind,
    can_see,
    visible_segments,
)


def active_emergency(user: Viewer, case: Case | int) -> EmergencyAccess | None:
    """The user's emergency access to this case in force right now, if any."""
    if not has_role(user, Role.CLINICIAN):
        return None
    case_id = case if isinstance(case, int) else case.pk
    now = timezone.now()
    return (
        EmergencyAccess.objects.filter(
            case_id=case_id, clinician=user, opened_at__lte=now, expires_at__gt=now
        )
        .order_by("-expires_at")
        .first()
    )


def viewer_for(user: Viewer, case: Case) -> ViewerFacts:
    """The Django-side adapter: what the visibility rule needs to know about `user`."""
    if has_role(user, Role.CLINICIAN):
        if case.clinicians.filter(pk=user.pk).exists():
            return ViewerFacts(ViewerKind.CLINICIAN, user.pk, frozenset({case.pk}))
        if active_emergency(user, case) is not None:
            return ViewerFacts(ViewerKind.EMERGENCY, user.pk, frozenset({case.pk}))
        return ViewerFacts(ViewerKind.STAFF, user.pk)
    if has_role(user, Role.CLIENT):
        mine = frozenset(
            Participant.objects.filter(case=case, client__portal_user=user).values_list(
                "pk", flat=True
            )
        )
        cases = frozenset({case.pk}) if mine else frozenset()
        return ViewerFacts(ViewerKind.PARTICIPANT, user.pk, cases, mine)
    if has_role(user, Role.SUPERVISOR):
        return ViewerFacts(ViewerKind.SUPERVISOR, user.pk)
    return ViewerFacts(ViewerKind.STAFF, getattr(user, "pk", None))


@dataclass(frozen=True)
class CaseSight:
    """A case as a clinician reaches its notes: how, and under which emergency access."""

    case: Case
    viewer: ViewerFacts
    emergency: EmergencyAccess | None = None

    @property
    def is_emergency(self) -> bool:
        return self.viewer.kind == ViewerKind.EMERGENCY


def get_case(user: Viewer, pk: Any) -> CaseSight:
    """A case whose notes the user may open: the sight rule (`practice.access.cases_seen`:
    assigned clinician, or emergency access), then how they see it."""
    case = practice_access.case_in_sight(user, pk)
    viewer = viewer_for(user, case)
    if viewer.kind not in (ViewerKind.CLINICIAN, ViewerKind.EMERGENCY):
        raise Http404("No such case")
    emergency = active_emergency(user, case) if viewer.kind == ViewerKind.EMERGENCY else None
    return CaseSight(case, viewer, emergency)


def writable_case(user: Viewer, pk: Any) -> Case:
    """Only an assigned clinician writes notes (emergency access reads, never writes)."""
    sight = get_case(user, pk)
    if sight.viewer.kind != ViewerKind.CLINICIAN:
        raise Http404("No such case")
    return sight.case


def _with_segments(notes: QuerySet[Note]) -> QuerySet[Note]:
    segments = Segment.objects.select_related("discloser__client").order_by("position", "pk")
    return notes.select_related("session", "author").prefetch_related(
        Prefetch("segments", queryset=segments)
    )


def readable_notes(user: Viewer) -> Q:
    """Signed notes, and the user's own drafts: a draft is its author's work in progress,
    not yet part of the record, so colleagues, emergency access and the portal never see it."""
    signed = Q(status=NoteStatus.SIGNED)
    user_id = getattr(user, "pk", None)
    return signed if user_id is None else signed | Q(author_id=user_id)


def notes_of(sight: CaseSight, user: Viewer = None) -> list[Note]:
    notes = Note.objects.filter(case=sight.case).filter(readable_notes(user))
    return list(_with_segments(notes))


def get_note(user: Viewer, pk: Any) -> tuple[Note, CaseSight]:
    try:
        note = _with_segments(Note.objects.filter(readable_notes(user))).get(pk=pk)
    except (Note.DoesNotExist, ValueError, TypeError):
        raise Http404("No such note") from None
    return note, get_case(user, note.case_id)


def editable_draft(user: Viewer, pk: Any) -> Note:
    """A draft the user may rework: their own, on a case they write notes for."""
    note, sight = get_note(user, pk)
    mine = has_role(user, Role.CLINICIAN) and note.author_id == user.pk
    if sight.viewer.kind != ViewerKind.CLINICIAN or not note.is_draft or not mine:
        raise Http404("No such draft")
    return note


def signed_note_for_addendum(user: Viewer, pk: Any) -> Note:
    """A signed note an assigned clinician may append an addendum to."""
    note, sight = get_note(user, pk)
    if sight.viewer.kind != ViewerKind.CLINICIAN or note.is_draft:
        raise Http404("No such note")
    return note


def get_segment(user: Viewer, pk: Any) -> tuple[Segment, CaseSight]:
    try:
        segment = Segment.objects.select_related("note", "discloser__client").get(pk=pk)
    except (Segment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such segment") from None
    sight = get_case(user, segment.note.case_id)
    if not can_see(segment.facts(), sight.viewer):
        raise Http404("No such segment")
    return segment, sight


def shown_segments(
    note: Note | PsychotherapyNote, viewer: ViewerFacts, grant: ReleaseGrant | None = None
) -> list[Any]:
    """The rows of `note` the viewer may see: the only way note content reaches a page."""
    return [facts.ref for facts in visible_segments(note, viewer, grant)]


def psychotherapy_notes_of(user: Viewer, sight: CaseSight) -> list[PsychotherapyNote]:
    if not has_role(user, Role.CLINICIAN):
        return []
    notes = PsychotherapyNote.objects.filter(case=sight.case, author=user)
    return [n for n in notes if visible_segments(n, sight.viewer)]


def get_psychotherapy_note(user: Viewer, pk: Any) -> PsychotherapyNote:
    try:
        note = PsychotherapyNote.objects.select_related("case", "session").get(pk=pk)
    except (PsychotherapyNote.DoesNotExist, ValueError, TypeError):
        raise Http404("No such note") from None
    if not visible_segments(note, viewer_for(user, note.case)):
        raise Http404("No such note")
    return note


def sessions_of(case: Case) -> QuerySet[Session]:
    return Session.objects.filter(case=case).order_by("-starts_at")


def session_of(case: Case, pk: Any) -> Session | None:
    """A session of this case by id (a link's `?session=`), None if it is not one of them."""
    try:
        return sessions_of(case).filter(pk=int(pk)).first() if pk else None
    except (ValueError, TypeError):
        return None


def participants_of(case: Case) -> list[Participant]:
    return list(Participant.objects.filter(case=case).select_related("client"))


# The note list: filters run on plaintext metadata only ----------------------------------


@dataclass(frozen=True)
class NoteFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    client_id: int | None = None
    label: str = ""
    status: str = ""  # "draft" (the user's own drafts) or "signed"; "" for both


def assigned_cases(user: Viewer) -> QuerySet[Case]:
    """The cases whose notes the user writes and lists: the sight rule's writable cases."""
    return practice_access.cases_seen(user, write=True)


NOTES_PER_PAGE = 50
Row = tuple[Note, list[Segment]]


def note_list(user: Viewer, filters: NoteFilter, page: Any = 1) -> tuple[Page[Note], list[Row]]:
    """One page of the user's notes (assigned cases only) matching the filters, with the
    segments they may see. Only metadata is listed, so segment text is never decrypted here."""
    notes = Note.objects.filter(case__in=assigned_cases(user)).filter(readable_notes(user))
    if filters.date_from:
        notes = notes.filter(written_on__gte=filters.date_from)
    if filters.date_to:
        notes = notes.filter(written_on__lte=filters.date_to)
    if filters.client_id:
        by_client = Q(segments__discloser__client_id=filters.client_id)
        notes = notes.filter(by_client)
    if filters.label:
        notes = notes.filter(segments__label=filters.label)
    if filters.status in NoteStatus.values:
        notes = notes.filter(status=filters.status)
    segments = (
        Segment.objects.select_related("discloser__client").defer("text").order_by("position", "pk")
    )
    listed = notes.distinct().select_related("case", "session", "author")
    listed = listed.prefetch_related(Prefetch("segments", queryset=segments))
    one_page = Paginator(listed, NOTES_PER_PAGE).get_page(page)
    rows = []
    viewer_pk = user.pk if user is not None else None
    for note in one_page.object_list:
        viewer = ViewerFacts(ViewerKind.CLINICIAN, viewer_pk, frozenset({note.case_id}))
        rows.append((note, shown_segments(note, viewer)))
    return one_page, rows


def my_drafts(user: Viewer) -> tuple[int, dt.date | None]:
    """How many drafts the clinician has yet to sign, and the date of the oldest."""
    if not has_role(user, Role.CLINICIAN):
        return 0, None
    found = Note.objects.filter(
        author=user, status=NoteStatus.DRAFT, case__in=assigned_cases(user)
    ).aggregate(n=Count("pk"), oldest=Min("written_on"))
    return int(found["n"] or 0), found["oldest"]


def filter_clients(user: Viewer) -> list[Participant]:
    """Participants of the user's cases, one per client, for the participant filter."""
    seen: dict[int, Participant] = {}
    for p in Participant.objects.filter(case__in=assigned_cases(user)).select_related("client"):
        seen.setdefault(p.client_id, p)
    return sorted(seen.values(), key=lambda p: p.client.display_name)


# Full-text search over the clinician's own notes ----------------------------------------

SEARCH_LIMIT = 50
TEXT_BATCH = 900  # ids per query: under SQLite's bound-parameter limit


@dataclass(frozen=True)
class NoteHit:
    note: Note
    snippet: str


def search_notes(user: Viewer, query: str, limit: int = SEARCH_LIMIT) -> tuple[list[NoteHit], int]:
    """Notes of the user's cases whose visible text holds every word of `query`, newest
    first (at most `limit`), and how many matched in all.

    Text is sealed, so this decrypts in Python, and only what the user may see: first the
    segments' plain metadata is checked against the visibility rule, then only the segments
    that pass are read (and so decrypted), in batches."""
    matcher = Matcher(terms(query))
    if not matcher.words or not has_role(user, Role.CLINICIAN):
        return [], 0
    cases = assigned_cases(user)
    viewer = ViewerFacts(
        ViewerKind.CLINICIAN, user.pk, frozenset(cases.values_list("pk", flat=True))
    )
    readable = Segment.objects.filter(note__case__in=cases).filter(
        Q(note__status=NoteStatus.SIGNED) | Q(note__author=user)
    )
    rows = readable.order_by("-note__written_on", "-note_id", "position").values_list(
        "pk", "note_id", "note__case_id", "note__author_id", "discloser_id", "label"
    )
    order: list[int] = []
    visible: list[int] = []
    checked = 0
    for seg_id, note_id, case_id, author_id, discloser_id, label in rows.iterator(2000):
        checked += 1
        facts = SegmentFacts(seg_id, note_id, case_id, PROGRESS, author_id, discloser_id, label)
        if can_see(facts, viewer):
            visible.append(seg_id)
            if not order or order[-1] != note_id:
                order.append(note_id)
    texts: dict[int, list[tuple[str, str]]] = {}
    if len(visible) == checked:
        # Every readable segment passed (the usual case for an assigned clinician): read
        # exactly that set again, with its text, instead of naming thousands of ids.
        batches = [readable]
    else:
        batches = [
            Segment.objects.filter(pk__in=visible[start : start + TEXT_BATCH])
            for start in range(0, len(visible), TEXT_BATCH)
        ]
    allowed = set(visible)  # a segment written since the first pass was never checked
    for batch in batches:
        for seg_id, note_id, text in batch.order_by("position").values_list(
            "pk", "note_id", "text"
        ):
            if seg_id in allowed:
                texts.setdefault(note_id, []).append(_fold_fast(text))
    matched = [n for n in order if matcher.matches("\n".join(f for f, _ in texts.get(n, [])))]
    shown = matched[:limit]
    notes = Note.objects.select_related("case").in_bulk(shown)
    hits = []
    for note_id in shown:
        parts = texts[note_id]
        text = next((t for f, t in parts if matcher.matches(f)), parts[0][1])
        hits.append(NoteHit(notes[note_id], matcher.snippet(text)))
    return hits, len(matched)


def _fold_fast(text: str) -> tuple[str, str]:
    """(folded, original): ASCII text only needs casefolding, which is most of the time
    spent otherwise (Unicode decomposition character by character)."""
    return (text.casefold() if text.isascii() else fold(text)), text


def hit_client_ids(hits: list[NoteHit]) -> list[int]:
    """The clients of the cases a search result names (for the page's audit event)."""
    case_ids = {h.note.case_id for h in hits}
    found = Participant.objects.filter(case_id__in=case_ids).values_list("client_id", flat=True)
    return sorted(set(found))


# The portal ------------------------------------------------------------------------------


def portal_notes(user: Viewer) -> list[tuple[Note, list[Segment]]]:
    """Notes of the client's cases that hold at least one segment shared with them."""
    if not has_role(user, Role.CLIENT):
        raise Http404
    cases = Case.objects.filter(participants__client__portal_user=user).distinct()
    result = []
    for case in cases:
        viewer = viewer_for(user, case)
        signed = Note.objects.filter(case=case, status=NoteStatus.SIGNED)
        for note in _with_segments(signed.select_related("case")):
            shown = shown_segments(note, viewer)
            if shown:
                result.append((note, shown))
    return result


# Emergency access -----------------------------------------------------------------------


def emergency_cases(user: Viewer, last_name: str, date_of_birth: dt.date) -> list[Case]:
    """Open cases of a client named exactly, which the clinician is not assigned to."""
    if not has_role(user, Role.CLINICIAN):
        return []
    from confide.practice.search import clients_named  # names are sealed: the blind index

    return list(
        Case.objects.filter(
            status=CaseStatus.OPEN,
            participants__client__in=clients_named(last_name, date_of_birth),
        )
        .exclude(clinicians=user)
        .distinct()
    )


def my_emergency_accesses(user: Viewer) -> list[EmergencyAccess]:
    if not has_role(user, Role.CLINICIAN):
        return []
    now = timezone.now()
    return list(
        EmergencyAccess.objects.filter(clinician=user, expires_at__gt=now).select_related("case")
    )


def unacknowledged_emergencies(user: Viewer) -> list[EmergencyAccess]:
    """For the privacy officer: every emergency access nobody has reviewed yet."""
    if not has_role(user, Role.PRIVACY_OFFICER):
        return []
    return list(
        EmergencyAccess.objects.filter(acknowledged_at__isnull=True).select_related(
            "case", "clinician"
        )
    )


def get_emergency_for_review(user: Viewer, pk: Any) -> EmergencyAccess:
    if not has_role(user, Role.PRIVACY_OFFICER):
        raise Http404
    try:
        return EmergencyAccess.objects.select_related("case", "clinician").get(pk=pk)
    except (EmergencyAccess.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
