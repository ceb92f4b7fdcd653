"""What `confide remind` and the staff notices have sent, so nothing is sent twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Outcome(models.TextChoices):
    SENT = "sent", "Sent"
    REFUSED = "refused", "No allowed channel: nothing sent"
    NO_ADDRESS = "no_address", "No email address on file: nothing sent"


class SentReminder(models.Model):
    """One reminder to one recipient. `key` names what it is about by kind, record id and
    stage only ("authorization-expiring:12:7d"), never by a name or a title, so the table
    says nothing a reader could not already learn from the ids. Unique per recipient: a
    second run on the same day (or any later day) finds the row and sends nothing."""

    key = models.CharField(max_length=120)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    client = models.ForeignKey(
        "practice.Client", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.SENT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "recipient"],
                condition=models.Q(recipient__isnull=False),
                name="one_reminder_per_staff_recipient",
            ),
            models.UniqueConstraint(
                fields=["key", "client"],
                condition=models.Q(client__isnull=False),
                name="one_reminder_per_client",
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder {self.key} ({self.sent_on})"
