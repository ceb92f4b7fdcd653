"""Take and restore whole-practice backups: the database plus uploaded documents, sealed.

The plaintext inside the sealed file is a tar archive holding `database.sqlite3` (SQLite's
online backup API: a consistent copy while the server keeps running) or `database.pgdump`
(pg_dump's custom format), and `media/` (uploaded documents). Nothing is written to the
database or the data folder until the whole backup has opened and checked out, so a damaged
file or a wrong key changes nothing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, connections

from confide.crypto import keyring
from confide.operations.sealed import BackupError, Header, open_sealed, seal

SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
MEDIA_MEMBER = "media"


def vendor() -> str:
    return str(connection.vendor)


@contextmanager
def _workdir() -> Iterator[Path]:
    """A private scratch folder beside the data (plaintext never lands in a shared /tmp)."""
    base = Path(settings.DATA_DIR)
    path = Path(tempfile.mkdtemp(prefix=".backup-", dir=base))
    os.chmod(path, 0o700)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def default_backup_name() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.DATA_DIR) / "backups" / f"confide-{stamp}.backup"


def _pg_env() -> dict[str, str]:
    db: dict[str, Any] = settings.DATABASES["default"]
    env = dict(os.environ)
    for name, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
    ):
        if value:
            env[name] = str(value)
    return env


def _dump_database(work: Path) -> Path:
    if vendor() == "sqlite":
        target = work / SQLITE_MEMBER
        source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return target
    if vendor() == "postgresql":
        target = work / PG_MEMBER
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target)])
        return target
    raise BackupError(f"backups of a {vendor()} database are not supported")


def _run(argv: list[str]) -> None:
    try:
        done = subprocess.run(argv, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(f"{argv[0]} is not installed (PostgreSQL client tools)") from error
    if done.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {done.stderr.strip()[:500]}")


def take_backup(out: Path) -> tuple[Path, int]:
    """Write a sealed backup to `out` (made private, written whole or not at all)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    ring = keyring()
    with _workdir() as work:
        dump = _dump_database(work)
        archive = work / "backup.tar"
        with tarfile.open(archive, "w") as tar:
            tar.add(dump, arcname=dump.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                tar.add(media, arcname=MEDIA_MEMBER)
        header = Header(
            key_id=ring.current.key_id,
            vendor=vendor(),
            created=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        partial = out.with_name(out.name + ".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as target, archive.open("rb") as source:
            size = seal(source, target, ring, header)
            target.flush()
            os.fsync(target.fileno())
        partial.replace(out)
    return out, size


def database_has_data() -> bool:
    """Whether restoring here would overwrite a practice or an audit trail."""
    from confide.audit.models import AuditEvent
    from confide.practice.models import Practice

    try:
        return Practice.objects.exists() or AuditEvent.objects.exists()
    except DatabaseError:
        return False  # not migrated yet: nothing to lose


def restore_backup(path: Path, *, replace: bool = False) -> Header:
    """Open, check, then load a backup into the configured database and data folder."""
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    if not replace and database_has_data():
        raise BackupError(
            "this database already holds a practice; restore into a fresh data folder "
            "or pass --replace to overwrite it"
        )
    with _workdir() as work:
        archive = work / "backup.tar"
        with path.open("rb") as source, archive.open("wb") as target:
            header = open_sealed(source, target, keyring())
        if header.vendor != vendor():
            raise BackupError(
                f"this backup is of a {header.vendor} database; the configured one is {vendor()}"
            )
        unpacked = work / "unpacked"
        _unpack(archive, unpacked)
        _load_database(unpacked)
        _load_media(unpacked / MEDIA_MEMBER)
    return header


def _unpack(archive: Path, into: Path) -> None:
    try:
        with tarfile.open(archive, "r") as tar:
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"the backup's contents are damaged: {error}") from error


def _load_database(unpacked: Path) -> None:
    if vendor() == "sqlite":
        dump = unpacked / SQLITE_MEMBER
        _check_sqlite(dump)
        connections.close_all()
        source = sqlite3.connect(str(dump))
        target = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    dump = unpacked / PG_MEMBER
    if not dump.is_file():
        raise BackupError("the backup holds no PostgreSQL dump")
    connections.close_all()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            str(settings.DATABASES["default"]["NAME"]),
            str(dump),
        ]
    )


def _check_sqlite(dump: Path) -> None:
    if not dump.is_file():
        raise BackupError("the backup holds no SQLite database")
    try:
        db = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        try:
            (status,) = db.execute("PRAGMA integrity_check").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"the backed-up database is damaged: {error}") from error
    if status != "ok":
        raise BackupError(f"the backed-up database is damaged: {status}")


def _load_media(media: Path) -> None:
    if not media.is_dir():
        return
    shutil.copytree(media, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
