"""Settings for the test suite only: the production settings plus what makes tests fast and
isolated. This module lives outside the installed package, so no environment variable can
switch a running server to a weak password hasher or to test behaviour.

A test run never touches a real data folder (keys, documents, cache, anchors): the folder is
chosen here, before the production settings are read (pytest-django imports this module before
any conftest), and put in the environment so the processes a test starts share it; under
pytest-xdist each worker gets its own.
"""

from __future__ import annotations

import os
import tempfile

# Under pytest-xdist the workers inherit the folder the controller made; each makes its own.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if (
    not os.environ.get("CONFIDE_DATA_DIR")
    or os.environ.get("CONFIDE_TEST_DATA_FOR", _WORKER) != _WORKER
):
    os.environ["CONFIDE_DATA_DIR"] = tempfile.mkdtemp(prefix=f"confide-test-{_WORKER}")
    os.environ["CONFIDE_TEST_DATA_FOR"] = _WORKER

from confide.settings import *  # noqa: E402, F403
from confide.settings import PASSWORD_HASHERS as _PRODUCTION_HASHERS  # noqa: E402

TESTING = True
# Argon2 is deliberately slow; tests hash thousands of passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *_PRODUCTION_HASHERS]
WHITENOISE_AUTOREFRESH = True
