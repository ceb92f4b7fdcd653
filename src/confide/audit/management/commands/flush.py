"""`flush` that respects the audit trail.

Django's flush empties every table, which the audit triggers refuse. In a real practice that
refusal is right, so flush stops with a clear message. Under tests (transactional test cases
flush between tests) the triggers are lifted for the flush and put back straight after.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from confide.audit.protection import protect, unprotect


class Command(FlushCommand):
    help = "Empty the database (tests only: the audit trail is append-only)."

    def handle(self, **options: Any) -> None:
        if not getattr(settings, "TESTING", False):
            raise CommandError(
                "Refused: flush would erase the append-only audit trail. "
                "Start a new data folder or database instead."
            )
        connection = connections[options["database"]]
        unprotect(connection)
        try:
            super().handle(**options)
        finally:
            protect(connection)
