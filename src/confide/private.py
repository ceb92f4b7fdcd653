"""Every file confide creates is readable by its owner only.

The data folder holds the database, its WAL, uploaded documents, the cache, backups and key
files. Setting the process umask once, at each entry point (the `confide` command and the WSGI
application), covers files that libraries create too (SQLite's -wal and -shm, the file cache),
which no per-file chmod would reach.
"""

from __future__ import annotations

import os

PRIVATE_UMASK = 0o077  # files 0600, folders 0700


def make_files_private() -> None:
    os.umask(PRIVATE_UMASK)
