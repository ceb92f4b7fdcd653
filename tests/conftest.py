"""Test-wide set-up: a throw-away data folder, so no test touches a real practice's keys."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("CONFIDE_DATA_DIR", tempfile.mkdtemp(prefix="confide-test-"))
os.environ.setdefault("CONFIDE_TESTING", "1")
