"""How a message to a client is worded and carried; `actions.send_to_client` is the one way
confide sends a client a reminder or message, and records it.

A message goes only through a channel the client allowed, with the wording the client allowed
(no practice name and no mention of therapy on a discreet contact point). Email goes through
Django's email backend (the console in the demo) after the record commits; calls, voicemail,
texts and letters are recorded for staff to carry out, with the exact words to use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.mail import send_mail
from django.utils import dateformat, translation
from django.utils.translation import gettext, gettext_noop, pgettext

from confide.disclosures.routes import PointFacts
from confide.practice.models import ContactPoint, Practice


class ChannelRefused(Exception):
    """No channel the client allowed can carry this message; nothing was sent."""


@dataclass(frozen=True)
class Wording:
    subject: str
    named: str  # may name the practice and say what it does
    discreet: str  # names neither the practice nor therapy


# Marked for translation and worded in the language on the client's record (`wording`).
WORDINGS: dict[str, Wording] = {
    "appointment_reminder": Wording(
        gettext_noop("Appointment reminder"),
        gettext_noop(
            "{practice}: a reminder of your session on {when}. Reply or call to reschedule."
        ),
        gettext_noop("A reminder of your appointment on {when}."),
    ),
    "authorization_expiring": Wording(
        gettext_noop("A form you signed is about to expire"),
        gettext_noop(
            "{practice}: your release of information authorization expires on {when}. "
            "You can renew or let it lapse in the portal."
        ),
        gettext_noop(
            "A form you signed expires on {when}. Please sign in to your account to review it."
        ),
    ),
    "portal_message": Wording(
        gettext_noop("You have a new message"),
        gettext_noop("{practice}: you have a new message in your client portal."),
        gettext_noop("You have a new message in your account."),
    ),
}


def wording(
    message_kind: str, discreet: bool, context: Mapping[str, Any], language: str = "en"
) -> tuple[str, str]:
    """(subject, body) for the message, in the form the contact point allows and in the
    client's language. A date in the context is written in words in that language."""
    try:
        words = WORDINGS[message_kind]
    except KeyError:
        raise ValueError(f"unknown message kind {message_kind!r}") from None
    practice = Practice.current()
    with translation.override(language):
        values = {
            "when": "",
            **{key: _say(value) for key, value in context.items()},
            "practice": practice.name if practice else gettext("Your clinic"),
        }
        body = gettext(words.discreet if discreet else words.named).format(**values)
        subject = gettext(words.subject)
    return (subject if discreet else f"{values['practice']}: {subject}"), body


def _say(value: Any) -> Any:
    """A date as the reader writes it ("14 March 2027", "14 de marzo de 2027"); no date at
    all reads as the authorization's own end."""
    if isinstance(value, dt.date):
        return dateformat.format(value, pgettext("long date", "j F Y"))
    if value is None:
        return gettext("its end date")
    return value


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


def email(point: ContactPoint, subject: str, body: str) -> None:
    """Hand one email to Django's mail backend; raises whatever the backend raises. No
    database write here: `actions.deliver_message` records the outcome."""
    send_mail(subject, body, None, [point.value], fail_silently=False)
