"""`confide backup [--out FILE]`: a sealed copy of the database and uploaded documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from confide.audit.log import record
from confide.badinput import BadInput
from confide.crypto import KeyRingError
from confide.operations.backups import default_backup_name, take_backup
from confide.operations.sealed import BackupError


class Command(BaseCommand):
    help = "Write an encrypted backup (restoring it needs this installation's data key ring)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", metavar="FILE", help="where to write the backup")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"]) if options.get("out") else default_backup_name()
        if out.is_dir():
            raise BadInput(f"--out: {out} is a folder; give a file name")
        if out.exists():
            raise BadInput(f"--out: {out} already exists; backups never overwrite a file")
        if options.get("out") and not out.parent.is_dir():
            # A mistyped folder is a mistake to report, not a folder to create.
            raise BadInput(f"--out: the folder {out.parent} does not exist")
        with transaction.atomic():
            # Recorded first, so the backup holds the event of its own making (a failed backup
            # leaves the request on record, which is the truth).
            record(
                actor=None,
                action="export",
                target_type="operations.backup",
                summary="Backup requested from the command line",
                detail={"file": out.name},
            )
        try:
            path, size = take_backup(out)
        except (BackupError, KeyRingError, OSError) as error:
            raise CommandError(f"backup failed, nothing written: {error}") from error
        self.stdout.write(f"Backup written to {path} ({size} bytes before encryption).")
        self.stdout.write("Restoring it needs the data key ring: keep the keys apart from it.")
