"""Dashboard warnings 30, 14 and 7 days before an authorization expires, and new requests.

An authorization that lapses unnoticed stops covering releases the client may still want, so
the clinician hears of it in time to ask the client whether to renew it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from confide.disclosures import access
from confide.disclosures import authorizations as auth_rules
from confide.disclosures.vocabulary import RequestStatus
from confide.practice.attention import AttentionItem, register

WARNING_DAYS = (7, 14, 30)


def warning_level(days_left: int) -> str | None:
    """The dashboard level for an authorization `days_left` days from expiry, or None."""
    if days_left < 0 or days_left > WARNING_DAYS[-1]:
        return None
    if days_left <= WARNING_DAYS[0]:
        return "danger"
    if days_left <= WARNING_DAYS[1]:
        return "warn"
    return "info"


def expiring_authorizations(user: Any) -> list[AttentionItem]:
    today = timezone.localdate()
    horizon = today + dt.timedelta(days=WARNING_DAYS[-1])
    items = []
    watched = access.authorizations_to_watch(user).filter(
        expires_on__gte=today, expires_on__lte=horizon
    )
    for auth in watched:
        if not auth_rules.status(auth, today).is_active or auth.expires_on is None:
            continue
        days = (auth.expires_on - today).days
        level = warning_level(days)
        if level is None:
            continue
        items.append(
            AttentionItem(
                f"Authorization for {auth.client.display_name} expires in {days} day(s)",
                url=reverse("disclosures:authorization_detail", args=[auth.pk]),
                level=level,
                due=auth.expires_on,
                client_ids=(auth.client_id,),
            )
        )
    return items


# A request's own urgency as the dashboard's words: an emergency is now, "within a few
# days" this week; a routine one carries the level's words ("To do").
REQUEST_URGENCY = {"emergency": "now", "soon": "week"}


def new_requests(user: Any) -> list[AttentionItem]:
    pending = access.requests_for(user).filter(
        status__in=[RequestStatus.NEW, RequestStatus.MATCHED]
    )
    items = []
    for req in pending.select_related("client")[:20]:
        who = req.client.display_name if req.client else "an unmatched person"
        urgent = req.urgency == "emergency"
        items.append(
            AttentionItem(
                f"Request for information about {who} awaits "
                + ("matching" if req.client is None else "a decision"),
                url=reverse("disclosures:request_detail", args=[req.pk]),
                level="danger" if urgent else "warn",
                due=timezone.localdate(req.received_at),
                client_ids=(req.client_id,) if req.client_id else (),
                urgency=REQUEST_URGENCY.get(req.urgency, ""),
            )
        )
    return items


def undelivered_emails(user: Any) -> list[AttentionItem]:
    """A failed send keeps its record; the sender sees it here until a retry gets it out."""
    return [
        AttentionItem(
            f"An email to {sent.client.display_name} could not be sent yet. "
            "It will be tried again.",
            level="warn",
            due=timezone.localdate(sent.sent_at),
            client_ids=(sent.client_id,),
        )
        for sent in access.undelivered_messages(user)[:20]
    ]


def register_attention() -> None:
    """Called from the app's `ready()`: registering is never an import side effect."""
    register(expiring_authorizations)
    register(new_requests)
    register(undelivered_emails)
