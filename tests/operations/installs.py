"""Throw-away confide installations driven through the real `confide` command.

Each install is its own data folder (and, when the suite runs on PostgreSQL, its own database
on 127.0.0.1), with the same key ring and secret key, as an operator restoring on a new
machine would have. Migrating is slow, so one migrated template is copied per install.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url

from confide.paths import new_aes_key

CONFIDE = str(Path(sys.executable).with_name("confide"))
REPO = str(Path(__file__).resolve().parents[2])
KEYS = new_aes_key()
SECRET = "test-secret-" + uuid.uuid4().hex + uuid.uuid4().hex

COUNTS = """
import json
from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.practice.models import Case, Client, Participant
from confide.records.models import Note, Segment
texts = sorted({s.text for s in Segment.objects.order_by("pk")[:50]})
print(json.dumps({
    "users": User.objects.count(), "clients": Client.objects.count(),
    "cases": Case.objects.count(), "participants": Participant.objects.count(),
    "notes": Note.objects.count(), "segments": Segment.objects.count(),
    "audit": AuditEvent.objects.count(), "texts": texts,
}))
"""


def postgres_url() -> str | None:
    url = os.environ.get("CONFIDE_DATABASE_URL", "")
    return url if url.startswith("postgres") else None


def _psql(sql: str) -> None:
    url = dj_database_url.parse(postgres_url() or "")
    env = dict(os.environ, PGPASSWORD=str(url.get("PASSWORD") or ""))
    subprocess.run(
        [
            "psql",
            "-h",
            str(url.get("HOST") or "127.0.0.1"),
            "-p",
            str(url.get("PORT") or 5432),
            "-U",
            str(url.get("USER") or "postgres"),
            "-d",
            "postgres",
            "-q",
            "-c",
            sql,
        ],
        env=env,
        check=True,
        capture_output=True,
    )


@dataclass
class Install:
    folder: Path
    database: str | None = None  # PostgreSQL database name, or None for SQLite
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.env = dict(os.environ)
        self.env.pop("CONFIDE_DATABASE_URL", None)
        self.env.update(
            CONFIDE_DATA_DIR=str(self.folder),
            CONFIDE_DATA_KEYS=KEYS,
            CONFIDE_SECRET_KEY=SECRET,
            # The suite's own settings (fast hashing, flush allowed); never the package's.
            DJANGO_SETTINGS_MODULE="tests.settings",
            PYTHONPATH=os.pathsep.join(filter(None, [REPO, os.environ.get("PYTHONPATH")])),
        )
        if self.database:
            base = postgres_url() or ""
            self.env["CONFIDE_DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + self.database

    @property
    def sqlite(self) -> Path:
        return self.folder / "confide.sqlite3"

    def run(
        self, *args: str, check: bool = True, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [CONFIDE, *args], env=self.env, capture_output=True, text=True, input=stdin, timeout=300
        )
        if check and done.returncode != 0:
            raise AssertionError(f"confide {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def python(self, code: str) -> str:
        return self.run("shell", "-c", code).stdout

    def counts(self) -> dict[str, object]:
        return dict(json.loads(self.python(COUNTS).strip().splitlines()[-1]))

    def tables(self) -> int:
        code = (
            "from django.db import connection; print(len(connection.introspection.table_names()))"
        )
        return int(self.python(code).strip().splitlines()[-1])

    def verify(self) -> str:
        return self.run("audit", "verify").stdout


class Installs:
    """Makes installs for one test; removes their folders and databases afterwards."""

    def __init__(self, template: Install | None) -> None:
        self.template = template
        self.made: list[Install] = []

    def empty(self) -> Install:
        folder = Path(tempfile.mkdtemp(prefix="confide-ops-"))
        database = None
        if postgres_url():
            database = "confide_ops_" + uuid.uuid4().hex[:12]
            _psql(f"CREATE DATABASE {database}")
        install = Install(folder, database)
        self.made.append(install)
        return install

    def migrated(self) -> Install:
        """A fresh install with the schema in place, copied from the migrated template."""
        assert self.template is not None
        if not postgres_url():
            install = self.empty()
            shutil.copy(self.template.sqlite, install.sqlite)
            return install
        folder = Path(tempfile.mkdtemp(prefix="confide-ops-"))
        database = "confide_ops_" + uuid.uuid4().hex[:12]
        _psql(f"CREATE DATABASE {database} TEMPLATE {self.template.database}")
        install = Install(folder, database)
        self.made.append(install)
        return install

    def cleanup(self) -> None:
        for install in self.made:
            shutil.rmtree(install.folder, ignore_errors=True)
            if install.database:
                _psql(f"DROP DATABASE IF EXISTS {install.database} WITH (FORCE)")


def make_template() -> Iterator[Install]:
    installs = Installs(None)
    template = installs.empty()
    template.run("migrate", "-v0")
    try:
        yield template
    finally:
        installs.cleanup()
