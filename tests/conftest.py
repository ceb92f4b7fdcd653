"""Test-wide set-up lives in tests/settings.py: a test run gets a throw-away data folder (keys,
uploaded documents, cache, audit anchors) before anything reads the settings; under
pytest-xdist each worker gets its own.

Hypothesis profiles: `dev` (the default) is Hypothesis's own. `ci` (CONFIDE_HYPOTHESIS_PROFILE=ci,
set by `.ci/run`) is for a shared, busy machine: no deadline and no too-slow health check (a
slow neighbour is not a failure), no example database left in the clone, and the blob to
reproduce a failure printed. A test's own `@settings(max_examples=...)` still wins.

Marker `once`: the test runs in the SQLite round only; `make test`'s PostgreSQL round
deselects it. Given to the URL walks (tests/security), the property suites (tests/properties),
the pure cores' tests (tests/policy, tests/deid: no database to differ) and every Hypothesis
test, whose many examples cost most and whose invariants do not depend on the database engine.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev")
settings.register_profile(
    "ci",
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("CONFIDE_HYPOTHESIS_PROFILE", "dev"))

ONCE_FOLDERS = ("tests/security/", "tests/properties/", "tests/policy/", "tests/deid/")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.path).replace(os.sep, "/")
        hypothesis_test = getattr(getattr(item, "obj", None), "is_hypothesis_test", False)
        if hypothesis_test or any(folder in path for folder in ONCE_FOLDERS):
            item.add_marker(pytest.mark.once)


@pytest.fixture(autouse=True)
def _no_language_left_active() -> Iterator[None]:
    """A request in Spanish (a portal page, a language switch) leaves Spanish active on the
    thread; the next test on the same worker would then read Spanish where it expects English.
    Every test starts from the settings' default language instead."""
    from django.utils import translation

    yield
    translation.deactivate()
