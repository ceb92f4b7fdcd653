"""Reads of the training record. A staff member sees their own attempts; the privacy officer
sees every staff member's standing and completions (no client data is involved)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from confide.accounts.models import Role, User
from confide.accounts.roles import has_role, is_staff_member
from confide.accounts.types import Viewer
from confide.practice.models import Practice
from confide.rulepack import fingerprint
from confide.training.models import TrainingAnswer, TrainingAttempt
from confide.training.status import Standing, standing

FEDERAL = "US"


def practice_jurisdiction() -> str:
    """The state the training is about: the practice's (federal rules alone without one)."""
    practice = Practice.current()
    return practice.jurisdiction if practice is not None else FEDERAL


def current_fingerprint() -> str:
    try:
        return fingerprint(practice_jurisdiction())
    except KeyError:
        return fingerprint(FEDERAL)


def own_attempts(user: Viewer) -> QuerySet[TrainingAttempt]:
    if not is_staff_member(user):
        return TrainingAttempt.objects.none()
    return TrainingAttempt.objects.filter(user=user).prefetch_related("answers")


def open_attempt(user: Viewer) -> TrainingAttempt | None:
    """The user's unfinished attempt on the current rules, if any."""
    return (
        own_attempts(user)
        .filter(completed_at__isnull=True, rules_fingerprint=current_fingerprint())
        .first()
    )


def answers_by_exercise(attempt: TrainingAttempt | None) -> dict[str, TrainingAnswer]:
    """The answers given so far in one of the viewer's own attempts (from `open_attempt`)."""
    return {a.exercise: a for a in attempt.answers.all()} if attempt else {}


def answer_to(attempt: TrainingAttempt, exercise: str) -> TrainingAnswer | None:
    """The viewer's answer to one situation of their own attempt, if they gave one."""
    return attempt.answers.filter(exercise=exercise).first()


def get_own_attempt(user: Viewer, pk: Any) -> TrainingAttempt:
    try:
        return own_attempts(user).get(pk=pk)
    except (TrainingAttempt.DoesNotExist, ValueError, TypeError):
        raise Http404("No such attempt") from None


def own_standing(user: Viewer) -> Standing:
    return standing(user, current_fingerprint())


@dataclass(frozen=True)
class ReportRow:
    user: User
    standing: Standing
    completions: tuple[TrainingAttempt, ...]


def report(user: Viewer) -> list[ReportRow]:
    """Every active staff member's standing and completions: the privacy officer's alone."""
    if not has_role(user, Role.PRIVACY_OFFICER):
        raise Http404("No such page")
    current = current_fingerprint()
    staff = User.objects.filter(is_active=True).exclude(role=Role.CLIENT).order_by("username")
    done = TrainingAttempt.objects.filter(completed_at__isnull=False).prefetch_related("answers")
    by_user: dict[int, list[TrainingAttempt]] = {}
    for attempt in done.order_by("-completed_at", "-pk"):
        by_user.setdefault(attempt.user_id, []).append(attempt)
    rows = []
    for member in staff:
        completions = by_user.get(member.pk, [])
        last = completions[0] if completions else None
        rows.append(ReportRow(member, standing(member, current, last=last), tuple(completions)))
    return rows
