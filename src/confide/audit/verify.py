"""Walk the chain and report the first event that does not hold together.

Catches an edited event (its hash no longer matches its fields), a deleted one (a gap in seq,
and the next event's prev_hash points at nothing), and a reordered one (seq out of order or
prev_hash not the previous event's hash).
"""

from __future__ import annotations

from dataclasses import dataclass

from confide.audit.models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    # The last event's hash. A chain cut short at the end still verifies; an operator who
    # writes this down (or exports it off the machine) can tell that history was truncated.
    head_hash: str = ""

    def __str__(self) -> str:
        if self.ok:
            head = f" Head: {self.head_hash}" if self.head_hash else ""
            return f"Audit chain intact: {self.checked} events checked.{head}"
        return (
            f"Audit chain BROKEN at event {self.first_broken_seq}: {self.reason} "
            f"({self.checked} events checked)."
        )


def verify_chain(batch_size: int = 2000) -> VerifyResult:
    """Check every event in storage order (by primary key), streaming in batches."""
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    # Ordered by seq, the primary key: a row whose seq was rewritten shows up as a gap or a
    # prev_hash mismatch, because seq is inside the hashed fields.
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        reason = _problem(event, expected_seq, prev_hash)
        if reason:
            return VerifyResult(False, checked, event.seq, reason)
        checked += 1
        expected_seq, prev_hash = event.seq + 1, event.hash
    return VerifyResult(True, checked, head_hash="" if checked == 0 else prev_hash)


def _problem(event: AuditEvent, expected_seq: int, prev_hash: str) -> str:
    if event.seq != expected_seq:
        return f"expected event {expected_seq} next, found {event.seq} (missing or moved events)"
    if event.prev_hash != prev_hash:
        return "prev_hash does not match the previous event's hash (deleted or reordered)"
    if event.compute_hash() != event.hash:
        return "hash does not match the event's contents (edited)"
    return ""
