"""`confide restore FILE [--replace]`: load a sealed backup into this installation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from confide.audit.log import record
from confide.audit.verify import verify_chain
from confide.badinput import BadInput
from confide.crypto import KeyRingError
from confide.operations.backups import restore_backup
from confide.operations.sealed import BackupError


class Command(BaseCommand):
    help = "Restore a backup made by `confide backup` (needs the same data key ring)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="the backup file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="overwrite a database that already holds a practice",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            header = restore_backup(Path(options["file"]), replace=options["replace"])
        except (BackupError, KeyRingError, OSError) as error:
            raise BadInput(f"restore failed, nothing changed: {error}") from error
        # A backup taken before an upgrade holds the tables as they were then (the audit
        # trail's layout 1, say): bring them to this version before reading them.
        call_command("migrate", verbosity=0, interactive=False)
        result = verify_chain()
        if not result.ok:
            raise CommandError(f"restored, but {result}")
        with transaction.atomic():
            record(
                actor=None,
                action="restore",
                target_type="operations.backup",
                summary="Backup restored from the command line",
                detail={"file": Path(options["file"]).name, "taken": header.created},
            )
        self.stdout.write(f"Restored the backup taken {header.created}. {result}")
