"""Fixtures: a migrated template install per test session, and fresh installs per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.operations.installs import Install, Installs, make_template


@pytest.fixture(scope="session")
def template() -> Iterator[Install]:
    yield from make_template()


@pytest.fixture
def installs(template: Install) -> Iterator[Installs]:
    made = Installs(template)
    yield made
    made.cleanup()
