"""Every write of the training record, audited in the same transaction.

An answer is compared with the engine's decision for the same situation in the practice's
state, computed here (never taken from the form), so the record says what the rules said.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from confide.accounts.roles import is_staff_member, require_account
from confide.accounts.types import Actor
from confide.audit.log import record
from confide.licences import clinician_license
from confide.policy import Decision
from confide.training import access
from confide.training.exercises import BY_KEY, EXERCISES
from confide.training.models import TrainingAnswer, TrainingAttempt


def _require_staff(user: Actor) -> None:
    if not is_staff_member(user):
        raise PermissionDenied


def start_training(*, acting_user: Actor, request: Any = None) -> TrainingAttempt:
    """Open an attempt on the current rules, or return the one already open."""
    _require_staff(acting_user)
    with transaction.atomic():
        existing = access.open_attempt(acting_user)
        if existing is not None:
            return existing
        attempt = TrainingAttempt.objects.create(
            user=require_account(acting_user),
            jurisdiction=access.practice_jurisdiction(),
            rules_fingerprint=access.current_fingerprint(),
            licence=clinician_license(acting_user),
        )
        record(
            actor=acting_user,
            action="create",
            target=attempt,
            summary="Confidentiality training started",
            detail={"jurisdiction": attempt.jurisdiction},
            request=request,
        )
        return attempt


def answer(
    *,
    acting_user: Actor,
    attempt: TrainingAttempt,
    exercise: str,
    chosen: str,
    request: Any = None,
) -> tuple[TrainingAnswer, Decision]:
    """Record the trainee's choice and return it with the engine's decision."""
    _require_staff(acting_user)
    found = BY_KEY.get(exercise)
    if found is None:
        raise ValidationError({"exercise": _("No such situation.")})
    with transaction.atomic():
        attempt = TrainingAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.user_id != require_account(acting_user).pk:
            raise PermissionDenied
        if attempt.completed_at is not None:
            raise ValidationError(_("This training is already complete."))
        decision = found.decision(attempt.jurisdiction, attempt.licence)
        if chosen not in dict(found.options(decision)):
            raise ValidationError({"chosen": _("Choose one of the answers.")})
        if attempt.answers.filter(exercise=exercise).exists():
            raise ValidationError(_("You have already answered this situation."))
        row = TrainingAnswer.objects.create(
            attempt=attempt,
            exercise=exercise,
            chosen=chosen,
            engine_outcome=decision.outcome,
            matched=chosen == decision.outcome,
        )
        record(
            actor=acting_user,
            action="change",
            target=attempt,
            summary="Training situation answered",
            detail={"exercise": exercise, "matched": row.matched},
            request=request,
        )
        return row, decision


def complete_training(
    *, acting_user: Actor, attempt: TrainingAttempt, request: Any = None
) -> TrainingAttempt:
    """Mark the attempt complete once every situation is answered."""
    _require_staff(acting_user)
    with transaction.atomic():
        attempt = TrainingAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.user_id != require_account(acting_user).pk:
            raise PermissionDenied
        if attempt.completed_at is not None:
            raise ValidationError(_("This training is already complete."))
        answered = set(attempt.answers.values_list("exercise", flat=True))
        missing = [str(e.title) for e in EXERCISES if e.key not in answered]
        if missing:
            raise ValidationError(
                _("Answer every situation first: %(missing)s.") % {"missing": ", ".join(missing)}
            )
        attempt.completed_at = timezone.now()
        attempt.save(update_fields=["completed_at"])
        record(
            actor=acting_user,
            action="change",
            target=attempt,
            summary="Confidentiality training completed",
            detail={
                "jurisdiction": attempt.jurisdiction,
                "rules_fingerprint": attempt.rules_fingerprint,
                "matched": attempt.matched,
                "of": len(EXERCISES),
            },
            request=request,
        )
        return attempt
