"""Staff emails: a neutral subject, a link, and nothing of the client or the clinical matter.

Email is not a confidential channel: it crosses servers the practice does not control and
lands on phones and shared screens. So a staff notice says only that something in confide
needs the reader, and links to it; the client's name, the case title, the reason given and
any clinical detail stay behind the sign-in. Messages leave when the surrounding transaction
commits (a rolled-back action mails nothing), to the accounts' own addresses (`User.email`,
sealed at rest), and each is audited by recipient id, never by address.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from confide.accounts.models import Role, User
from confide.audit.log import record

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    subject: str
    body: str  # str.format with {link} and the kind's own neutral fields


NOTICES: dict[str, Notice] = {
    "emergency_access_clinician": Notice(
        "confide: emergency access to one of your cases",
        "{opener} opened emergency access to a case you are assigned to, until {until}.\n"
        "The reason given and the case are in confide:\n\n{link}\n",
    ),
    "emergency_access_officer": Notice(
        "confide: emergency access to review",
        "{opener} opened emergency access to a case, until {until}. Please review it and "
        "record your finding:\n\n{link}\n",
    ),
    "safety_deadline": Notice(
        "confide: an urgent safety deadline",
        "A safety event on one of your cases has a step due {when}. Open it in confide:\n\n"
        "{link}\n",
    ),
    "portal_concern": Notice(
        "confide: a concern raised in the portal",
        "A client of one of your cases raised a privacy concern through the portal. It is "
        "on the agenda of their next session. Read it in confide:\n\n{link}\n",
    ),
    "reminders": Notice(
        "confide: reminders due",
        "You have reminders due in confide:\n\n{lines}\n\nSign in to see them:\n\n{link}\n",
    ),
}


def absolute(path: str, request: Any = None) -> str:
    """A link for an email: from the request when there is one, else from CONFIDE_SITE_URL
    (needed by `confide remind`, which runs without a request); a bare path otherwise."""
    if request is not None and hasattr(request, "build_absolute_uri"):
        return str(request.build_absolute_uri(path))
    base = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if base else path


def privacy_officers() -> list[User]:
    return list(User.objects.filter(role=Role.PRIVACY_OFFICER, is_active=True).order_by("pk"))


def _deliverable(users: Iterable[Any]) -> list[User]:
    seen: dict[int, User] = {}
    for user in users:
        if user is not None and user.is_active and user.pk not in seen and user.email:
            seen[user.pk] = user
    return list(seen.values())


def tell_staff(
    users: Iterable[Any],
    kind: str,
    path: str,
    *,
    acting_user: Any = None,
    target: Any = None,
    request: Any = None,
    **fields: str,
) -> list[int]:
    """Queue one notice per active staff account with an address; audit who was told (ids).

    Call it inside the action's transaction: the audit event joins it and the mail leaves
    only if it commits. Returns the ids of the accounts that will be mailed."""
    notice = NOTICES[kind]
    recipients = [u for u in _deliverable(users) if u.role != Role.CLIENT]
    if not recipients:
        return []
    body = notice.body.format(link=absolute(path, request), **fields)
    ids = [u.pk for u in recipients]
    record(
        actor=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        action="notice_sent",
        target=target,
        summary=f"Staff notified by email ({kind})",
        detail={"kind": kind, "recipient_ids": ids},
        request=request,
    )
    addresses = [(u.pk, u.email) for u in recipients]

    def deliver() -> None:
        for pk, address in addresses:
            try:
                send_mail(notice.subject, body, None, [address], fail_silently=False)
            except Exception:
                logger.exception("staff %s email could not be delivered", kind)
                record(
                    actor=None,
                    action="message_failed",
                    summary=f"Staff email not delivered ({kind})",
                    detail={"kind": kind, "recipient_id": pk},
                )

    transaction.on_commit(deliver)
    return ids
