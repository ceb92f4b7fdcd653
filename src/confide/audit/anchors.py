"""Chain heads written down outside the database, so a trail cut short at its end is caught.

A hash chain proves every event since the first, but a chain whose last events were removed
is still a valid, shorter chain. `confide audit verify --anchor` appends the head it found
(sequence number and hash) to a file in the data folder; every later verification checks
that each anchored event is still there with the same hash. Someone able to rewrite the
database but not that file (or the copy an officer keeps off the machine) is caught.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

FILE_NAME = "audit-anchors"


class AnchorFileError(ValueError):
    """The anchor file cannot be read as anchors."""


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str


def default_path() -> Path:
    return Path(settings.DATA_DIR) / FILE_NAME


def read(path: Path) -> list[Anchor]:
    """Anchors in the file, oldest first; a missing file holds none."""
    if not path.exists():
        return []
    anchors = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) < 2 or not parts[0].isdigit() or len(parts[1]) != 64:
            raise AnchorFileError(f"{path}, line {n}: expected 'SEQ HASH [WHEN]'")
        anchors.append(Anchor(int(parts[0]), parts[1]))
    return anchors


def append(path: Path, anchor: Anchor) -> None:
    """Add the head to the file (created with mode 0600), flushed to disk before returning."""
    line = f"{anchor.seq} {anchor.hash} {datetime.now(UTC).isoformat(timespec='seconds')}\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())
