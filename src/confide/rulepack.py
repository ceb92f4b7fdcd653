"""A fingerprint of the rule pack for one jurisdiction: the federal baseline and the state's
file, as parsed. Training records it at completion and the notice at drafting, so a change to
the rules that apply here (a new duty, a changed deadline, a corrected citation) is noticed:
training falls due again and the privacy officer is told the notice may need a new version.

The canonical form sorts every set and mapping, so the same rules give the same fingerprint in
every process (Python's string hashing is randomized per process)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from confide.policy import jurisdiction


def _canonical(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda i: str(i[0]))}
    if isinstance(value, (set, frozenset)):
        return sorted(_canonical(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


# code -> (the parsed jurisdiction, its fingerprint). The dashboard asks on every request;
# the answer is kept only while `jurisdiction(code)` returns that very object, so rules
# parsed again (its cache cleared) are fingerprinted again.
_known: dict[str, tuple[Any, str]] = {}


def fingerprint(code: str) -> str:
    """SHA-256 of the rules that apply in `code` ("US-CA"); KeyError for an unknown code."""
    place = jurisdiction(code)
    known = _known.get(code)
    if known is not None and known[0] is place:
        return known[1]
    data = {"rules": _canonical(place.rules), "state": _canonical(place.state)}
    blob = json.dumps(data, sort_keys=True, ensure_ascii=True, default=str)
    digest = hashlib.sha256(blob.encode("utf-8")).hexdigest()
    _known[code] = (place, digest)
    return digest
