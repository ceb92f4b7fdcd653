"""The consultation's advice hears what the records say of the client: their age, and their
death (the engine then advises as for a decedent, as the request flow already does)."""

from __future__ import annotations

import datetime as dt

import pytest

from confide.consultation import actions
from confide.consultation.advice import consultation_advice, situation_data
from confide.consultation.models import Packet
from confide.licences import clinician_license
from confide.practice import actions as practice_actions
from confide.practice.models import Client
from tests.web.test_records_fixtures import make_user

pytestmark = pytest.mark.django_db

DECEDENTS_RULE = "us.hipaa.decedents"


def _packet(*born: dt.date, case_type: str = "individual") -> tuple[Packet, list[Client]]:
    clinician = make_user("chen")
    practice_actions.ensure_practice(
        acting_user=clinician, name="Harbor Light Counseling", jurisdiction="US-CA",
        licence_types=[],
    )  # fmt: skip
    people = [
        practice_actions.create_client(
            acting_user=clinician,
            data={"first_name": f"Person{n}", "last_name": "Lund", "date_of_birth": day},
        )
        for n, day in enumerate(born)
    ]
    case = practice_actions.create_case(
        acting_user=clinician, title="Work", case_type=case_type,
        secrets_policy=None if case_type == "individual" else "no_secrets",
        participants=[(p, "member") for p in people],
    )  # fmt: skip
    packet = actions.create_packet(
        acting_user=clinician, case=case, audience="supervisor", summary="A hard week."
    )
    return packet, people


def _record_death(packet: Packet, client: Client, died: dt.date) -> None:
    practice_actions.update_client(
        acting_user=packet.author, client=client, data={"date_of_death": died}
    )


def _cites_decedents(packet: Packet) -> bool:
    decision = consultation_advice(packet)
    assert decision is not None
    return DECEDENTS_RULE in {entry.rule for entry in decision.basis}


def test_a_living_clients_consultation_is_not_advised_as_for_a_decedent() -> None:
    packet, _people = _packet(dt.date(1980, 3, 1))
    data = situation_data(packet, clinician_license(packet.author))
    assert data is not None and not data["client"].get("deceased", False)
    assert not _cites_decedents(packet)


def test_a_deceased_clients_consultation_is_advised_as_for_a_decedent() -> None:
    packet, people = _packet(dt.date(1980, 3, 1))
    _record_death(packet, people[0], dt.date(2024, 6, 1))
    data = situation_data(packet, clinician_license(packet.author))
    assert data is not None and data["client"]["deceased"] is True
    assert data["client"]["age"] == 44  # the age stops at the death
    assert _cites_decedents(packet)


def test_one_death_in_a_family_case_leaves_the_living_to_be_asked() -> None:
    packet, people = _packet(dt.date(1970, 1, 1), dt.date(1972, 1, 1), case_type="family")
    _record_death(packet, people[0], dt.date(2024, 6, 1))
    data = situation_data(packet, clinician_license(packet.author))
    assert data is not None and not data["client"].get("deceased", False)
    _record_death(packet, people[1], dt.date(2025, 1, 1))
    assert _cites_decedents(packet)
