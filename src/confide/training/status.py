"""When a staff member's training is due: on hire (within 30 days of joining), every year,
and again as soon as the rules for the practice's state change (the fingerprint stored at
completion no longer matches the rule pack's)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from confide.training.models import TrainingAttempt

HIRE_GRACE_DAYS = 30
YEAR_DAYS = 365


@dataclass(frozen=True)
class Standing:
    due: bool
    reason: str
    due_on: dt.date | None
    last: TrainingAttempt | None

    @property
    def overdue(self) -> bool:
        return self.due and self.due_on is not None and self.due_on < timezone.localdate()


def last_completion(user: Any) -> TrainingAttempt | None:
    return (
        TrainingAttempt.objects.filter(user=user, completed_at__isnull=False)
        .order_by("-completed_at", "-pk")
        .first()
    )


def standing(user: Any, fingerprint: str, *, last: TrainingAttempt | None = None) -> Standing:
    """The user's training standing against the current rules' `fingerprint`."""
    last = last if last is not None else last_completion(user)
    today = timezone.localdate()
    if last is None or last.completed_at is None:
        joined = timezone.localdate(user.date_joined)
        return Standing(
            True, "Not trained yet: due on joining", joined + dt.timedelta(HIRE_GRACE_DAYS), None
        )
    done = timezone.localdate(last.completed_at)
    if last.rules_fingerprint != fingerprint:
        return Standing(
            True, "The rules for this state changed since the last training", today, last
        )
    next_due = done + dt.timedelta(YEAR_DAYS)
    if next_due <= today:
        return Standing(True, "Yearly training is due", next_due, last)
    return Standing(False, "Up to date", next_due, last)
