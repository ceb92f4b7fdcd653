"""Dashboard items: your own training when it is due; for the privacy officer, how many staff
members are due."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from confide.accounts.roles import has_role, is_staff_member
from confide.practice.attention import AttentionItem, register
from confide.training import access


def training_items(user: Any) -> list[AttentionItem]:
    if not is_staff_member(user):
        return []
    items = []
    own = access.own_standing(user)
    if own.due:
        level = "danger" if own.overdue else "warn"
        text = f"Confidentiality training is due: {own.reason.lower()}"
        items.append(AttentionItem(text, reverse("training:index"), level, own.due_on))
    if has_role(user, "privacy_officer"):
        due = sum(1 for row in access.report(user) if row.standing.due)
        if due:
            people = "staff member is" if due == 1 else "staff members are"
            text = f"{due} {people} due for confidentiality training"
            items.append(AttentionItem(text, reverse("training:report"), "warn"))
    return items


def register_attention() -> None:
    register(training_items)
