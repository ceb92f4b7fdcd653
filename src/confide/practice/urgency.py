"""How urgent a due time is, in words: "Now", "Today", "This week", "Later", "Overdue".

Badges carry these words, never colour alone, so a clinician reading with a screen reader or
in grey scale sees the same urgency. "Immediately" in a rule is due now and stays "Now" until
an hour has passed: it is never shown as a time some hours away, nor as overdue a minute
later.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LABELS = {
    "overdue": _("Overdue"),
    "now": _("Now"),
    "today": _("Today"),
    "week": _("This week"),
    "fortnight": _("Within 2 weeks"),
    "later": _("Later"),
}
# The colour class of each; the words above are what carries the meaning.
LEVELS = {
    "overdue": "danger",
    "now": "danger",
    "today": "danger",
    "week": "warn",
    "fortnight": "warn",
    "later": "info",
}
NOW_WINDOW = dt.timedelta(hours=1)


def urgency(due_at: dt.datetime, now: dt.datetime, *, immediate: bool = False) -> str:
    """The urgency code of something due at `due_at` (local dates decide "today")."""
    if immediate and now - due_at < NOW_WINDOW:
        return "now"
    if due_at < now:
        return "overdue"
    if due_at - now <= NOW_WINDOW:
        return "now"
    if timezone.localdate(due_at) == timezone.localdate(now):
        return "today"
    if due_at - now <= dt.timedelta(days=7):
        return "week"
    return "later"


def by_days(days: int, fortnight: int = 14) -> str:
    """The urgency of something due `days` days from today (a date, not a time)."""
    if days < 0:
        return "overdue"
    if days == 0:
        return "today"
    if days <= 7:
        return "week"
    return "fortnight" if days <= fortnight else "later"


def label(code: str) -> str:
    """The urgency in the reader's language (the labels above are lazy)."""
    return str(LABELS.get(code, ""))


def level(code: str) -> str:
    return LEVELS.get(code, "info")
