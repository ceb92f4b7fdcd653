"""Consultation packets: the records become known identifiers; a packet is de-identified as
one; it never removes less than the engine found without a recorded reason; confirming keeps
only the de-identified text; sharing goes to a supervisor or one's own peer group."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from confide.audit.models import AuditEvent
from confide.consultation import actions
from confide.consultation.build import pieces_of
from confide.consultation.known import known_identifiers
from confide.consultation.models import Packet, PacketText, PeerGroup, Restoration, Share
from confide.deid import KnownIdentifier
from confide.practice import actions as practice_actions
from tests.web.test_consultation_fixtures import Setting, make_setting
from tests.web.test_records_fixtures import make_user

pytestmark = pytest.mark.django_db
NAMES = ("Linh", "Minh", "Anh", "Nguyen", "Mai", "Rivera", "555-01")


@pytest.fixture
def setting() -> Setting:
    return make_setting()


def draft(setting: Setting, **extra: object) -> Packet:
    data: dict[str, object] = {"audience": "supervisor", "notes": [setting.note]}
    data.update(extra)
    return actions.create_packet(acting_user=setting.clinician, case=setting.case, **data)  # type: ignore[arg-type]


def raw_column(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")
        return [row[0] for row in cursor.fetchall()]


# known_identifiers ------------------------------------------------------------------------


def test_known_identifiers_name_everyone_in_the_records_by_role(setting: Setting) -> None:
    known = known_identifiers(setting.case)
    assert KnownIdentifier("Linh Nguyen", "person", "mother") in known
    assert KnownIdentifier("Minh Nguyen", "person", "father") in known
    assert KnownIdentifier("Anh Nguyen", "person", "daughter") in known
    assert KnownIdentifier("Mai Tran", "person", "sibling") in known
    assert KnownIdentifier("(510) 555-0188", "phone") in known
    assert KnownIdentifier("(510) 555-0155", "phone") in known
    assert KnownIdentifier("Elena Rivera", "person", "clinician") in known
    assert KnownIdentifier("Harbor Light Counseling", "organization", "practice") in known


def test_group_members_are_numbered_and_preferred_names_are_known() -> None:
    clinician = make_user("chen")
    practice_actions.ensure_practice(
        acting_user=clinician,
        name="Harbor Light Counseling",
        jurisdiction="US-CA",
        licence_types=[],
    )
    people = [
        practice_actions.create_client(
            acting_user=clinician,
            data={
                "first_name": first,
                "last_name": last,
                "preferred_name": preferred,
                "date_of_birth": dt.date(1990, 1, 1),
            },
        )
        for first, last, preferred in [("Priya", "Patel", ""), ("Robert", "Okoro", "Sunny")]
    ]
    group = practice_actions.create_case(
        acting_user=clinician,
        title="Group",
        case_type="group",
        secrets_policy=None,
        participants=[(p, "member") for p in people],
    )
    individual = practice_actions.create_case(
        acting_user=clinician,
        title="Solo",
        case_type="individual",
        secrets_policy=None,
        participants=[people[1]],
    )
    in_group = known_identifiers(group)
    assert KnownIdentifier("Priya Patel", "person", "member 1") in in_group
    assert KnownIdentifier("Robert Okoro", "person", "member 2") in in_group
    assert KnownIdentifier("Sunny", "person", "member 2") in in_group
    assert KnownIdentifier("Robert Okoro", "person", "client") in known_identifiers(individual)


def test_a_family_packet_removes_a_known_participants_nickname_and_everyone_known() -> None:
    """The browser bug: a family note kept "Kev", a known participant's nickname."""
    clinician = make_user("chen")
    colleague = make_user("ortiz")  # staff, not on the case
    colleague.first_name, colleague.last_name = "Dana", "Ortiz"
    colleague.save()
    practice_actions.ensure_practice(
        acting_user=clinician, name="Harbor Light Counseling", jurisdiction="US-CA",
        licence_types=[],
    )  # fmt: skip
    people = [
        practice_actions.create_client(
            acting_user=clinician,
            data={
                "first_name": first,
                "last_name": "Halvorsen",
                "preferred_name": "",
                "date_of_birth": dt.date(1979, 4, 17),
            },
        )
        for first in ("Kevin", "Katherine")
    ]
    family = practice_actions.create_case(
        acting_user=clinician, title="Halvorsen family", case_type="family",
        secrets_policy="no_secrets", participants=[(people[0], "father"), (people[1], "mother")],
    )  # fmt: skip
    summary = (
        "Kev and Kathy came in. kev's mood was low; Kate said the Halvorsens are tired. "
        "K. Halvorsen (DOB 4/17/1979) mentioned Halvorson family rules. Dana Ortiz covered."
    )
    packet = actions.create_packet(
        acting_user=clinician, case=family, audience="supervisor", summary=summary
    )
    text = pieces_of(packet)[0].text
    for gone in ("Kev", "kev", "Kathy", "Kate", "Halvors", "4/17", "Ortiz", "Dana"):
        assert gone not in text, (gone, text)
    assert "[date] 1979" in text


