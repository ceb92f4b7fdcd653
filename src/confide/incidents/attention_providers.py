"""Dashboard items: open safety events and breach incidents with their next deadline, and
suspected violations still waiting for a session. The text says how urgent each is, so the
colour of the badge is never the only signal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from confide.incidents import access
from confide.incidents.models import BreachIncident, SafetyEvent
from confide.practice import urgency
from confide.practice.attention import AttentionItem, register

URGENT_DAYS = 14


def days_left_text(due: dt.date, today: dt.date) -> str:
    """'due today', 'due in 3 days', 'overdue by 2 days': the words carry the urgency."""
    days = (due - today).days
    if days < 0:
        return f"overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "due today"
    return f"due in {days} day{'s' if days != 1 else ''}"


def _event_item(event: SafetyEvent, now: dt.datetime) -> AttentionItem | None:
    pending = [s for s in event.steps.all() if s.done_at is None]
    if not pending:
        return None
    dated = sorted((s for s in pending if s.due_at is not None), key=lambda s: s.due_at)  # type: ignore[arg-type,return-value]
    name = event.client.display_name
    what = event.get_concern_display()
    url = reverse("incidents:safety_detail", args=[event.pk])
    if dated:
        step = dated[0]
        due = timezone.localtime(step.due_at)
        code = urgency.urgency(step.due_at, now, immediate=step.immediate)  # type: ignore[arg-type]
        if code == "now" and step.immediate:
            when = "due now (the rule says immediately)"
        elif code == "overdue":
            when = f"overdue since {due:%d %b %H:%M}"
        else:
            when = f"due {due:%d %b %H:%M}"
        level = urgency.level(code)
        return AttentionItem(
            text=f"{what}, {name}: {step.title.lower()} {when}",
            url=url,
            level="danger" if event.imminent else level,
            due=due.date(),
            client_ids=(event.client_id,),
            urgency=code,
        )
    level = "danger" if event.imminent else "warn"
    now_text = "act now" if event.imminent else f"{len(pending)} step(s) open"
    return AttentionItem(
        text=f"{what}, {name}: {pending[0].title.lower()} ({now_text})",
        url=url,
        level=level,
        client_ids=(event.client_id,),
    )


def open_safety_events(user: Any) -> list[AttentionItem]:
    now = timezone.now()
    events = (
        access.safety_events_for(user, write=True)
        .filter(closed_at__isnull=True)
        .prefetch_related("steps")
    )
    return [item for event in events if (item := _event_item(event, now)) is not None]


def violations_waiting_for_a_session(user: Any) -> list[AttentionItem]:
    waiting = access.violations_for(user, write=True).filter(
        resolved_at__isnull=True, agenda_item__isnull=True
    )
    if access.is_portal_client(user):
        return []
    return [
        AttentionItem(
            text=f"Suspected violation, {v.client.display_name}: no session scheduled "
            "to take it up",
            url=reverse("incidents:violation_detail", args=[v.pk]),
            level="warn",
            client_ids=(v.client_id,),
        )
        for v in waiting
    ]


def _breach_item(incident: BreachIncident, today: dt.date) -> AttentionItem:
    url = reverse("incidents:breach_detail", args=[incident.pk])
    pending = incident.pending_deadlines()
    if not pending:
        text = (
            f"Breach incident “{incident.title}”: assess the risk"
            if incident.assessed_at is None
            else f"Breach incident “{incident.title}”: all notices sent; close it"
        )
        return AttentionItem(text=text, url=url, level="warn")
    first = pending[0]
    prefix = "assess the risk; " if incident.assessed_at is None else ""
    days = (first.due - today).days
    urgent = days <= URGENT_DAYS
    code = urgency.by_days(days, URGENT_DAYS)
    return AttentionItem(
        text=f"Breach incident “{incident.title}”: {prefix}{first.title.lower()} by "
        f"{first.due:%d %b %Y} ({days_left_text(first.due, today)})",
        url=url,
        level="danger" if urgent else "warn",
        due=first.due,
        urgency=code,
    )


def open_breaches(user: Any) -> list[AttentionItem]:
    today = timezone.localdate()
    return [
        _breach_item(i, today) for i in access.breaches_for(user).filter(closed_at__isnull=True)
    ]


def register_attention() -> None:
    """Called from the app's `ready()`: registering is never an import side effect."""
    register(open_safety_events)
    register(violations_waiting_for_a_session)
    register(open_breaches)
