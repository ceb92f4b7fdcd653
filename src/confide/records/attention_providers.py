"""Dashboard items from notes: the privacy officer sees every emergency access not yet
reviewed; a clinician sees their own emergency accesses while they last, and their drafts
still to sign (an unsigned note is not yet part of the record)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from confide.accounts.types import Viewer
from confide.practice.attention import AttentionItem, register
from confide.records import access


def emergency_accesses_to_review(user: Any) -> list[AttentionItem]:
    items = []
    for emergency in access.unacknowledged_emergencies(user):
        who = emergency.clinician.get_full_name() or emergency.clinician.get_username()
        state = _("active") if emergency.active_at() else _("expired")
        items.append(
            AttentionItem(
                text=_("Emergency access by %(who)s to case %(case)s (%(state)s): review")
                % {"who": who, "case": emergency.case_id, "state": state},
                url=reverse("records:emergency_review", args=[emergency.pk]),
                level="danger" if emergency.active_at() else "warn",
                due=timezone.localdate(emergency.opened_at),
            )
        )
    return items


def my_emergency_accesses(user: Any) -> list[AttentionItem]:
    return [
        AttentionItem(
            text=_("Emergency access to case %(case)s until %(until)s")
            % {"case": e.case_id, "until": f"{timezone.localtime(e.expires_at):%Y-%m-%d %H:%M}"},
            url=reverse("records:case_notes", args=[e.case_id]),
            level="warn",
        )
        for e in access.my_emergency_accesses(user)
    ]


def my_drafts_to_sign(user: Viewer) -> list[AttentionItem]:
    count, oldest = access.my_drafts(user)
    if not count:
        return []
    return [
        AttentionItem(
            text=ngettext(
                "%(count)s draft note to finish and sign",
                "%(count)s draft notes to finish and sign",
                count,
            )
            % {"count": count},
            url=reverse("records:note_list") + "?status=draft",
            level="warn" if oldest and oldest < timezone.localdate() else "info",
            due=oldest,
        )
    ]


def register_attention() -> None:
    """Called from the app's `ready()`: registering is never an import side effect."""
    register(emergency_accesses_to_review)
    register(my_emergency_accesses)
    register(my_drafts_to_sign)
