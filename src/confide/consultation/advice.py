"""The engine's advice on a consultation: the one place a packet becomes a Situation."""

from __future__ import annotations

from typing import Any

from confide.consultation.models import Packet
from confide.licences import clinician_license
from confide.policy import Decision, SituationError, decide, situation_from_dict
from confide.policy.jurisdictions import jurisdiction
from confide.practice.models import Case, Practice


def situation_data(packet: Packet, license_: str) -> dict[str, Any] | None:
    """The consultation as the engine reads it; None without a case or a practice."""
    practice = Practice.current()
    case = packet.case
    if practice is None or case is None:
        return None
    return {
        "jurisdiction": practice.jurisdiction,
        "clinician_license": license_,
        "client": client_facts(case),
        "case": {"type": case.case_type, "secrets_policy": case.secrets_policy},
        "event": {"kind": "consultation", "with": packet.audience, "client_authorized": False},
    }


def client_facts(case: Case) -> dict[str, Any]:
    """The client as the engine reads it: the youngest participant's age (a minor's rules are
    the stricter ones), and deceased when every participant has died. One living participant
    can still be asked and seen, so a family case with one death is not a deceased client's."""
    clients = [p.client for p in case.participants.select_related("client")]
    facts: dict[str, Any] = {"age": min(c.age for c in clients) if clients else 30}
    if clients and all(c.deceased for c in clients):
        facts["deceased"] = True
    return facts


def consultation_advice(packet: Packet) -> Decision | None:
    """What confide advises for sharing this packet, or None when it cannot say (no practice,
    an unknown jurisdiction): the page then says so instead of guessing."""
    data = situation_data(packet, clinician_license(packet.author))
    if data is None:
        return None
    try:
        place = jurisdiction(data["jurisdiction"])
        return decide(situation_from_dict(data), place)
    except (KeyError, SituationError):
        return None
