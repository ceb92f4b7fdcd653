"""Which contact point and channel a message to a client may use: a pure rule over plain facts.

A message that reaches the wrong person is a disclosure, so the rule fails closed: a channel
is usable only when the client allowed it on a contact point of the matching kind
(45 CFR 164.522(b), confidential communications). Kept free of Django so a property test can
try every combination of permissions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CHANNELS = ("email", "text", "mail", "voicemail", "call")
PERMISSION = {
    "call": "may_call",
    "voicemail": "may_leave_voicemail",
    "text": "may_text",
    "email": "may_email",
    "mail": "may_mail",
}
KIND = {"call": "phone", "voicemail": "phone", "text": "phone", "email": "email", "mail": "postal"}


@dataclass(frozen=True)
class PointFacts:
    id: int
    kind: str
    may_call: bool = False
    may_leave_voicemail: bool = False
    may_text: bool = False
    may_email: bool = False
    may_mail: bool = False
    discreet: bool = True
    preferred: bool = False

    def allows(self, channel: str) -> bool:
        return KIND.get(channel) == self.kind and bool(getattr(self, PERMISSION[channel], False))


@dataclass(frozen=True)
class Route:
    point_id: int
    channel: str
    discreet: bool


def choose_route(points: Sequence[PointFacts], channel: str | None = None) -> Route | None:
    """The route to use, or None when no allowed route exists.

    With `channel` given, only that channel is considered; without, the written channels come
    first (they leave a record the client controls), preferred contact points before others.
    """
    if channel is not None and channel not in PERMISSION:
        return None
    wanted = (channel,) if channel else CHANNELS
    ordered = sorted(points, key=lambda p: (not p.preferred, p.id))
    for name in wanted:
        for point in ordered:
            if point.allows(name):
                return Route(point.id, name, point.discreet)
    return None