# Drafts -----------------------------------------------------------------------------------


def test_a_draft_replaces_every_name_and_keeps_surrogates_consistent(setting: Setting) -> None:
    packet = draft(setting, summary="Linh Nguyen and Minh Nguyen argue about Anh.")
    pieces = pieces_of(packet)
    assert len(pieces) == 2
    for piece in pieces:
        for name in NAMES:
            assert name not in piece.text
    summary, note = (p.text for p in pieces)
    assert summary.startswith("[Mother] and [Father] argue about [Daughter]")
    assert "[Mother]: [Mother] said [Father] shouts" in note
    assert "Dr. [Clinician]" in note


def test_private_segments_never_go_into_a_packet(setting: Setting) -> None:
    packet = draft(setting)
    original = PacketText.objects.get(packet=packet).original
    assert "Lincoln High" not in original
    assert "skips school" not in original
    assert "shouts when the bills come" in original


def test_originals_of_a_draft_are_encrypted_at_rest(setting: Setting) -> None:
    draft(setting, summary="Linh Nguyen worries.")
    stored = raw_column("consultation_packettext", "original")
    assert stored and all(value.startswith("enc1:") for value in stored)
    assert not any("Nguyen" in value for value in stored)


def test_a_clinician_cannot_restore_a_span_without_a_reason(setting: Setting) -> None:
    packet = draft(setting)
    mark = pieces_of(packet)[0].marks[1]
    events = AuditEvent.objects.count()
    for reason in ("", "   ", "too short"):
        with pytest.raises(ValidationError):
            actions.restore_span(
                acting_user=setting.clinician,
                packet=packet,
                position=1,
                start=mark.start,
                end=mark.end,
                reason=reason,
            )
    assert not Restoration.objects.exists()
    assert AuditEvent.objects.count() == events


def test_only_spans_the_engine_found_can_be_restored(setting: Setting) -> None:
    packet = draft(setting)
    piece = pieces_of(packet)[0]
    taken = {(m.start, m.end) for m in piece.marks}
    wider = (piece.marks[1].start, piece.marks[1].end + 3)
    assert wider not in taken
    with pytest.raises(ValidationError):
        actions.restore_span(
            acting_user=setting.clinician,
            packet=packet,
            position=1,
            start=wider[0],
            end=wider[1],
            reason="The whole stretch is harmless",
        )
    assert not Restoration.objects.exists()


