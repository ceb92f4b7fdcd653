"""Walk the chain and report the first event that does not hold together.

Catches an edited event (its hash no longer matches its fields), a deleted one (a gap in seq,
and the next event's prev_hash points at nothing), and a reordered one (seq out of order or
prev_hash not the previous event's hash).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from confide.audit.anchors import Anchor
from confide.audit.models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    # The last event's hash. A chain cut short at the end still verifies on its own; the
    # anchors (heads written down outside the database, see anchors.py) are what catch it.
    head_hash: str = ""
    anchors: int = 0  # anchors checked

    @property
    def head(self) -> Anchor | None:
        return Anchor(self.checked, self.head_hash) if self.ok and self.head_hash else None

    def __str__(self) -> str:
        if self.ok:
            head = f" Head: {self.head_hash}" if self.head_hash else ""
            held = f" {self.anchors} anchored heads still in place." if self.anchors else ""
            return f"Audit chain intact: {self.checked} events checked.{head}{held}"
        return (
            f"Audit chain BROKEN at event {self.first_broken_seq}: {self.reason} "
            f"({self.checked} events checked)."
        )


def verify_chain(batch_size: int = 2000, anchors: Iterable[Anchor] = ()) -> VerifyResult:
    """Check every event in storage order (by primary key), streaming in batches, and that
    every anchored head is still in the chain with the hash it had."""
    anchored = {a.seq: a.hash for a in anchors}
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    # Ordered by seq, the primary key: a row whose seq was rewritten shows up as a gap or a
    # prev_hash mismatch, because seq is inside the hashed fields.
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        reason = _problem(event, expected_seq, prev_hash)
        if not reason and anchored.get(event.seq, event.hash) != event.hash:
            reason = "hash differs from the one anchored for it (history rewritten)"
        if reason:
            return VerifyResult(False, checked, event.seq, reason)
        checked += 1
        expected_seq, prev_hash = event.seq + 1, event.hash
    beyond = [seq for seq in anchored if seq > checked]
    if beyond:
        reason = (
            f"the chain ends at event {checked} but event {max(beyond)} was anchored "
            "(events cut from the end)"
        )
        return VerifyResult(False, checked, checked + 1, reason)
    head = "" if checked == 0 else prev_hash
    return VerifyResult(True, checked, head_hash=head, anchors=len(anchored))


def _problem(event: AuditEvent, expected_seq: int, prev_hash: str) -> str:
    if event.seq != expected_seq:
        return f"expected event {expected_seq} next, found {event.seq} (missing or moved events)"
    if event.prev_hash != prev_hash:
        return "prev_hash does not match the previous event's hash (deleted or reordered)"
    if event.compute_hash() != event.hash:
        return "hash does not match the event's contents (edited)"
    return ""
