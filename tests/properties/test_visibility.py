"""DESIGN invariants 1 and 2 over thousands of generated cases, participants, agreements,
segments, viewers and release grants, on the pure rule; and a smaller run through the
database, the actions and the portal adapter."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confide.records.visibility import (
    CASE,
    CLINICAL,
    LABELS,
    PRIVATE,
    PROGRESS,
    PSYCHOTHERAPY,
    NoteFacts,
    ReleaseGrant,
    SegmentFacts,
    ViewerFacts,
    ViewerKind,
    can_see,
    hidden_count,
    visible_segments,
)

CASES = (1, 2, 3)
# Participants 1-9: three per case (participant p belongs to case (p - 1) // 3 + 1).
PARTICIPANTS = tuple(range(1, 10))
USERS = (1, 2, 3, 4)
ODD_LABELS = ("public", "", "PRIVATE")


def case_of(participant: int) -> int:
    return (participant - 1) // 3 + 1


@dataclass(frozen=True)
class World:
    """A note of one case, written under each participant's agreement choice."""

    note: NoteFacts
    agreement: dict[int, str]


@st.composite
def worlds(draw: st.DrawFn) -> World:
    case_id = draw(st.sampled_from(CASES))
    members = [p for p in PARTICIPANTS if case_of(p) == case_id]
    agreement = {p: draw(st.sampled_from(LABELS)) for p in members}
    kind = draw(st.sampled_from((PROGRESS, PROGRESS, PSYCHOTHERAPY)))
    author = draw(st.sampled_from(USERS))
    note_id = draw(st.integers(1, 5))
    segments = []
    for seg_id in range(1, draw(st.integers(1, 8)) + 1):
        discloser = draw(st.sampled_from([None, *members]))
        default = CLINICAL if discloser is None else agreement[discloser]
        # Usually the agreement's default; sometimes the clinician's change or a bad value.
        label = draw(
            st.one_of(
                st.just(default),
                st.sampled_from(LABELS),
                st.sampled_from(ODD_LABELS),
            )
        )
        segments.append(
            SegmentFacts(note_id * 100 + seg_id, note_id, case_id, kind, author, discloser, label)
        )
    return World(NoteFacts(note_id, case_id, kind, author, tuple(segments)), agreement)


viewers = st.builds(
    ViewerFacts,
    kind=st.sampled_from(list(ViewerKind)),
    user_id=st.one_of(st.none(), st.sampled_from(USERS)),
    case_ids=st.frozensets(st.sampled_from(CASES)),
    participant_ids=st.frozensets(st.sampled_from(PARTICIPANTS), max_size=3),
)

grants = st.one_of(
    st.none(),
    st.builds(
        ReleaseGrant,
        basis=st.lists(
            st.tuples(st.sampled_from(["", "45 CFR 164.508", "CA Civ 56.10"]), st.just("")),
            max_size=2,
        ).map(tuple),
        segment_ids=st.frozensets(st.integers(100, 520), max_size=6),
        note_ids=st.frozensets(st.integers(1, 5), max_size=2),
        labels=st.frozensets(st.sampled_from([*LABELS, *ODD_LABELS]), max_size=3),
        psychotherapy_notes=st.booleans(),
    ),
)


def _has_basis(grant: ReleaseGrant | None) -> bool:
    return grant is not None and any(rule or cite for rule, cite in grant.basis)


def _in_release(segment: SegmentFacts, grant: ReleaseGrant | None) -> bool:
    return (
        grant is not None
        and _has_basis(grant)
        and (
            segment.segment_id in grant.segment_ids
            or (segment.note_id in grant.note_ids and segment.label in grant.labels)
        )
    )


@settings(max_examples=2000, deadline=None)
@given(worlds(), viewers, grants)
def test_a_private_segment_reaches_no_one_but_its_discloser_and_the_clinicians(
    world: World, viewer: ViewerFacts, grant: ReleaseGrant | None
) -> None:
    """Invariant 1."""
    for segment in visible_segments(world.note, viewer, grant):
        if segment.label != PRIVATE:
            continue
        if viewer.kind == ViewerKind.PARTICIPANT:
            assert segment.discloser_id is not None
            assert segment.discloser_id in viewer.participant_ids
        elif viewer.kind == ViewerKind.RECIPIENT:
            assert _in_release(segment, grant)
            # ...and only in that release: without the grant the recipient sees nothing.
            assert not can_see(segment, viewer, None)
        else:
            assert viewer.kind in (ViewerKind.CLINICIAN, ViewerKind.EMERGENCY)
            assert segment.case_id in viewer.case_ids