def test_a_restored_span_stays_as_written_with_its_reason_audited(setting: Setting) -> None:
    packet = draft(setting)
    piece = pieces_of(packet)[0]
    shouts = piece.original.index("shouts")
    mark = next(m for m in piece.marks if m.end <= shouts and m.kind == "person")
    kept = piece.original[mark.start : mark.end]
    restoration = actions.restore_span(
        acting_user=setting.clinician,
        packet=packet,
        position=1,
        start=mark.start,
        end=mark.end,
        reason="The supervisor needs the family's surname for cultural context",
    )
    after = pieces_of(Packet.objects.get(pk=packet.pk))[0]
    assert kept in after.text
    assert sum(1 for m in after.marks if m.restored) == 1
    event = AuditEvent.objects.filter(action="change", target_id=str(packet.pk)).latest("seq")
    assert event.detail["restoration_id"] == restoration.pk
    assert kept not in str(event.detail) and kept not in event.summary
    assert raw_column("consultation_restoration", "reason")[0].startswith("enc1:")


def test_also_remove_only_ever_removes_more(setting: Setting) -> None:
    packet = draft(setting, summary="He works at Bayview Hardware on Main Street in Fremont.")
    before = pieces_of(packet)[0]
    actions.update_draft(
        acting_user=setting.clinician,
        packet=packet,
        also_remove="Bayview Hardware\nMain\nbills",
        keep_clinicians=False,
        dates="shift",
    )
    after = pieces_of(Packet.objects.get(pk=packet.pk))
    assert "Bayview" not in after[0].text and "Hardware" not in after[0].text
    assert "bills" not in after[1].text
    covered = {i for m in after[0].marks for i in range(m.start, m.end)}
    assert all(i in covered for m in before.marks for i in range(m.start, m.end))


def test_keep_clinicians_names_is_off_by_default_and_can_be_turned_on(setting: Setting) -> None:
    packet = draft(setting)
    assert "Rivera" not in pieces_of(packet)[0].text
    actions.update_draft(
        acting_user=setting.clinician,
        packet=packet,
        also_remove="",
        keep_clinicians=True,
        dates="redact",
    )
    assert "Dr. Rivera" in pieces_of(Packet.objects.get(pk=packet.pk))[0].text


def test_a_packet_is_safe_harbor_by_default(setting: Setting) -> None:
    """The default keeps only each date's year, dates of birth included; ages over 89 are 90+."""
    summary = "DOB 04/17/1961. Seen 3/4/2025 and on the 11th; her mother is 93 years old."
    packet = draft(setting, summary=summary)
    assert packet.dates == "safe_harbor" and packet.safe_harbor
    assert packet.standard.startswith("HIPAA Safe Harbor")
    text = next(p.text for p in pieces_of(packet) if "DOB" in p.original)
    assert "DOB [date] 1961" in text and "Seen [date] 2025" in text and "the [date]" in text
    assert "90+ years old" in text
    for gone in ("04/17", "3/4", "11th", "93"):
        assert gone not in text


def test_shifted_dates_are_named_as_not_safe_harbor(setting: Setting) -> None:
    packet = draft(setting, summary="Seen 3/4/2025.", dates="shift")
    assert not packet.safe_harbor and packet.standard.startswith("Not Safe Harbor")
    assert "NOT Safe Harbor" in packet.get_dates_display()
    assert "3/4" not in next(p.text for p in pieces_of(packet) if "Seen" in p.original)


def test_dates_move_by_one_offset_across_the_packet(setting: Setting) -> None:
    packet = draft(
        setting,
        summary="Seen 3/4/2025, again 3/18/2025.",
        question="Since 3/4/2025?",
        dates="shift",
    )
    question, summary, _note = (p.text for p in pieces_of(packet))
    dates = re.findall(r"\d+/\d+/\d+", summary)
    moved = [dt.datetime.strptime(d, "%m/%d/%Y").date() for d in dates]
    assert len(moved) == 2 and moved[1] - moved[0] == dt.timedelta(days=14)
    assert moved[0] != dt.date(2025, 3, 4)
    assert dates[0] in question


# Confirm, discard, share -------------------------------------------------------------------


