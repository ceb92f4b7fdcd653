"""The engine's advice on a consultation: the one place a packet becomes a Situation."""

from __future__ import annotations

from typing import Any

from confide.consultation.models import Packet
from confide.licences import clinician_license
from confide.policy import Decision, SituationError, decide, situation_from_dict
from confide.policy.jurisdictions import jurisdiction
from confide.practice.models import Practice


def situation_data(packet: Packet, license_: str) -> dict[str, Any] | None:
    """The consultation as the engine reads it; None without a case or a practice."""
    practice = Practice.current()
    case = packet.case
    if practice is None or case is None:
        return None
    ages = [p.client.age for p in case.participants.select_related("client")]
    return {
        "jurisdiction": practice.jurisdiction,
        "clinician_license": license_,
        # The youngest participant: a minor's rules are the stricter ones.
        "client": {"age": min(ages) if ages else 30},
        "case": {"type": case.case_type, "secrets_policy": case.secrets_policy},
        "event": {"kind": "consultation", "with": packet.audience, "client_authorized": False},
    }


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
