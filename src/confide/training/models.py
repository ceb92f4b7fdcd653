"""Workforce training (45 CFR 164.530(b)): one attempt per sitting, one answer per situation,
and the completion that counts. An attempt stores the jurisdiction and the fingerprint of its
rules, so training falls due again when those rules change. Kept, never deleted: the training
record is documentation (164.530(b)(2)(ii), (j))."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class TrainingAttempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_attempts"
    )
    jurisdiction = models.CharField(max_length=16)
    rules_fingerprint = models.CharField(max_length=64)
    licence = models.CharField(max_length=32)
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Training attempt {self.pk}"

    @property
    def matched(self) -> int:
        return sum(1 for answer in self.answers.all() if answer.matched)


class TrainingAnswer(models.Model):
    attempt = models.ForeignKey(TrainingAttempt, on_delete=models.CASCADE, related_name="answers")
    exercise = models.CharField(max_length=32)
    chosen = models.CharField(max_length=32)
    engine_outcome = models.CharField(max_length=32)
    matched = models.BooleanField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "exercise"], name="one_answer_each")
        ]

    def __str__(self) -> str:
        return f"Answer to {self.exercise}"