@settings(max_examples=2000, deadline=None)
@given(worlds(), viewers, grants)
def test_psychotherapy_notes_never_leave_their_authors_view(
    world: World, viewer: ViewerFacts, grant: ReleaseGrant | None
) -> None:
    """Invariant 2."""
    for segment in visible_segments(world.note, viewer, grant):
        if segment.note_kind != PSYCHOTHERAPY:
            continue
        author_sees = (
            viewer.kind == ViewerKind.CLINICIAN
            and viewer.user_id == segment.author_id
            and segment.case_id in viewer.case_ids
        )
        authorized = (
            viewer.kind == ViewerKind.RECIPIENT
            and grant is not None
            and grant.psychotherapy_notes
            and _in_release(segment, grant)
        )
        assert author_sees or authorized


@settings(max_examples=2000, deadline=None)
@given(worlds(), viewers, grants)
def test_what_each_viewer_sees_follows_the_labels_and_fails_closed(
    world: World, viewer: ViewerFacts, grant: ReleaseGrant | None
) -> None:
    shown = visible_segments(world.note, viewer, grant)
    assert hidden_count(world.note, viewer, grant) == len(world.note.segments) - len(shown)
    for segment in world.note.segments:
        seen = segment in shown
        if segment.label not in LABELS:
            assert not seen
            continue
        on_case = segment.case_id in viewer.case_ids
        if segment.note_kind == PSYCHOTHERAPY or viewer.kind == ViewerKind.RECIPIENT:
            continue  # covered by the invariants above
        if viewer.kind in (ViewerKind.STAFF, ViewerKind.RELATED_PERSON):
            assert not seen
        elif viewer.kind in (ViewerKind.CLINICIAN, ViewerKind.EMERGENCY):
            assert seen == on_case
        elif viewer.kind == ViewerKind.PARTICIPANT:
            own = segment.discloser_id in viewer.participant_ids
            expected = on_case and (segment.label == CASE or (segment.label == PRIVATE and own))
            assert seen == expected
        elif viewer.kind == ViewerKind.SUPERVISOR:
            assert seen == (on_case and segment.label in (CASE, CLINICAL))


@settings(max_examples=500, deadline=None)
@given(worlds(), viewers)
def test_a_grant_never_widens_what_anyone_but_a_recipient_sees(
    world: World, viewer: ViewerFacts
) -> None:
    everything = ReleaseGrant(
        basis=(("rule", "citation"),),
        note_ids=frozenset({world.note.note_id}),
        labels=frozenset(LABELS),
        psychotherapy_notes=True,
    )
    if viewer.kind != ViewerKind.RECIPIENT:
        assert visible_segments(world.note, viewer, everything) == visible_segments(
            world.note, viewer
        )


def test_an_empty_basis_covers_nothing() -> None:
    segment = SegmentFacts(1, 1, 1, PROGRESS, 1, 2, CASE)
    grant = ReleaseGrant(basis=(("", ""),), segment_ids=frozenset({1}))
    assert not can_see(segment, ViewerFacts.recipient(), grant)
    assert can_see(segment, ViewerFacts.recipient(), ReleaseGrant((("r", ""),), frozenset({1})))


# Through the database: actions write, the portal adapter reads -------------------------


@pytest.mark.django_db
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    choices=st.tuples(*[st.sampled_from(LABELS)] * 3),
    overrides=st.lists(st.sampled_from(["", *LABELS]), min_size=1, max_size=6),
    speakers=st.lists(st.integers(0, 3), min_size=6, max_size=6),
)
def test_the_portal_shows_each_participant_what_the_rule_allows(
    choices: tuple[str, str, str], overrides: list[str], speakers: list[int]
) -> None:
    from confide.records import access, actions
    from confide.records.actions import SegmentInput
    from tests.web.test_records_fixtures import make_family, make_user, portal_user

    with transaction.atomic():
        family = make_family(make_user("prop.rivera"), labels=choices, surname="Prop")
        people = family.participants
        inputs = [
            SegmentInput(
                text=f"segment {n} words",
                discloser=people[speakers[n]] if speakers[n] < 3 else None,
                label=label,
            )
            for n, label in enumerate(overrides)
        ]
        note = actions.write_note(acting_user=family.clinician, case=family.case, segments=inputs)
        stored = list(note.segments.order_by("position"))
        for participant in people:
            user = portal_user(participant)
            shown = {s.pk for _, segs in access.portal_notes(user) for s in segs}
            for segment in stored:
                own = segment.discloser_id == participant.pk
                expected = segment.label == CASE or (segment.label == PRIVATE and own)
                assert (segment.pk in shown) == expected
                if segment.label == PRIVATE and segment.discloser_id is not None and not own:
                    assert segment.pk not in shown
            # An unset label took the speaker's agreement choice.
            for inp, segment in zip(inputs, stored, strict=True):
                if not inp.label:
                    want = (
                        CLINICAL if inp.discloser is None else choices[people.index(inp.discloser)]
                    )
                    assert segment.label == want
        transaction.set_rollback(True)
