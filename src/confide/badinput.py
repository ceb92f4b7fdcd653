"""The one error a `confide` command raises for input it cannot use.

Django's CommandError exits 1; confide's commands exit 2 for bad input, as argparse does for a
bad option and `confide advise` for an invalid situation, so scripts can tell "you asked wrongly"
(2) from "the check failed" (1).
"""

from __future__ import annotations

from django.core.management.base import CommandError


class BadInput(CommandError):
    """Bad input to a command: one line on stderr, exit 2, nothing changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message, returncode=2)
