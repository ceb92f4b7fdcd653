"""The practice app's own attention items: cases with nothing scheduled, agenda items that
are still open after their session (a privacy concern must not drift from week to week)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from confide.practice import access
from confide.practice.attention import AttentionItem, links_to, register
from confide.practice.models import AgendaItem, Session
from confide.practice.vocabulary import AgendaSource, CaseStatus, SessionStatus


def cases_without_a_session(user: Any) -> list[AttentionItem]:
    if not access.is_clinician(user):
        return []
    upcoming = Session.objects.filter(
        case=OuterRef("pk"), status=SessionStatus.SCHEDULED, starts_at__gte=timezone.now()
    )
    cases = list(access.cases_for(user).filter(status=CaseStatus.OPEN).exclude(Exists(upcoming)))
    people = access.participants_by_case(user, cases, with_clients=False)  # only their ids
    link = links_to("practice:case_detail")
    return [
        AttentionItem(
            text=_("%(case)s: no session scheduled") % {"case": case.title},
            url=link(case.pk),
            level="info",
            client_ids=tuple(p.client_id for p in people[case.pk]),
        )
        for case in cases
    ]


def open_privacy_agenda_items(user: Any) -> list[AttentionItem]:
    """Privacy concerns and suspected violations not yet taken up in session."""
    if not access.sees_clinical(user):
        return []
    items = (
        AgendaItem.objects.filter(
            session__in=access.sessions_for(user),
            addressed_at__isnull=True,
            source__in=[AgendaSource.PRIVACY_CONCERN, AgendaSource.VIOLATION],
        )
        .select_related("session__case")
        .order_by("session__starts_at")
    )
    return [
        AttentionItem(
            text=_("%(case)s: %(source)s, to take up")
            % {"case": item.session.case.title, "source": item.get_source_display().lower()},
            url=reverse("practice:session_detail", args=[item.session_id]),
            level="warn",
            due=timezone.localtime(item.session.starts_at).date(),
        )
        for item in items
    ]


def register_attention() -> None:
    """Called from the app's `ready()`: registering is never an import side effect."""
    register(cases_without_a_session)
    register(open_privacy_agenda_items)
