"""Emergency access: a clinician outside the case opens it for a stated reason, for a limited
time; the privacy officer is alerted; every view is audited; it expires by itself."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from confide.audit.models import AuditEvent
from confide.practice.attention import items_for
from confide.records.models import EmergencyAccess
from tests.web.test_records_fixtures import family_note, make_family, make_user, signed_in

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def family():
    return make_family(make_user("rivera"))


def _open(
    http,
    *,
    hours: int = 24,
    reason: str = "Client in crisis at the front desk, assigned clinician away",
):
    return http.post(
        reverse("records:emergency_open"),
        {"last_name": "nguyen", "date_of_birth": "1980-05-01", "reason": reason, "hours": hours},
    )


def test_emergency_access_is_audited_alerted_and_expires(family) -> None:
    note = family_note(family, "private", "case", "private")
    chen = make_user("chen")
    officer = make_user("officer", role="privacy_officer")
    http = signed_in(chen)
    notes_url = reverse("records:case_notes", args=[family.case.pk])
    with time_machine.travel(START, tick=False):
        assert http.get(notes_url).status_code == 404
        response = _open(http)
        assert response.status_code == 302 and response["Location"] == notes_url
        access = EmergencyAccess.objects.get()
        assert access.expires_at == START + dt.timedelta(hours=24)
        opened = AuditEvent.objects.get(action="emergency_access")
        assert opened.actor == chen and opened.detail["case_id"] == family.case.pk
        assert "crisis" not in opened.summary

        page = http.get(notes_url)
        assert page.status_code == 200
        body = page.content.decode()
        assert "Emergency access" in body and "Linh said thing 0" in body
        view = AuditEvent.objects.filter(action="view", actor=chen).latest("seq")
        assert view.detail["emergency_access_id"] == access.pk
        assert http.get(reverse("records:note_detail", args=[note.pk])).status_code == 200
        # Emergency access reads; it never writes.
        assert http.get(reverse("records:note_create", args=[family.case.pk])).status_code == 404

        alerts = [i for i in items_for(officer) if "Emergency access" in i.text]
        assert len(alerts) == 1 and alerts[0].level == "danger"
        assert not [i for i in items_for(family.clinician) if "Emergency access by" in i.text]

    # Sessions time out when idle, so each later moment signs in afresh.
    with time_machine.travel(START + dt.timedelta(hours=23, minutes=59), tick=False):
        http = signed_in(chen)
        assert http.get(notes_url).status_code == 200
    with time_machine.travel(START + dt.timedelta(hours=24), tick=False):
        http = signed_in(chen)
        assert http.get(notes_url).status_code == 404
        assert http.get(reverse("records:note_detail", args=[note.pk])).status_code == 404
        alerts = [i for i in items_for(officer) if "Emergency access" in i.text]
        assert alerts and "expired" in alerts[0].text

        review = signed_in(officer)
        url = reverse("records:emergency_review", args=[access.pk])
        page = review.get(url).content.decode()
        assert "front desk" in page
        trail = f"{reverse('audit:trail')}?case_id={access.case_id}"
        assert f'href="{trail}"' in page  # the trail of this case, which names what was opened
        shown = review.get(trail).content.decode()
        assert "emergency_access" in shown and "records.note" in shown
        review.post(url, {"finding": "justified", "note": "Crisis confirmed by the desk log."})
        access.refresh_from_db()
        assert access.acknowledged_by == officer and access.finding == "justified"
        assert not [i for i in items_for(officer) if "Emergency access" in i.text]


def test_a_reason_is_required_and_nothing_opens_without_one(family) -> None:
    http = signed_in(make_user("chen"))
    response = _open(http, reason="because")
    assert response.status_code == 422
    assert EmergencyAccess.objects.count() == 0
    assert not AuditEvent.objects.filter(action="emergency_access").exists()
    assert _open(http, hours=500).status_code == 422
    assert EmergencyAccess.objects.count() == 0


def test_no_match_opens_nothing_and_assigned_or_other_roles_cannot(family) -> None:
    http = signed_in(make_user("chen"))
    response = http.post(
        reverse("records:emergency_open"),
        {
            "last_name": "Nobody",
            "date_of_birth": "1980-05-01",
            "reason": "Client in crisis right now",
            "hours": 24,
        },
    )
    assert response.status_code == 422 and EmergencyAccess.objects.count() == 0
    # The assigned clinician's own case is not offered: they need no emergency access.
    assert _open(signed_in(family.clinician)).status_code == 422
    for role in ("administrator", "supervisor", "privacy_officer", "client"):
        assert _open(signed_in(make_user(f"x-{role}", role))).status_code == 404
    assert EmergencyAccess.objects.count() == 0


def test_privacy_officer_review_page_is_theirs_alone(family) -> None:
    chen = make_user("chen")
    _open(signed_in(chen))
    access = EmergencyAccess.objects.get()
    url = reverse("records:emergency_review", args=[access.pk])
    assert signed_in(chen).get(url).status_code == 404
    assert signed_in(family.clinician).post(url).status_code == 404
    access.refresh_from_db()
    assert access.acknowledged_at is None
    assert access.active_at(timezone.now())
