"""Emails the portal sends: the invitation, and notices that the client's account changed.

Every message goes only to an address on file for the client that allows email, after the
transaction that caused it commits (a rolled-back change sends nothing), and in discreet
words: no practice name, no mention of therapy, no clinical content; in the language on
the client's record. A delivery failure is
logged and audited, never turned into an error page after the change is already saved.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from confide.audit.log import record
from confide.practice.models import Client

logger = logging.getLogger(__name__)

NOTICES = {
    "created": (
        _("Your account is set up"),
        _(
            "An account was just set up for you with this email address. If this was not you, "
            "please contact us straight away."
        ),
    ),
    "password_changed": (
        _("Your password was changed"),
        _(
            "The password of your account was just changed. If this was not you, please contact "
            "us straight away."
        ),
    ),
    "email_changed": (
        _("Your account's email address was changed"),
        _(
            "The email address of your account was just changed. If this was not you, please "
            "contact us straight away."
        ),
    ),
    "revoked": (
        _("Your account was closed"),
        _(
            "Your account was closed and every sign-in to it ended. Ask us if you would like a "
            "new invitation."
        ),
    ),
}


def invitation_text(link: str, days: int, language: str = "en") -> tuple[str, str]:
    """The invitation, in the language on the client's record."""
    with translation.override(language):
        body = _(
            "You were invited to a secure account. Open this link to set your password "
            "(it works once, for %(days)s days). You will be asked for your date of birth."
        ) % {"days": days}
        return str(_("Your invitation")), f"{body}\n\n{link}\n"


def send_after_commit(
    client: Client, kind: str, subject: str, body: str, to: Iterable[str]
) -> None:
    """Queue one email per address for when the current transaction commits."""
    addresses = sorted({a for a in to if a})

    def deliver() -> None:
        for address in addresses:
            try:
                send_mail(subject, body, None, [address], fail_silently=False)
            except Exception:
                logger.exception("portal %s email could not be delivered", kind)
                record(
                    actor=None,
                    action="message_failed",
                    client_id=client.pk,
                    summary=f"Portal email not delivered ({kind})",
                )

    transaction.on_commit(deliver)


def notify(client: Client, kind: str, to: Iterable[str]) -> None:
    """Tell the client their account changed, at the given addresses (already on file)."""
    subject, body = NOTICES[kind]
    with translation.override(client.preferred_language):
        send_after_commit(client, kind, str(subject), str(body), to)
