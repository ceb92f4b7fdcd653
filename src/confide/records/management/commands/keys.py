"""`confide keys status|rotate|resume`: the data-encryption key ring.

`status` exits non-zero when a key the database needs is missing from the ring. `rotate` and
`resume` are the only ways a new key enters the database's key registry; both rebuild the
blind index under the ring's index key.
"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from confide import keyregistry
from confide.crypto import INDEX_PREFIX, KeyRing, KeyRingError, keyring, new_index_entry
from confide.keyrotation import BATCH, key_usage, reencrypt_all, retire_unused
from confide.paths import new_aes_key, replace_private
from confide.storage import reseal_all
from confide.storage import usage as file_usage


def _prepend_key_to_file(path: Path, key: str) -> str:
    """Write the new ring beside the old one and rename over it: never a half-written ring.

    The blind-index entry is replaced by a fresh one too (rotating the index key; the
    rotation rebuilds the index)."""
    kept = [line for line in path.read_text().split() if not line.startswith(INDEX_PREFIX)]
    ring = "\n".join([key, *kept, new_index_entry()]) + "\n"
    replace_private(path, ring.encode())
    return ring


class Command(BaseCommand):
    help = "Show, rotate or finish rotating the data-encryption key ring."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["status", "rotate", "resume"])
        parser.add_argument(
            "--batch", type=int, default=BATCH, help="Rows re-encrypted per transaction."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        self.batch = max(1, int(options.get("batch") or BATCH))
        if action == "status":
            self._status()
        elif action == "rotate":
            self._rotate()
        else:
            self._resume()

    def _status(self) -> None:
        ring = keyring()
        usage = key_usage()
        registry = keyregistry.registered()
        for n, key in enumerate(ring.keys):
            tag = "current" if n == 0 else "older"
            self.stdout.write(f"{key.key_id}  {tag:8}  {usage.get(key.key_id, 0)} values")
        files = file_usage()
        needed = {k for k in (*usage, *files) if k != "plaintext"} | registry[keyregistry.DATA]
        missing = sorted(needed - set(ring.by_id))
        for key_id in missing:
            count = usage.get(key_id, 0) + files.get(key_id, 0)
            self.stdout.write(self.style.ERROR(f"{key_id}  MISSING   {count} values"))
        source = "its own index: entry" if ring.index_dedicated else "the newest data key"
        self.stdout.write(f"{ring.index_key_id}  index     (blind index key, from {source})")
        problems = keyregistry.mismatches(ring)
        if files:
            counts = ", ".join(f"{kid}: {n}" for kid, n in sorted(files.items()))
            self.stdout.write(f"uploaded documents by key: {counts}")
        behind = sum(n for k, n in usage.items() if k != ring.current.key_id)
        behind += sum(n for k, n in files.items() if k != ring.current.key_id)
        if behind:
            self.stdout.write(
                self.style.WARNING(
                    f"{behind} values are not under the current key: run `confide keys resume`."
                )
            )
        else:
            self.stdout.write("Every value is under the current key.")
        # A newest key not yet registered (or an index key not yet built) is a rotation that
        # `keys resume` finishes: a warning. A key the data needs and the ring lacks is a failure.
        for problem in problems:
            if problem.key_id not in missing:
                self.stdout.write(self.style.WARNING(str(problem)))
        if missing:
            raise CommandError(
                f"data key {missing[0]} is missing from the key ring: values sealed under it "
                "cannot be read; put it back (CONFIDE_DATA_KEYS or the data_keys file)"
            )

    def _rotate(self) -> None:
        if os.environ.get("CONFIDE_DATA_KEYS"):
            raise CommandError(
                "CONFIDE_DATA_KEYS comes from the environment: put a new key first there "
                f"(for example {new_aes_key()}), run `confide keys resume` (it registers the key "
                "and re-encrypts), then restart every app server."
            )
        path = Path(settings.DATA_DIR) / "data_keys"
        ring_text = _prepend_key_to_file(path, new_aes_key())
        settings.DATA_KEYS = ring_text
        ring = KeyRing.from_text(ring_text)
        self.stdout.write(f"new current key {ring.current.key_id}; re-encrypting")
        self._reencrypt(ring)

    def _resume(self) -> None:
        self._reencrypt(keyring())

    def _reencrypt(self, ring: KeyRing) -> None:
        from confide.audit.log import record

        def progress(column: str, rows: int) -> None:
            self.stdout.write(f"  {column}: {rows} rows checked")

        try:
            report = reencrypt_all(ring, batch=self.batch, on_batch=progress)
            files, files_current = reseal_all(ring)
        except KeyboardInterrupt:
            raise CommandError(
                "Interrupted. Finished batches are saved; run `confide keys resume` to finish."
            ) from None
        except KeyRingError as error:
            raise CommandError(
                f"{error}. Put the missing key back in the ring, then run `confide keys resume`."
            ) from error
        retired = retire_unused(ring)
        record(
            actor=None,
            action="change",
            target_type="confide.keyring",
            target_id=ring.current.key_id,
            summary=f"re-encrypted {report.rewritten} values under key {ring.current.key_id}",
            detail={
                "per_column": report.per_column,
                "files": files,
                "index_key": ring.index_key_id,
                "retired": retired,
            },
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"re-encrypted {report.rewritten} values; {report.already_current} already "
                f"current; sealed {files} uploaded documents ({files_current} already current); "
                f"blind index rebuilt ({report.index_rows} entries) under index key "
                f"{ring.index_key_id}"
            )
        )
        if retired:
            self.stdout.write(
                f"no value needs {', '.join(retired)} any more: it may leave the ring"
            )
