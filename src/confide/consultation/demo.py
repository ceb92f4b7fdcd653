"""Demo data for consultation: the practice's peer group, and one packet about the Nguyen
family that dr.chen de-identified, confirmed and shared with the demo supervisor. Written
through `actions`, found by name, and added only once."""

from __future__ import annotations

from django.db import transaction

from confide.accounts.models import User
from confide.consultation import access, actions
from confide.consultation.build import pieces_of
from confide.consultation.models import Packet, PeerGroup
from confide.consultation.packing import ENGINE
from confide.practice.demo import is_demo_practice
from confide.practice.models import Case
from confide.practice.search import find_case

CASE_TITLE = "Nguyen family therapy"
PEER_GROUP = "Harbor Light peer consultation"
QUESTION = (
    "The Nguyens agreed to a no-secrets policy. How do I keep Bao in the conversation when "
    "his parents and his sister fill the sessions?"
)
SUMMARY = (
    "Minh and Lan Nguyen came with Anh (17) and Bao (14) after Anh stopped going to school "
    "on March 3. Lan says Minh works nights at the Fremont warehouse and is rarely home; Minh "
    "says Lan reads Anh's messages. Anh told the family she feels watched. Bao is quiet and "
    "says the Nguyens only talk when they argue. Lan asked to be called at (510) 555-0155 "
    "rather than at home. Dr. Chen will see the parents together on March 17."
)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _peer_group(chen: User, rivera: User | None) -> None:
    if PeerGroup.objects.filter(name=PEER_GROUP).exists():
        return
    actions.create_peer_group(
        acting_user=chen, name=PEER_GROUP, members=[rivera] if rivera is not None else []
    )


def _packet(chen: User, supervisor: User, case: Case) -> None:
    if Packet.objects.filter(case=case, author=chen).exists():
        return
    packet = actions.create_packet(
        acting_user=chen,
        case=case,
        audience="supervisor",
        question=QUESTION,
        summary=SUMMARY,
    )
    actions.update_draft(
        acting_user=chen,
        packet=packet,
        also_remove="Fremont warehouse",
        keep_clinicians=False,
        dates="safe_harbor",
    )
    _keep_plain_words(chen, packet)
    actions.confirm_packet(acting_user=chen, packet=packet)
    actions.share_packet(acting_user=chen, packet=packet, supervisor=supervisor)


# Ordinary words a name detector may take for a name here; the demo keeps them, with a reason,
# to show how a clinician corrects the engine.
PLAIN_WORDS = {"fill"}


def _keep_plain_words(chen: User, packet: Packet) -> None:
    texts = access.texts_of(packet)
    for text, piece in zip(texts, pieces_of(packet, texts), strict=True):
        for mark in piece.marks:
            if mark.source == ENGINE and piece.original[mark.start : mark.end] in PLAIN_WORDS:
                actions.restore_span(
                    acting_user=chen,
                    packet=packet,
                    position=text.position,
                    start=mark.start,
                    end=mark.end,
                    reason="Not a name: the ordinary verb in 'fill the sessions'.",
                )


def load_demo() -> None:
    """Add the demo's consultation data to the demo practice (idempotent)."""
    if not is_demo_practice():
        return
    chen, supervisor = _user("dr.chen"), _user("supervisor")
    case = find_case(CASE_TITLE)
    if chen is None or supervisor is None or case is None:
        return
    with transaction.atomic():
        _peer_group(chen, _user("dr.rivera"))
        _packet(chen, supervisor, case)
