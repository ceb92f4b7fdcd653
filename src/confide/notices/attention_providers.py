"""Dashboard items: clients without an acknowledgment of the notice, and for the privacy
officer a notice that is missing, waiting to be published, or older than the rules."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from confide.accounts.roles import has_role
from confide.notices import access
from confide.notices.models import NoticeVersion
from confide.notices.vocabulary import NoticeStatus
from confide.practice.attention import AttentionItem, register
from confide.practice.models import Practice
from confide.rulepack import fingerprint


def _missing_text(count: int) -> str:
    people = "client has" if count == 1 else "clients have"
    return f"{count} {people} not acknowledged the Notice of Privacy Practices"


def _privacy_officer_items(user: Any) -> list[AttentionItem]:
    url = reverse("notices:manage")
    current = access.current_notice()
    items = []
    if current is None:
        items.append(AttentionItem("No Notice of Privacy Practices is published", url, "warn"))
    else:
        practice = Practice.current()
        code = practice.jurisdiction if practice else current.jurisdiction
        try:
            changed = fingerprint(code) != current.rules_fingerprint
        except KeyError:
            changed = True
        if changed:
            text = "The rules for this state changed since the notice was drafted: review it"
            items.append(AttentionItem(text, url, "warn"))
    waiting = NoticeVersion.objects.exclude(status=NoticeStatus.PUBLISHED).exists()
    if waiting:
        items.append(AttentionItem("A draft notice is waiting to be reviewed or published", url))
    count = access.count_without_acknowledgment(user)
    if count and current is not None:
        items.append(AttentionItem(_missing_text(count), url))
    return items


def notice_items(user: Any) -> list[AttentionItem]:
    if has_role(user, "privacy_officer"):
        return _privacy_officer_items(user)
    if not has_role(user, "clinician", "administrator") or access.current_notice() is None:
        return []
    clients = list(access.clients_without_acknowledgment(user).values_list("pk", flat=True))
    if not clients:
        return []
    url = reverse("notices:pending")
    return [AttentionItem(_missing_text(len(clients)), url, "info", None, tuple(clients))]


def register_attention() -> None:
    register(notice_items)
