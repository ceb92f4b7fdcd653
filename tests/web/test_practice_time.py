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


def test_the_administrator_sets_the_zone_on_the_practice_settings_page(family: Family) -> None:
    from confide.audit.models import AuditEvent
    from confide.practice.models import Practice

    admin = make_user("admin", "administrator")
    http = signed_in(admin)
    assert "Practice settings" in http.get(reverse("practice:dashboard")).content.decode()
    url = reverse("agreements:defaults")
    page = http.get(url).content.decode()
    assert 'name="time_zone"' in page and '<option value="America/New_York"' in page
    bad = http.post(url, {"time_zone": "Mars/Olympus", "save_time_zone": "1"})
    assert bad.status_code == 200 and "Mars/Olympus" in bad.content.decode()
    assert "Select a valid choice" in bad.content.decode()
    assert Practice.objects.get().time_zone == ""
    done = http.post(url, {"time_zone": "America/New_York", "save_time_zone": "1"})
    assert done.status_code == 302
    assert Practice.objects.get().time_zone == "America/New_York"
    event = AuditEvent.objects.get(summary="Practice time zone set to America/New_York")
    assert event.actor == admin and event.action == "change"
    assert "2026-01-15 12:30" in _note_form(family)
    # A clinician sees the agreement defaults but not the zone, and may not post it.
    clinician = signed_in(family.clinician)
    assert 'name="time_zone"' not in clinician.get(url).content.decode()
    refused = clinician.post(url, {"time_zone": "UTC", "save_time_zone": "1"})
    assert refused.status_code in (403, 404)
    assert Practice.objects.get().time_zone == "America/New_York"
