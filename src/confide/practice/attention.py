"""What needs a clinician's attention, gathered from every app for the dashboard.

An app keeps its providers, functions `(user) -> list[AttentionItem]`, in its
`attention_providers.py`, and registers them with an explicit call from its
`AppConfig.ready()` (never as an import side effect):

    from confide.practice.attention import AttentionItem, register

    def agreements_due(user):
        return [AttentionItem("Agreement due for revisit", url=..., level="warn")]

    def register_attention() -> None:
        register(agreements_due)

Providers must read through their app's `access` module, so each user sees only their own.
A provider that fails is skipped and logged: one broken app must not hide the others' items.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

LEVELS = ("danger", "warn", "info")


@dataclass(frozen=True)
class AttentionItem:
    text: str
    url: str = ""
    # "danger" (act now: a deadline or a safety duty), "warn" (soon), "info".
    level: str = "info"
    due: dt.date | None = None
    # For the audit event of the page showing it: which clients the item concerns.
    client_ids: tuple[int, ...] = ()
    # now | today | week | later | overdue (practice.urgency), for items with a due time.
    urgency: str = ""

    @property
    def badge(self) -> str:
        """The badge's words: the urgency of a timed item, else what the level means. The
        words, not the colour, carry the meaning."""
        from django.utils.translation import gettext

        from confide.practice.urgency import label

        if self.urgency:
            return label(self.urgency)
        return {"danger": gettext("Now"), "warn": gettext("To do")}.get(self.level, "")


# An id no record has: reversed once, then replaced by each real id (see `links_to`).
_MARKER = 9_876_543_210_123


def links_to(url_name: str) -> Callable[[int], str]:
    """`reverse(url_name, args=[pk])` for many pks. A provider that lists every open case
    links each one; each `reverse` walks the URL resolver (some 90 calls), so the dashboard
    spent more on its 50 links than on most of its queries. The URL is reversed once with a
    marker id and the marker replaced, which gives the same string for an integer pk."""
    from django.urls import reverse

    head, marker, tail = reverse(url_name, args=[_MARKER]).partition(str(_MARKER))
    if not marker or str(_MARKER) in tail:
        return lambda pk: reverse(url_name, args=[pk])  # a pattern that reshapes the id
    return lambda pk: f"{head}{int(pk)}{tail}"


Provider = Callable[[Any], list[AttentionItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider (idempotent, so a re-run `ready()` does not double the items)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def items_for(user: Any) -> list[AttentionItem]:
    """Every provider's items, most urgent first, then by due date."""
    items: list[AttentionItem] = []
    for provider in list(_providers):
        try:
            items.extend(provider(user))
        except Exception:
            logger.exception("attention provider %r failed", provider)
    rank = {level: i for i, level in enumerate(LEVELS)}
    return sorted(items, key=lambda i: (rank.get(i.level, len(LEVELS)), i.due or dt.date.max))
