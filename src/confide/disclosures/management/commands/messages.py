"""`confide messages retry`: send again every email to a client whose first try failed.

An email is sent after its record commits, so a mail server that is down leaves the message
recorded and marked failed; this command (run by a timer) tries each again and records the
outcome. It never sends where the client no longer allows email."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from confide.disclosures.actions import retry_undelivered
from confide.disclosures.models import SentMessage
from confide.disclosures.vocabulary import Delivery


class Command(BaseCommand):
    help = "Try again the emails to clients that could not be sent."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["retry"])

    def handle(self, *args: Any, **options: Any) -> None:
        tried = retry_undelivered()
        failed = SentMessage.objects.filter(pk__in=tried, delivery=Delivery.FAILED).count()
        self.stdout.write(f"{len(tried)} tried, {len(tried) - failed} sent, {failed} still failing")