def test_confirming_keeps_only_the_deidentified_text(setting: Setting) -> None:
    packet = draft(setting, summary="Linh Nguyen worries about Anh.")
    expected = [p.text for p in pieces_of(packet)]
    actions.confirm_packet(acting_user=setting.clinician, packet=packet)
    packet.refresh_from_db()
    assert packet.status == "confirmed" and packet.seed is None and packet.also_remove == ""
    texts = list(packet.texts.order_by("position"))
    assert [t.deidentified for t in texts] == expected
    assert all(t.original == "" for t in texts)
    assert all(v.startswith("enc1:") for v in raw_column("consultation_packettext", "deidentified"))
    with pytest.raises(ValidationError):
        actions.update_draft(
            acting_user=setting.clinician,
            packet=packet,
            also_remove="x",
            keep_clinicians=False,
            dates="shift",
        )


def test_discarding_a_draft_deletes_it(setting: Setting) -> None:
    packet = draft(setting)
    actions.discard_draft(acting_user=setting.clinician, packet=packet)
    assert not Packet.objects.exists() and not PacketText.objects.exists()
    assert AuditEvent.objects.filter(action="delete", target_id=str(packet.pk)).exists()


def test_sharing_needs_a_confirmed_packet_and_a_real_supervisor(setting: Setting) -> None:
    packet = draft(setting)
    with pytest.raises(ValidationError):
        actions.share_packet(
            acting_user=setting.clinician, packet=packet, supervisor=setting.supervisor
        )
    actions.confirm_packet(acting_user=setting.clinician, packet=packet)
    with pytest.raises(ValidationError):
        actions.share_packet(
            acting_user=setting.clinician, packet=packet, supervisor=make_user("notsup")
        )
    share = actions.share_packet(
        acting_user=setting.clinician, packet=packet, supervisor=setting.supervisor
    )
    assert Share.objects.get() == share
    with pytest.raises(ValidationError):
        actions.share_packet(
            acting_user=setting.clinician, packet=packet, supervisor=setting.supervisor
        )
    with pytest.raises(PermissionDenied):
        actions.share_packet(
            acting_user=make_user("chen"), packet=packet, supervisor=setting.supervisor
        )
    assert AuditEvent.objects.filter(action="share", target_id=str(packet.pk)).count() == 1


def test_peer_packets_go_only_to_a_group_the_author_belongs_to(setting: Setting) -> None:
    packet = draft(setting, audience="peer_group")
    actions.confirm_packet(acting_user=setting.clinician, packet=packet)
    peer = make_user("chen")
    theirs = actions.create_peer_group(acting_user=peer, name="Chen's circle", members=[])
    ours = actions.create_peer_group(
        acting_user=setting.clinician, name="Tuesday peers", members=[peer]
    )
    with pytest.raises(ValidationError):
        actions.share_packet(acting_user=setting.clinician, packet=packet, peer_group=theirs)
    with pytest.raises(ValidationError):
        actions.share_packet(
            acting_user=setting.clinician, packet=packet, supervisor=setting.supervisor
        )
    actions.share_packet(acting_user=setting.clinician, packet=packet, peer_group=ours)
    assert set(PeerGroup.objects.get(pk=ours.pk).members.all()) == {setting.clinician, peer}


def test_a_clinician_not_on_the_case_cannot_build_a_packet(setting: Setting) -> None:
    outsider = make_user("chen")
    with pytest.raises(PermissionDenied):
        actions.create_packet(
            acting_user=outsider, case=setting.case, audience="supervisor", summary="x"
        )
    with pytest.raises(PermissionDenied):
        actions.create_packet(
            acting_user=setting.supervisor, case=setting.case, audience="supervisor", summary="x"
        )
    assert not Packet.objects.exists()


def test_a_clinician_taken_off_the_case_loses_the_draft(setting: Setting) -> None:
    packet = draft(setting)
    setting.case.clinicians.remove(setting.clinician)
    with pytest.raises(PermissionDenied):
        actions.confirm_packet(acting_user=setting.clinician, packet=packet)
    assert Packet.objects.get().is_draft
