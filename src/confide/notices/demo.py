"""Demo data for notices: a published Notice of Privacy Practices, Sarah's acknowledgment in
the office, Jake's family declining (the good-faith record), and an approved confidentiality
policy. Written through `actions`, added only once, and only to the demo practice."""

from __future__ import annotations

from django.utils import timezone

from confide.accounts.models import User
from confide.notices import actions
from confide.notices.models import NoticeAcknowledgment, NoticeVersion, PolicyVersion
from confide.notices.policy_text import TITLE, default_policy
from confide.practice.demo import is_demo_practice
from confide.practice.models import Practice
from confide.practice.search import find_client


def _notice(officer: User, rivera: User) -> None:
    if NoticeVersion.objects.exists():
        return
    notice = actions.save_notice_draft(
        acting_user=officer,
        data={
            "contact_title": "Sam Delgado, privacy officer",
            "contact_phone": "(415) 555-0100",
            "contact_email": "privacy@harborlight.example",
            "contact_address": "Harbor Light Counseling, 200 Bay Street, San Francisco, CA",
            "effective_on": timezone.localdate(),
            "holds_part2": False,
        },
    )
    actions.review_notice(acting_user=officer, notice=notice)
    actions.publish_notice(acting_user=officer, notice=notice)
    sarah = find_client("Sarah Miller")
    if sarah is not None and not NoticeAcknowledgment.objects.filter(client=sarah).exists():
        actions.record_acknowledgment(acting_user=rivera, client=sarah, outcome="acknowledged")
    jake = find_client("Jacob Thompson")
    if jake is not None and not NoticeAcknowledgment.objects.filter(client=jake).exists():
        actions.record_acknowledgment(
            acting_user=rivera,
            client=jake,
            outcome="declined",
            good_faith_note="Gave Jake and his mother the notice at intake; she took it home "
            "and would not sign today.",
        )


def _policy(officer: User) -> None:
    practice = Practice.current()
    if practice is None or PolicyVersion.objects.exists():
        return
    policy = actions.save_policy_draft(
        acting_user=officer,
        title=TITLE,
        text=default_policy(practice.name, practice.jurisdiction),
    )
    actions.approve_policy(acting_user=officer, policy=policy, effective_on=timezone.localdate())


def load_demo() -> None:
    if not is_demo_practice():
        return
    officer = User.objects.filter(username="privacy").first()
    rivera = User.objects.filter(username="dr.rivera").first()
    if officer is None or rivera is None:
        return
    _notice(officer, rivera)
    _policy(officer)
