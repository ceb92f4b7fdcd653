"""Every file confide creates in its data folder is readable by its owner only."""

from __future__ import annotations

import json
import stat

from tests.operations.installs import Installs, postgres_url

# Run inside `confide shell`, so through the command's entry point: it writes an event and,
# with its connection still open (SQLite's -wal and -shm files exist only while one is),
# lists every file in the data folder with its mode.
WHILE_OPEN = """
import json, os, pathlib
from django.db import connection
from confide.audit.log import record
record(actor=None, action="view", summary="holding the database open")
with connection.cursor() as cursor:
    cursor.execute("SELECT COUNT(*) FROM audit_auditevent")
folder = pathlib.Path(os.environ["CONFIDE_DATA_DIR"])
print(json.dumps({str(p.relative_to(folder)): p.stat().st_mode for p in folder.rglob("*")}))
"""


def _loose(modes: dict[str, int]) -> list[str]:
    return [f"{path} {stat.filemode(mode)}" for path, mode in modes.items() if mode & 0o077]


def test_every_file_in_the_data_folder_is_private(installs: Installs) -> None:
    install = installs.empty()
    install.run("migrate", "-v0")
    install.run("createuser", "dr.ward", "--role", "clinician", "--password-stdin", stdin="x" * 20)
    install.run("backup")
    install.run("audit", "verify", "--anchor")
    found = [p for p in install.folder.rglob("*")]
    names = {p.name for p in found}
    assert any(p.name.startswith("confide-") and p.suffix == ".backup" for p in found)
    assert "audit-anchors" in names  # the anchored chain head, written by verify --anchor
    loose = _loose({str(p.relative_to(install.folder)): p.stat().st_mode for p in found})
    assert not loose, "readable by others:\n" + "\n".join(loose)

    open_now = json.loads(install.python(WHILE_OPEN).strip().splitlines()[-1])
    if not postgres_url():
        assert {"confide.sqlite3-wal", "confide.sqlite3-shm"} <= set(open_now), open_now
    assert not _loose(open_now), "readable by others:\n" + "\n".join(_loose(open_now))
