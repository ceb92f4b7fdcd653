"""`send_to_client`: the one way confide sends a client a reminder or message.

It goes only through a channel the client allowed, with the wording the client allowed (no
practice name and no mention of therapy on a discreet contact point), and records what it
sent. Email goes through Django's email backend (the console in the demo); calls, voicemail,
texts and letters are recorded for staff to carry out, with the exact words to use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.mail import send_mail
from django.db import transaction

from confide.audit.log import record
from confide.disclosures.models import SentMessage
from confide.disclosures.routes import PointFacts, Route, choose_route
from confide.practice.models import Client, ContactPoint, Practice


class ChannelRefused(Exception):
    """No channel the client allowed can carry this message; nothing was sent."""


@dataclass(frozen=True)
class Wording:
    subject: str
    named: str  # may name the practice and say what it does
    discreet: str  # names neither the practice nor therapy


WORDINGS: dict[str, Wording] = {
    "appointment_reminder": Wording(
        "Appointment reminder",
        "{practice}: a reminder of your session on {when}. Reply or call to reschedule.",
        "A reminder of your appointment on {when}.",
    ),
    "authorization_expiring": Wording(
        "A form you signed is about to expire",
        "{practice}: your release of information authorization expires on {when}. "
        "You can renew or let it lapse in the portal.",
        "A form you signed expires on {when}. Please sign in to your account to review it.",
    ),
    "portal_message": Wording(
        "You have a new message",
        "{practice}: you have a new message in your client portal.",
        "You have a new message in your account.",
    ),
}


def wording(message_kind: str, discreet: bool, context: Mapping[str, Any]) -> tuple[str, str]:
    """(subject, body) for the message, in the form the contact point allows."""
    try:
        words = WORDINGS[message_kind]
    except KeyError:
        raise ValueError(f"unknown message kind {message_kind!r}") from None
    practice = Practice.current()
    values = {"when": "", **context, "practice": practice.name if practice else "Your clinic"}
    body = (words.discreet if discreet else words.named).format(**values)
    subject = words.subject if discreet else f"{values['practice']}: {words.subject}"
    return subject, body


def facts(point: ContactPoint) -> PointFacts:
    return PointFacts(
        id=point.pk,
        kind=point.kind,
        may_call=point.may_call,
        may_leave_voicemail=point.may_leave_voicemail,
        may_text=point.may_text,
        may_email=point.may_email,
        may_mail=point.may_mail,
        discreet=point.discreet,
        preferred=point.preferred,
    )


def send_to_client(
    client: Client,
    message_kind: str,
    *,
    channel: str | None = None,
    context: Mapping[str, Any] | None = None,
    acting_user: Any = None,
) -> SentMessage:
    """Send one message through an allowed channel, or raise ChannelRefused and send nothing.

    The contact point's permissions are read fresh from the database at sending time, so a
    client's change of mind takes effect for the very next message.
    """
    points = list(ContactPoint.objects.filter(client=client))
    route = choose_route([facts(p) for p in points], channel)
    if route is None:
        with transaction.atomic():
            record(
                actor=acting_user,
                action="message_refused",
                client_id=client.pk,
                summary=f"No allowed channel for {message_kind}",
                detail={"channel": channel},
            )
        raise ChannelRefused(
            f"The client has not allowed {channel or 'any channel'} for messages like this."
        )
    point = next(p for p in points if p.pk == route.point_id)
    subject, body = wording(message_kind, route.discreet, context or {})
    with transaction.atomic():
        sent = SentMessage.objects.create(
            client=client,
            contact_point=point,
            channel=route.channel,
            message_kind=message_kind,
            body=body,
            discreet=route.discreet,
            sent_by=acting_user,
        )
        record(
            actor=acting_user,
            action="message_sent",
            target=sent,
            client_id=client.pk,
            summary=f"{message_kind} sent by {route.channel}",
            detail={"channel": route.channel, "discreet": route.discreet},
        )
        _deliver(route, point, subject, body)
        return sent


def _deliver(route: Route, point: ContactPoint, subject: str, body: str) -> None:
    """Email goes out now (inside the transaction, so a failure records nothing); the other
    channels are carried out by staff from the recorded message."""
    if route.channel == "email":
        send_mail(subject, body, None, [point.value], fail_silently=False)
