"""Every time on every page is the practice's: the session menu on the note form (which
showed UTC), the session page and the safety-event page, in the zone the practice sets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from confide.practice import actions as practice_actions
from confide.practice.middleware import forget_time_zone
from tests.web.test_records_fixtures import Family, make_family, make_user, signed_in

pytestmark = pytest.mark.django_db
STARTS = dt.datetime(2026, 1, 15, 17, 30, tzinfo=dt.UTC)  # 09:30 in Los Angeles, 12:30 in NY


@pytest.fixture
def family() -> Iterator[Family]:
    forget_time_zone()
    yield make_family(make_user("rivera"))
    forget_time_zone()


def _note_form(family: Family) -> str:
    practice_actions.schedule_session(
        acting_user=family.clinician, case=family.case, starts_at=STARTS
    )
    url = reverse("records:note_create", args=[family.case.pk])
    return signed_in(family.clinician).get(url).content.decode()


def test_the_note_forms_session_menu_is_in_local_time_not_utc(family: Family) -> None:
    page = _note_form(family)  # the installation default: America/Los_Angeles
    assert "2026-01-15 09:30" in page and "2026-01-15 17:30" not in page


def test_the_practices_own_zone_is_used_on_every_page(family: Family) -> None:
    admin = make_user("admin", "administrator")
    practice_actions.set_time_zone(acting_user=admin, time_zone="America/New_York")
    page = _note_form(family)
    assert "2026-01-15 12:30" in page
    session = family.case.sessions.get()
    detail = signed_in(family.clinician).get(f"/sessions/{session.pk}/").content.decode()
    assert "Thursday 15 January 2026, 12:30" in detail


def test_a_bad_zone_is_refused_and_changes_nothing(family: Family) -> None:
    admin = make_user("admin", "administrator")
    with pytest.raises(ValidationError):
        practice_actions.set_time_zone(acting_user=admin, time_zone="Mars/Olympus")
    assert _note_form(family).count("2026-01-15 09:30") == 1
