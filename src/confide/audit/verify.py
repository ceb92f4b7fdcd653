"""Walk the chain and report the first event that does not hold together.

Catches an edited event (its hash no longer matches its fields), a deleted one (a gap in seq,
and the next event's prev_hash points at nothing), and a reordered one (seq out of order or
prev_hash not the previous event's hash), and, given the anchors written outside the database,
a chain cut short or rewritten wholesale.

`verify_chain` is the fast walk (raw rows, ranges in parallel: confide.audit.fastverify);
`verify_since_anchor` checks only what was added after the last anchored head (the daily
timer's job); `verify_chain_reference` is the plain walk over model instances that both are
held to by the property tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from confide.audit import fastverify
from confide.audit.anchors import Anchor
from confide.audit.fastverify import EDITED, MISSING, REWRITTEN, UNLINKED
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
    head_seq: int | None = None  # the last event's seq, when not simply `checked`

    @property
    def head(self) -> Anchor | None:
        if not (self.ok and self.head_hash):
            return None
        return Anchor(self.checked if self.head_seq is None else self.head_seq, self.head_hash)

    def __str__(self) -> str:
        if self.ok:
            head = f" Head: {self.head_hash}" if self.head_hash else ""
            held = f" {self.anchors} anchored heads still in place." if self.anchors else ""
            return f"Audit chain intact: {self.checked} events checked.{head}{held}"
        return (
            f"Audit chain BROKEN at event {self.first_broken_seq}: {self.reason} "
            f"({self.checked} events checked)."
        )


def verify_chain(
    anchors: Iterable[Anchor] = (),
    *,
    workers: int | None = None,
    progress: Callable[[int], None] = lambda _n: None,
    range_size: int = fastverify.RANGE_SIZE,
) -> VerifyResult:
    """Check every event from the first, and that every anchored head is still in the chain
    with the hash it had. `progress` is told how many events each finished range held."""
    anchored = {a.seq: a.hash for a in anchors}
    low, high = fastverify.seq_bounds()
    return _walk(1, GENESIS_HASH, low, high, anchored, workers, progress, range_size)


def verify_since_anchor(
    anchors: Iterable[Anchor],
    *,
    workers: int | None = None,
    progress: Callable[[int], None] = lambda _n: None,
    range_size: int = fastverify.RANGE_SIZE,
) -> VerifyResult:
    """Check only the events after the last anchored head, plus that every anchored head is
    still there unchanged: time in proportion to what is new. With no anchor, the whole chain."""
    held = list(anchors)
    if not held:
        return verify_chain(workers=workers, progress=progress, range_size=range_size)
    anchored = {a.seq: a.hash for a in held}
    stored = dict(AuditEvent.objects.filter(seq__in=list(anchored)).values_list("seq", "hash"))
    for seq in sorted(anchored):
        if seq not in stored:
            reason = f"anchored event {seq} is gone (events cut or deleted)"
            return VerifyResult(False, 0, seq, reason)
        if stored[seq] != anchored[seq]:
            return VerifyResult(False, 0, seq, REWRITTEN)
    last = max(held, key=lambda a: a.seq)
    low, high = fastverify.seq_bounds(after=last.seq)
    result = _walk(last.seq + 1, last.hash, low, high, {}, workers, progress, range_size)
    if result.ok and result.checked == 0:
        return VerifyResult(True, 0, head_hash=last.hash, anchors=len(anchored), head_seq=last.seq)
    return VerifyResult(
        result.ok,
        result.checked,
        result.first_broken_seq,
        result.reason,
        result.head_hash,
        len(anchored),
        result.head_seq,
    )


def _walk(
    expected: int,
    prev_hash: str,
    low: int,
    high: int,
    anchored: dict[int, str],
    workers: int | None,
    progress: Callable[[int], None],
    range_size: int,
) -> VerifyResult:
    """Stitch the ranges' results in chain order: each range's first event is judged here,
    against the end of the range before it."""
    spans = fastverify.ranges(low, high, range_size) if high >= low else []
    count = high - low + 1 if high >= low else 0
    jobs = fastverify.default_workers(count) if workers is None else workers
    checked, start = 0, expected
    for part in fastverify.walk_ranges(spans, anchored, jobs, progress):
        if part.count == 0:
            continue
        reason = _first_problem(part, expected, prev_hash)
        if reason:
            return VerifyResult(False, checked, part.first_seq, reason)
        if part.problem_seq is not None:
            return VerifyResult(
                False, checked + part.ok_before_problem, part.problem_seq, part.problem
            )
        checked += part.count
        expected, prev_hash = part.last_seq + 1, part.last_hash
    last_seq = expected - 1
    beyond = [seq for seq in anchored if seq > last_seq]
    if beyond:
        reason = (
            f"the chain ends at event {last_seq} but event {max(beyond)} was anchored "
            "(events cut from the end)"
        )
        return VerifyResult(False, checked, last_seq + 1, reason)
    head = "" if checked == 0 else prev_hash
    head_seq = None if start == 1 else last_seq
    return VerifyResult(True, checked, head_hash=head, anchors=len(anchored), head_seq=head_seq)


def _first_problem(part: fastverify.RangeResult, expected: int, prev_hash: str) -> str:
    if part.first_seq != expected:
        return MISSING.format(expected=expected, found=part.first_seq)
    if part.first_prev != prev_hash:
        return UNLINKED
    if part.first_edited:
        return EDITED
    if part.first_anchor_differs:
        return REWRITTEN
    return ""


def verify_chain_reference(batch_size: int = 2000, anchors: Iterable[Anchor] = ()) -> VerifyResult:
    """The plain walk over model instances, one event at a time: slow, and obviously right.
    The fast walk is tested against it."""
    anchored = {a.seq: a.hash for a in anchors}
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    # Ordered by seq, the primary key: a row whose seq was rewritten shows up as a gap or a
    # prev_hash mismatch, because seq is inside the hashed fields.
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        reason = _problem(event, expected_seq, prev_hash)
        if not reason and anchored.get(event.seq, event.hash) != event.hash:
            reason = REWRITTEN
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
        return MISSING.format(expected=expected_seq, found=event.seq)
    if event.prev_hash != prev_hash:
        return UNLINKED
    if event.compute_hash() != event.hash:
        return EDITED
    return ""
