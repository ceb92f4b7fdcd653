"""Where confide keeps its data, and the secrets it creates on first start.

Kept free of Django so the CLI can prepare the data folder before settings load.
"""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    """The data folder: `CONFIDE_DATA_DIR`, else the user data folder platformdirs gives."""
    configured = os.environ.get("CONFIDE_DATA_DIR")
    path = Path(configured) if configured else Path(platformdirs.user_data_dir("confide"))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _write_private(path: Path, content: str) -> None:
    """Create a file readable by its owner only; never widen an existing file's mode."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(content)


def replace_private(path: Path, data: bytes) -> None:
    """Write `data` beside `path` (owner-only), flush it to disk, then rename over `path`: a
    crash leaves the old file or the new one, never half of either."""
    tmp = path.with_name(path.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)


def secret_from_env_or_file(env_name: str, filename: str, make: str = "token") -> str:
    """An environment variable wins; otherwise a 0600 file in the data folder, made once.

    `make` is "token" for a Django secret key, "aeskey" for one base64 AES-256 key, or "ring"
    for a new key ring: one data key and the blind-index entry (see confide.crypto). The key
    ring file holds one key per line, newest first, so rotation can append without losing old keys.
    """
    value = os.environ.get(env_name)
    if value:
        return value
    path = data_dir() / filename
    if not path.exists():
        fresh = {
            "token": lambda: secrets.token_urlsafe(50),
            "ring": lambda: new_aes_key() + "\nindex:" + new_aes_key(),
        }.get(make, new_aes_key)()
        # Another process may have made it first; then read theirs.
        with contextlib.suppress(FileExistsError):
            _write_private(path, fresh + "\n")
    return path.read_text().strip()


def new_aes_key() -> str:
    """A fresh 256-bit key, base64, for the data-encryption key ring."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")
