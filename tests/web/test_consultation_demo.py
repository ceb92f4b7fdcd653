"""The demo practice's family: every mention of every known identifier in a family-session
note is caught, and the demo loader shares one packet with the demo supervisor, once."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from confide.accounts.models import User
from confide.consultation import actions
from confide.consultation.build import pieces_of
from confide.consultation.demo import load_demo as load_consultation_demo
from confide.consultation.known import known_identifiers
from confide.consultation.models import Packet, PeerGroup
from confide.practice.demo import load_demo as load_practice_demo
from confide.practice.models import Case
from confide.practice.search import find_case
from confide.records import actions as records_actions
from confide.records.actions import SegmentInput
from confide.records.models import Note
from tests.web.test_consultation_fixtures import open_gate
from tests.web.test_records_fixtures import signed_in

pytestmark = pytest.mark.django_db

# Each known identifier of the Nguyen case, in the forms a note really uses.
MENTIONS = {
    "Minh Nguyen": ["Minh Nguyen", "Minh", "MINH", "Minh's", "Mr. Nguyen"],
    "Lan Nguyen": ["Lan Nguyen", "Lan", "Lan's", "Nguyen, Lan"],
    "Anh Nguyen": ["Anh Nguyen", "Anh", "anh's"],
    "Bao Nguyen": ["Bao Nguyen", "Bao", "BAO"],
    "(510) 555-0155": ["(510) 555-0155", "510.555.0155", "510-555-0155"],
    "Michael Chen": ["Michael Chen", "Dr. Chen", "Chen"],
    "Harbor Light Counseling": ["Harbor Light Counseling"],
    "the family name": ["Nguyens", "Nguyen"],
}


TITLE = re.compile(r"(?:Mr|Mrs|Ms|Dr)\.\s+")


@pytest.fixture
def demo() -> Case:
    load_practice_demo(say=lambda *_: None)
    return find_case("Nguyen family therapy")


def note_text() -> list[tuple[str, str]]:
    """(discloser role, text) segments mentioning every form above, in ordinary sentences."""
    return [
        ("father", "Minh Nguyen said work is hard. MINH admitted Minh's temper scares Bao."),
        ("mother", "Lan Nguyen cried. Lan's phone is (510) 555-0155; also 510.555.0155 at work."),
        ("daughter", "Anh Nguyen wants privacy; anh's diary was read by Lan."),
        ("son", "Bao Nguyen said BAO just wants quiet. Mr. Nguyen laughed."),
        (
            "",
            "Nguyen, Lan asked Dr. Chen (Michael Chen) for a letter on Harbor Light Counseling "
            "paper. Chen declined. The Nguyens left at 510-555-0155's reminder. Anh and Bao "
            "hugged. Nguyen family cohesion improved.",
        ),
    ]


def write_demo_note(case: Case) -> Note:
    chen = User.objects.get(username="dr.chen")
    open_gate(case, chen)
    by_role = {p.role_in_case: p for p in case.participants.all()}
    segments = [
        SegmentInput(text=text, discloser=by_role.get(role), label="case")
        for role, text in note_text()
    ]
    return records_actions.write_note(acting_user=chen, case=case, segments=segments)


def test_every_mention_of_every_known_identifier_is_caught(demo: Case) -> None:
    note = write_demo_note(demo)
    chen = User.objects.get(username="dr.chen")
    known = {k.text for k in known_identifiers(demo)}
    assert {"Minh Nguyen", "Lan Nguyen", "Anh Nguyen", "Bao Nguyen", "Michael Chen"} <= known
    assert {"(510) 555-0155", "Harbor Light Counseling"} <= known
    packet = actions.create_packet(acting_user=chen, case=demo, audience="supervisor", notes=[note])
    (piece,) = pieces_of(packet)
    covered = {i for m in piece.marks if not m.restored for i in range(m.start, m.end)}
    checked = 0
    for identifier, forms in MENTIONS.items():
        for form in forms:
            hits = [m.start() for m in re.finditer(re.escape(form), piece.original)]
            assert hits, f"{form!r} is not in the note"
            for start in hits:
                # Neither a title ("Mr.") nor a possessive's "s" is part of the name.
                name = form.split("'")[0]
                title = TITLE.match(name)
                first = start + (title.end() if title else 0)
                letters = [i for i in range(first, start + len(name)) if name[i - start].isalnum()]
                missed = [piece.original[i] for i in letters if i not in covered]
                assert not missed, f"{identifier}: {form!r} at {start} leaks {missed}"
                checked += 1
    assert checked >= 30
    for word in ("Minh", "Lan", "Anh", "Bao", "Nguyen", "Chen", "555", "Harbor"):
        assert word not in piece.text


def test_the_demo_shares_one_packet_with_the_supervisor_once(demo: Case) -> None:
    load_consultation_demo()
    load_consultation_demo()
    packet = Packet.objects.get()
    supervisor = User.objects.get(username="supervisor")
    assert not packet.is_draft
    assert packet.shares.get().supervisor == supervisor
    assert PeerGroup.objects.get().members.count() == 2
    body = signed_in(supervisor).get(reverse("consultation:packet", args=[packet.pk]))
    text = body.content.decode()
    assert body.status_code == 200 and "[Father]" in text and "[Son]" in text
    for word in ("Minh", "Lan ", "Bao", "Nguyen", "Fremont", "555-0155", "March 3"):
        assert word not in text, word
