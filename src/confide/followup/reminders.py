"""What `confide remind` sends each day: agreements to revisit, authorizations expiring,
deadlines (safety steps and breach notices).

Each reminder is found per staff account through the apps' own `access` modules, so a
clinician hears only of their own cases and a privacy officer of the breaches they manage.
Each has a key of kind, record id and stage ("safety-step:41:overdue"); `SentReminder`
keeps one row per key and recipient, so a second run the same day, or any later day, sends
nothing it already sent, and a new stage (seven days left, then overdue) sends once more.
A staff account gets one email a run, counting what is due by kind, with a link to the
dashboard: no client name, case title or clinical detail (see `followup.mail`). The client
is told of their own expiring authorization through `disclosures.channels.send_to_client`,
on a channel and in the wording they allowed, or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from confide.accounts.models import Role, User
from confide.followup.mail import tell_staff
from confide.followup.models import Outcome, SentReminder

AGREEMENT, AUTHORIZATION, DEADLINE = "agreement", "authorization", "deadline"
LINES = {
    AGREEMENT: ("agreement to revisit", "agreements to revisit"),
    AUTHORIZATION: ("authorization expiring", "authorizations expiring"),
    DEADLINE: ("deadline", "deadlines"),
}
REVISIT_NOTICE_DAYS = 14  # as the dashboard (agreements.attention)
AUTHORIZATION_STAGES = (7, 30)  # days left at which staff and the client hear of it
CLIENT_STAGES = (7, 30)
STEP_NOTICE = dt.timedelta(hours=24)
BREACH_NOTICE_DAYS = 14  # as the dashboard's urgent breach deadline (incidents.attention)


@dataclass(frozen=True)
class Due:
    key: str
    kind: str
    client: Any = None  # set when the client is to be told too (their own authorization)
    client_context: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunReport:
    staff_emails: int = 0
    staff_reminders: int = 0
    client_messages: int = 0
    client_refused: int = 0
    without_address: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"Reminders sent: {self.staff_reminders} to staff in {self.staff_emails} email(s); "
            f"{self.client_messages} client message(s); {self.client_refused} client "
            "message(s) not sent (no allowed channel)."
        ]
        if self.without_address:
            ids = ", ".join(str(pk) for pk in self.without_address)
            out.append(f"Staff accounts with reminders due but no email address: {ids}.")
        return out


def _stage(days_left: int, stages: tuple[int, ...]) -> int | None:
    return next((s for s in stages if days_left <= s), None)


def agreements_due(user: Any, today: dt.date) -> Iterator[Due]:
    from confide.agreements import access, gate

    cases = list(access.open_cases(user))
    for current, _status in gate.statuses(cases).values():  # read in bulk, as the dashboard
        if current is None or current.revisit_on is None:
            continue
        if current.revisit_on <= today + dt.timedelta(days=REVISIT_NOTICE_DAYS):
            stage = "due" if current.revisit_on <= today else "soon"
            yield Due(f"agreement-revisit:{current.pk}:{current.revisit_on}:{stage}", AGREEMENT)


def authorizations_due(user: Any, today: dt.date) -> Iterator[Due]:
    from confide.disclosures import access
    from confide.disclosures import authorizations as auth_rules

    horizon = today + dt.timedelta(days=max(AUTHORIZATION_STAGES))
    watched = access.authorizations_to_watch(user).filter(
        expires_on__gte=today, expires_on__lte=horizon
    )
    for auth in watched:
        if auth.expires_on is None or not auth_rules.status(auth, today).is_active:
            continue
        stage = _stage((auth.expires_on - today).days, AUTHORIZATION_STAGES)
        if stage is None:
            continue
        key = f"authorization-expiring:{auth.pk}:{stage}d"
        told = auth.client if stage in CLIENT_STAGES else None
        context: dict[str, Any] = {"when": auth.expires_on}  # worded in the client's language
        yield Due(key, AUTHORIZATION, told, context)


def deadlines_due(user: Any, now: dt.datetime) -> Iterator[Due]:
    from confide.incidents import access

    events = (
        access.safety_events_for(user, write=True)
        .filter(closed_at__isnull=True)
        .prefetch_related("steps")
    )
    for event in events:
        for step in event.steps.all():
            if step.done_at is not None or step.due_at is None:
                continue
            if step.due_at <= now:
                yield Due(f"safety-step:{step.pk}:overdue", DEADLINE)
            elif step.due_at - now <= STEP_NOTICE:
                yield Due(f"safety-step:{step.pk}:due", DEADLINE)
    today = timezone.localdate(now)
    for incident in access.breaches_for(user).filter(closed_at__isnull=True):
        for deadline in incident.pending_deadlines():
            days = (deadline.due - today).days
            if days > BREACH_NOTICE_DAYS:
                continue
            stage = "overdue" if days < 0 else ("today" if days == 0 else "soon")
            yield Due(f"breach-deadline:{incident.pk}:{deadline.key}:{stage}", DEADLINE)


def due_for(user: Any, now: dt.datetime) -> list[Due]:
    today = timezone.localdate(now)
    found = [*agreements_due(user, today), *authorizations_due(user, today)]
    found += deadlines_due(user, now)
    return list({d.key: d for d in found}.values())


def _summary(kinds: Counter[str]) -> str:
    lines = []
    for kind, (one, many) in LINES.items():
        if kinds[kind]:
            lines.append(f"- {kinds[kind]} {one if kinds[kind] == 1 else many}")
    return "\n".join(lines)


def _remind_staff(user: User, due: list[Due], today: dt.date, report: RunReport) -> None:
    """One email for what is new to this user, recorded in the same transaction."""
    with transaction.atomic():
        sent = set(
            SentReminder.objects.filter(recipient=user, key__in=[d.key for d in due]).values_list(
                "key", flat=True
            )
        )
        new = [d for d in due if d.key not in sent]
        if not new:
            return
        if not user.email:
            report.without_address.append(user.pk)
            return  # not recorded: once an address is on file, the next run sends it
        SentReminder.objects.bulk_create(
            [SentReminder(key=d.key, recipient=user, sent_on=today) for d in new]
        )
        tell_staff(
            [user],
            "reminders",
            reverse("practice:dashboard"),
            lines=_summary(Counter(d.kind for d in new)),
        )
        report.staff_emails += 1
        report.staff_reminders += len(new)


def _remind_client(item: Due, today: dt.date, report: RunReport) -> None:
    """Tell the client through an allowed channel, once per key; a refusal is recorded too,
    so a client without an allowed channel is not asked again every day."""
    from confide.disclosures.actions import send_to_client
    from confide.disclosures.channels import ChannelRefused

    client = item.client
    with transaction.atomic():  # the message and its record commit together
        if SentReminder.objects.filter(client=client, key=item.key).exists():
            return
        try:
            send_to_client(client, "authorization_expiring", context=item.client_context)
        except ChannelRefused:
            outcome = Outcome.REFUSED
            report.client_refused += 1
        else:
            outcome = Outcome.SENT
            report.client_messages += 1
        SentReminder.objects.create(key=item.key, client=client, sent_on=today, outcome=outcome)


def run(now: dt.datetime | None = None) -> RunReport:
    """Send every reminder that is due and not yet sent; safe to run any number of times."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = RunReport()
    staff = User.objects.filter(
        is_active=True, role__in=[Role.CLINICIAN, Role.PRIVACY_OFFICER, Role.ADMINISTRATOR]
    ).order_by("pk")
    for_clients: dict[str, Due] = {}
    for user in staff:
        due = due_for(user, now)
        if due:
            _remind_staff(user, due, today, report)
        for item in due:
            if item.client is not None:
                for_clients[item.key] = item
    for item in for_clients.values():
        _remind_client(item, today, report)
    return report
