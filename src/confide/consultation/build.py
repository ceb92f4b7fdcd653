"""A draft packet de-identified from what is stored: its texts, the case's known identifiers,
the clinician's extra terms and the spans they restored. Callers check access first."""

from __future__ import annotations

from typing import cast

from confide.consultation.known import known_identifiers
from confide.consultation.models import Packet, PacketText
from confide.consultation.packing import PacketSettings, Piece, deidentify_packet, parse_terms
from confide.deid.surrogates import DateMode


def settings_of(packet: Packet, texts: list[PacketText]) -> PacketSettings:
    """The packet's choices; restorations named by (text index, start, end) as the core wants."""
    index = {text.position: n for n, text in enumerate(texts)}
    restored = frozenset(
        (index[r.position], r.start, r.end)
        for r in packet.restorations.all()
        if r.position in index
    )
    return PacketSettings(
        keep_clinicians=packet.keep_clinicians,
        dates=cast(DateMode, packet.dates),
        seed=packet.seed,
        also_remove=parse_terms(packet.also_remove),
        restored=restored,
    )


def pieces_of(packet: Packet, texts: list[PacketText] | None = None) -> list[Piece]:
    """Each text of a draft, original and de-identified, in packet order."""
    texts = texts if texts is not None else list(packet.texts.order_by("position", "pk"))
    known = known_identifiers(packet.case) if packet.case is not None else []
    return deidentify_packet([t.original for t in texts], known, settings_of(packet, texts))
