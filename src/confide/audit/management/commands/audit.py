"""`confide audit verify` checks the hash chain; `confide audit export --csv FILE` writes it out."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from confide.audit import anchors
from confide.audit.log import record
from confide.audit.query import events, write_csv
from confide.audit.verify import verify_chain, verify_since_anchor
from confide.badinput import BadInput


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise BadInput(f"--since: not a date (use YYYY-MM-DD): {text!r}") from error


@contextmanager
def _progress(err: Any, on_terminal: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal (rich); silence in a timer's log."""
    if not on_terminal:
        yield lambda _n: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("Checking the audit chain", total=None)
        yield lambda n: bar.advance(task, n)


class Command(BaseCommand):
    help = "Verify or export the audit trail."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="check the hash chain; exit 1 when it is broken")
        verify.add_argument(
            "--anchors",
            metavar="FILE",
            help="anchored heads to check (default: audit-anchors in the data folder)",
        )
        verify.add_argument(
            "--anchor",
            action="store_true",
            help="after a good check, add the head to the anchor file (run it daily)",
        )
        verify.add_argument(
            "--since-anchor",
            action="store_true",
            help="check only the events after the last anchored head (and that anchors hold)",
        )
        verify.add_argument(
            "--workers", type=int, metavar="N", help="processes for the walk (default: cores)"
        )
        export: ArgumentParser = sub.add_parser("export", help="write events as CSV")
        export.add_argument("--csv", required=True, metavar="FILE", help="output file, or -")
        export.add_argument("--client", type=int, metavar="ID", help="only this client's events")
        export.add_argument("--since", metavar="DATE", help="only events on or after YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            path = Path(options["anchors"]) if options.get("anchors") else anchors.default_path()
            self.verify(
                path,
                bool(options.get("anchor")),
                since_anchor=bool(options.get("since_anchor")),
                workers=options.get("workers"),
            )
        else:
            self.export(options["csv"], options.get("client"), options.get("since"))

    def verify(self, path: Path, anchor: bool, *, since_anchor: bool, workers: int | None) -> None:
        try:
            held = anchors.read(path)
        except (OSError, anchors.AnchorFileError) as error:
            raise BadInput(f"cannot read the anchor file: {error}") from error
        if workers is not None and not 1 <= workers <= 64:
            raise BadInput("--workers must be between 1 and 64")
        walk = verify_since_anchor if since_anchor else verify_chain
        with _progress(self.stderr, sys.stderr.isatty()) as advance:
            result = walk(held, workers=workers, progress=advance)
        if not result.ok:
            self.stderr.write(str(result))
            sys.exit(1)
        self.stdout.write(str(result))
        head = result.head
        if anchor and head is not None and (not held or held[-1] != head):
            try:
                anchors.append(path, head)
            except OSError as error:
                raise BadInput(f"cannot write the anchor file: {error}") from error
            self.stdout.write(f"Anchored event {head.seq} in {path}; keep a copy off this machine.")

    def export(self, path: str, client_id: int | None, since: str | None) -> None:
        rows = events(client_id=client_id, since=_date(since) if since else None)
        if path == "-":
            self._record_export(client_id, since)
            write_csv(self.stdout, rows.iterator())
            return
        # Open the file before anything is recorded: a bad path changes nothing.
        try:
            handle = open(path, "w", newline="", encoding="utf-8")  # noqa: SIM115
        except OSError as error:
            raise BadInput(f"--csv: cannot write {path}: {error.strerror or error}") from None
        with handle:
            self._record_export(client_id, since)
            count = write_csv(handle, rows.iterator())
        self.stderr.write(f"Wrote {count} events to {path}.")

    def _record_export(self, client_id: int | None, since: str | None) -> None:
        """The export itself is an event: who took a copy of the trail, and which part."""
        record(
            actor=None,
            action="export",
            target_type="audit.trail",
            client_id=client_id,
            summary="Exported the audit trail from the command line",
            detail={"client": client_id, "since": since or ""},
        )
