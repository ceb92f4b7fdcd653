"""`confide remind`: send the day's due reminders (run daily from cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Send due reminders by email: agreements to revisit, authorizations expiring, "
        "deadlines. Safe to run more than once a day: what was sent is recorded and never "
        "sent again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from confide.followup.reminders import run

        report = run()
        for line in report.lines():
            self.stdout.write(line)
