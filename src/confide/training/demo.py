"""Demo data for training: Dr. Rivera has completed the training on today's rules, so the
privacy officer's record shows one member up to date and the others due. Added only once,
only to the demo practice."""

from __future__ import annotations

from confide.accounts.models import User
from confide.practice.demo import is_demo_practice
from confide.training import actions
from confide.training.exercises import EXERCISES
from confide.training.models import TrainingAttempt


def _rivera_trained(rivera: User) -> None:
    if TrainingAttempt.objects.filter(user=rivera).exists():
        return
    attempt = actions.start_training(acting_user=rivera)
    for exercise in EXERCISES:
        decision = exercise.decision(attempt.jurisdiction, attempt.licence)
        # One answer differs, so the record shows what a difference looks like.
        options = [o for o, _label in exercise.options(decision)]
        chosen: str = decision.outcome
        if exercise.key == "subpoena":
            chosen = next(o for o in options if o != decision.outcome)
        actions.answer(acting_user=rivera, attempt=attempt, exercise=exercise.key, chosen=chosen)
    actions.complete_training(acting_user=rivera, attempt=attempt)


def load_demo() -> None:
    if not is_demo_practice():
        return
    rivera = User.objects.filter(username="dr.rivera").first()
    if rivera is not None:
        _rivera_trained(rivera)
