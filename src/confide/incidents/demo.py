"""Demo data for incidents: a mandated report with its deadline running, a group member's
lapse on the agenda of the group's next session, and a misdirected email for the privacy
officer. Written through `actions`, found by name, and added only once."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from confide.accounts.models import User
from confide.incidents import actions
from confide.incidents.models import BreachIncident, SafetyEvent, Violation
from confide.practice.demo import is_demo_practice
from confide.practice.models import Case, Client
from confide.practice.search import find_case, find_client

BREACH_TITLE = "Appointment reminder emailed to the wrong address"


def _client(first: str, last: str) -> Client | None:
    return find_client(f"{first} {last}")


def _safety(rivera: User) -> None:
    jake = _client("Jacob", "Thompson")
    if jake is None or SafetyEvent.objects.filter(client=jake).exists():
        return
    actions.open_safety_event(
        acting_user=rivera,
        client=jake,
        case=Case.objects.filter(participants__client=jake).first(),
        concern="child_abuse",
        imminent=False,
        description="Jake said his uncle hit him with a belt last weekend and left bruises.",
        clinician_license="marriage_family_therapist",
        learned_at=timezone.now() - dt.timedelta(hours=3),
    )


def _violation(chen: User) -> None:
    james = _client("James", "Okoro")
    group = find_case("Anxiety skills group")
    if james is None or group is None or Violation.objects.filter(client=james).exists():
        return
    actions.report_violation(
        acting_user=chen,
        client=james,
        case=group,
        by="client",
        setting="group",
        description="Priya heard from a coworker that James described her panic attack.",
    )


def _breach(rivera: User) -> None:
    sarah = _client("Sarah", "Miller")
    if sarah is None or any(b.title == BREACH_TITLE for b in BreachIncident.objects.all()):
        return
    now = timezone.now()
    actions.report_breach(
        acting_user=rivera,
        title=BREACH_TITLE,
        description="A reminder naming the practice and the appointment time went to "
        "another person's address with a similar name.",
        discovered_on=timezone.localdate() - dt.timedelta(days=5),
        occurred_from=now - dt.timedelta(days=7),
        occurred_until=now - dt.timedelta(days=5),
        affected_clients=[sarah],
        individuals_affected=1,
        most_in_one_state=1,
    )


def load_demo() -> None:
    """Add the incidents demo data to the demo practice, once."""
    if not is_demo_practice():
        return
    rivera = User.objects.filter(username="dr.rivera").first()
    chen = User.objects.filter(username="dr.chen").first()
    if rivera is None or chen is None:
        return
    with transaction.atomic():
        _safety(rivera)
        _violation(chen)
        _breach(rivera)
