"""`confide demo [--reset]`: load the demo practice (once; `--reset` starts it afresh)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from confide.badinput import BadInput
from confide.practice.demo import DEMO_PASSWORD, DemoResetRefused, demo_logins, load_demo


class Command(BaseCommand):
    help = "Load the demo practice, Harbor Light Counseling. Does nothing if a practice exists."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Remove the practice records first and load the demo afresh.",
        )

    def handle(self, *args: Any, reset: bool = False, **options: Any) -> None:
        try:
            loaded = load_demo(reset=reset, say=self.stdout.write)
        except DemoResetRefused as refusal:
            raise BadInput(str(refusal)) from None
        if not loaded:
            self.stdout.write("A practice already exists; nothing changed (use --reset).")
            return
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        for username, note in demo_logins():
            self.stdout.write(f"  {username:<12} {note}")
