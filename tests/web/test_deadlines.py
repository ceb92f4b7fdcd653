"""Due times come from the rule's deadlines and say how urgent they are in words: an
"immediately" report is due now (not at 36 hours), the written report follows at the rule's
hours, and badges read Now / Today / This week on the dashboard, the safety event and the
request pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from confide.accounts.models import User
from confide.disclosures import actions as disclosure_actions
from confide.practice.attention import items_for
from confide.practice.urgency import by_days, urgency
from tests.web.test_incidents import T0, http_for, practice, rivera, threat  # noqa: F401
from tests.web.test_practice_records import make_case, make_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("hours", "immediate", "code"),
    [
        (0, True, "now"),
        (0.5, False, "now"),
        (-2, False, "overdue"),
        (30, False, "week"),
        (24 * 9, False, "later"),
    ],
)
def test_urgency_in_words(hours: float, immediate: bool, code: str) -> None:
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    assert urgency(now + dt.timedelta(hours=hours), now, immediate=immediate) == code


def test_due_later_today_is_today() -> None:
    with timezone.override("UTC"):
        now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
        assert urgency(now + dt.timedelta(hours=5), now) == "today"
    assert [by_days(d) for d in (-1, 0, 3, 10, 30)] == [
        "overdue",
        "today",
        "week",
        "fortnight",
        "later",
    ]


def test_an_immediate_child_abuse_report_is_due_now_and_says_so(rivera: User) -> None:  # noqa: F811
    jake = make_client(rivera, first="Jake", born=dt.date(2011, 1, 5))
    make_case(rivera, jake)
    with time_machine.travel(T0, tick=False):
        event = threat(rivera, jake, concern="child_abuse", imminent=False)
        page = http_for(rivera).get(f"/incidents/safety/{event.pk}/").content.decode()
        assert "Now: due immediately" in page
        assert "Deadline from the rule: immediately, that is now" in page
        assert "Send the written report" in page and "This week: due" in page
        item = next(i for i in items_for(rivera) if "mandated report" in i.text)
        assert item.badge == "Now" and "due now (the rule says immediately)" in item.text
        home = http_for(rivera).get("/").content.decode()
        assert 'data-urgency="now">Now</span>' in home
        assert "Soon" not in home and "Act now" not in home


def test_request_urgency_is_a_word_on_the_list_and_the_page(rivera: User) -> None:  # noqa: F811
    sarah = make_client(rivera)
    make_case(rivera, sarah)
    req = disclosure_actions.record_request(
        acting_user=rivera,
        data={
            "requester_name": "Linda Miller",
            "requester_kind": "parent",
            "relationship": "mother",
            "requester_contact": "(415) 555-0190",
            "subject_name": "Sarah Miller",
            "information": ["attendance"],
            "purpose": "safety",
            "legal_process": "none",
            "urgency": "emergency",
        },
        client=sarah,
        case=None,
    )
    http = http_for(rivera)
    assert "Now: emergency" in http.get("/disclosures/").content.decode()
    assert "Now: emergency" in http.get(f"/disclosures/requests/{req.pk}/").content.decode()
    item = next(i for i in items_for(rivera) if "Request for information" in i.text)
    assert item.badge == "Now"
