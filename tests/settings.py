"""Settings for the test suite only: the production settings plus what makes tests fast and
isolated. This module lives outside the installed package, so no environment variable can
switch a running server to a weak password hasher or to test behaviour.

A test run never touches a real data folder (keys, documents, cache, anchors): the folder is
chosen here, before the production settings are read (pytest-django imports this module before
any conftest), and put in the environment so the processes a test starts share it.
"""

from __future__ import annotations

import os
import tempfile

if not os.environ.get("CONFIDE_DATA_DIR"):
    os.environ["CONFIDE_DATA_DIR"] = tempfile.mkdtemp(prefix="confide-test-")

from confide.settings import *  # noqa: F403
from confide.settings import PASSWORD_HASHERS as _PRODUCTION_HASHERS

TESTING = True
# Argon2 is deliberately slow; tests hash thousands of passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *_PRODUCTION_HASHERS]
WHITENOISE_AUTOREFRESH = True
