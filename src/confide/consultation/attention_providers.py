"""Dashboard items: packets shared with the user in the last two weeks, and the user's own
drafts still waiting to be confirmed or discarded (a draft holds original text)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from confide.consultation import access
from confide.practice.attention import AttentionItem, register

RECENT_DAYS = 14


def consultation_items(user: Any) -> list[AttentionItem]:
    items = []
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    recent = access.shared_packets(user).filter(shares__shared_at__gte=since).distinct().count()
    if recent:
        items.append(
            AttentionItem(
                f"{recent} consultation packet{'s' if recent != 1 else ''} shared with you "
                f"in the last {RECENT_DAYS} days",
                url=reverse("consultation:index"),
            )
        )
    drafts = access.own_packets(user).filter(status="draft").count()
    if drafts:
        items.append(
            AttentionItem(
                f"{drafts} consultation packet draft{'s' if drafts != 1 else ''} to confirm "
                "or discard",
                url=reverse("consultation:index"),
                level="warn",
            )
        )
    return items


def register_attention() -> None:
    """Called from the app's `ready()`: registering is never an import side effect."""
    register(consultation_items)
