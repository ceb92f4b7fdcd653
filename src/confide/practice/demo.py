"""The demo practice: Harbor Light Counseling, a small California group practice.

It holds the situations confide exists for: an adult whose parents worry, a teenager who asked
that his parents not be told details, a couple, a family and a group. Everything is written
through `actions`, so the demo's audit trail looks like a real one.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import logging
from collections.abc import Callable
from typing import Any

from django.apps import apps as django_apps
from django.db import DatabaseError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from confide.accounts.models import Role, User
from confide.practice import actions
from confide.practice.models import Case, Client, Practice
from confide.practice.vocabulary import AgendaSource, CaseType, SecretsPolicy

logger = logging.getLogger(__name__)

PRACTICE_NAME = "Harbor Light Counseling"
DEMO_PASSWORD = "confide-demo-2026"  # noqa: S105 - documented demo password, demo data only
DEMO_USERS = [
    # username, first, last, role, what they show
    (
        "dr.rivera",
        "Elena",
        "Rivera",
        Role.CLINICIAN,
        "clinician: Sarah, Jake, the Alvarez couple, the group",
    ),
    (
        "dr.chen",
        "Michael",
        "Chen",
        Role.CLINICIAN,
        "clinician: the Nguyen family, the anxiety group",
    ),
    ("supervisor", "Grace", "Okafor", Role.SUPERVISOR, "clinical supervisor"),
    ("privacy", "Sam", "Delgado", Role.PRIVACY_OFFICER, "privacy officer: the audit trail"),
    ("admin", "Pat", "Morgan", Role.ADMINISTRATOR, "administrator: staff and the roster"),
    ("frontdesk", "Robin", "Hale", Role.FRONT_DESK, "front desk: the phone script, messages"),
]


def demo_logins() -> list[tuple[str, str]]:
    """(username, what the login shows) for the start-up banner and the README."""
    return [(username, note) for username, _f, _l, _r, note in DEMO_USERS]


def is_demo_practice() -> bool:
    practice = Practice.current()
    return practice is not None and practice.name == PRACTICE_NAME


def _born(age: int, month: int, day: int) -> dt.date:
    """A birthday giving `age` today, so the demo's teenagers stay teenagers."""
    today = timezone.localdate()
    born = dt.date(today.year - age, month, day)
    return born if (month, day) <= (today.month, today.day) else born.replace(year=born.year - 1)


def _at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    """Local time `days` from today at hour:minute."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _users() -> dict[str, User]:
    users = {}
    for username, first, last, role, _note in DEMO_USERS:
        user, _created = User.objects.get_or_create(username=username)
        user.first_name, user.last_name, user.role = first, last, role
        user.email = f"{username.replace('.', '')}@harborlight.example"
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        users[username] = user
    return users


def _client(by: User, first: str, last: str, born: dt.date, **extra: Any) -> Client:
    data = {"first_name": first, "last_name": last, "date_of_birth": born, **extra}
    return actions.create_client(acting_user=by, data=data)


def _weekly(by: User, case: Case, first_day: int, hour: int, weeks: int = 4) -> None:
    """A held session last week, then one a week from `first_day` on."""
    held = actions.schedule_session(acting_user=by, case=case, starts_at=_at(first_day - 7, hour))
    actions.set_session_status(acting_user=by, session=held, status="held")
    for week in range(weeks):
        actions.schedule_session(
            acting_user=by, case=case, starts_at=_at(first_day + 7 * week, hour)
        )


def _phone(by: User, client: Client, number: str, **allowed: bool) -> None:
    data = {"kind": "phone", "value": number, "label": "mobile", "preferred": True, **allowed}
    actions.add_contact_point(acting_user=by, client=client, data=data)


def _email(by: User, client: Client, address: str, **allowed: bool) -> None:
    data = {"kind": "email", "value": address, "may_email": True, **allowed}
    actions.add_contact_point(acting_user=by, client=client, data=data)


def _relative(by: User, client: Client, name: str, relationship: str, **extra: Any) -> None:
    actions.add_related_person(
        acting_user=by, client=client, data={"name": name, "relationship": relationship, **extra}
    )


def _sarah(rivera: User) -> None:
    """An adult whose parents worry and call: they are related people, not representatives."""
    sarah = _client(rivera, "Sarah", "Miller", _born(24, 3, 14), pronouns="she/her")
    _phone(rivera, sarah, "(415) 555-0142", may_call=True, may_text=True, discreet=True)
    _email(rivera, sarah, "sarah.m@example.com", discreet=True)
    _relative(rivera, sarah, "Linda Miller", "parent", contact="(415) 555-0190")
    _relative(rivera, sarah, "Tom Miller", "parent", contact="(415) 555-0191")
    case = actions.create_case(
        acting_user=rivera,
        title="Sarah Miller: individual therapy",
        case_type=CaseType.INDIVIDUAL,
        secrets_policy=None,
        participants=[sarah],
    )
    _weekly(rivera, case, 0, 9)


def _jake(rivera: User) -> None:
    """A 15-year-old who asked that his parents not be told details; his mother is his
    personal representative, which in California does not by itself open his records."""
    jake = _client(rivera, "Jacob", "Thompson", _born(15, 9, 2), preferred_name="Jake")
    _phone(rivera, jake, "(415) 555-0177", may_text=True, discreet=True)
    _relative(
        rivera,
        jake,
        "Karen Thompson",
        "parent",
        contact="(415) 555-0170",
        is_personal_representative=True,
        representative_basis=(
            "Mother of a minor. Jake consented to his own outpatient treatment at 15, so her "
            "access to his records may be limited (Cal. Health & Safety Code § 123115)."
        ),
    )
    _relative(rivera, jake, "Mark Thompson", "parent", contact="(415) 555-0171")
    case = actions.create_case(
        acting_user=rivera,
        title="Jake Thompson: individual therapy",
        case_type=CaseType.INDIVIDUAL,
        secrets_policy=None,
        participants=[(jake, "client")],
    )
    _weekly(rivera, case, 0, 16)
    next_session = case.sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at")
    if next_session.exists():
        actions.add_agenda_item(
            acting_user=jake.portal_user or rivera,
            session=next_session.first(),  # type: ignore[arg-type]
            text=(
                "Jake asked that his parents not be told what he talks about. Go over what his "
                "mother may and may not be told, and when confide would have to tell her."
            ),
            source=AgendaSource.PRIVACY_CONCERN,
        )


def _alvarez(rivera: User) -> None:
    maria = _client(rivera, "Maria", "Alvarez", _born(38, 6, 21), pronouns="she/her")
    david = _client(rivera, "David", "Alvarez", _born(41, 1, 9), pronouns="he/him")
    _email(rivera, maria, "maria.alvarez@example.com", preferred=True, discreet=True)
    _phone(rivera, david, "(415) 555-0123", may_call=True, may_leave_voicemail=True)
    case = actions.create_case(
        acting_user=rivera,
        title="Alvarez couple therapy",
        case_type=CaseType.COUPLE,
        secrets_policy=SecretsPolicy.LIMITED_SECRETS,
        participants=[(maria, "partner"), (david, "partner")],
    )
    _weekly(rivera, case, 0, 11)
    first = case.sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    if first is not None:
        actions.add_agenda_item(
            acting_user=rivera,
            session=first,
            text="Revisit the limited-secrets agreement now that individual sessions have begun.",
        )


def _nguyen(chen: User) -> None:
    members = [
        ("Minh", 46, 4, 2, "father"),
        ("Lan", 44, 11, 30, "mother"),
        ("Anh", 17, 5, 18, "daughter"),
        ("Bao", 14, 8, 7, "son"),
    ]
    clients = [
        (_client(chen, first, "Nguyen", _born(age, m, d)), role)
        for first, age, m, d, role in members
    ]
    _phone(chen, clients[1][0], "(510) 555-0155", may_call=True, may_text=True, discreet=False)
    case = actions.create_case(
        acting_user=chen,
        title="Nguyen family therapy",
        case_type=CaseType.FAMILY,
        secrets_policy=SecretsPolicy.NO_SECRETS,
        participants=clients,
    )
    _weekly(chen, case, 0, 17)


def _group(chen: User, rivera: User) -> None:
    members = [
        ("Priya", "Patel", 29),
        ("James", "Okoro", 35),
        ("Emily", "Carter", 22),
        ("Daniel", "Kim", 41),
        ("Rosa", "Martinez", 52),
    ]
    clients = [(_client(chen, f, last, _born(age, 2, 10)), "member") for f, last, age in members]
    case = actions.create_case(
        acting_user=chen,
        title="Anxiety skills group",
        case_type=CaseType.GROUP,
        secrets_policy=None,
        participants=clients,
        clinicians=[chen, rivera],
    )
    _weekly(chen, case, 2, 18)


def demo_extensions() -> list[Callable[..., Any]]:
    """Other apps' demo loaders: `load_demo()` in `confide.<app>.demo`, in INSTALLED_APPS
    order (agreements before records: notes need signed agreements). Each is idempotent and
    adds its part only to the demo practice."""
    loaders = []
    for config in django_apps.get_app_configs():
        if not config.name.startswith("confide.") or config.name == "confide.practice":
            continue
        module_name = f"{config.name}.demo"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue
            raise
        loader = getattr(module, "load_demo", None)
        if callable(loader):
            loaders.append(loader)
    return loaders


def _run_extensions(say: Callable[[str], Any]) -> None:
    """Each app's part in its own transaction: one failing part must not stop `serve`."""
    for loader in demo_extensions():
        takes_say = "say" in inspect.signature(loader).parameters
        try:
            with transaction.atomic():
                loader(say=say) if takes_say else loader()
        except Exception as error:
            logger.exception("demo loader %s failed", loader.__module__)
            say(f"Skipped the {loader.__module__} demo data: {error}")


class DemoResetRefused(Exception):
    """The practice records cannot be removed in place; the message says what to do."""


START_AFRESH = (
    "To start the demo afresh, stop confide, move the data folder aside (it keeps the old "
    "audit trail) and start again with `make run`."
)


def _remove_demo_records() -> None:
    """Remove the demo's practice records, and only the demo's: never a real practice's."""
    if not is_demo_practice():
        raise DemoResetRefused("This is not the demo practice: --reset would remove real records.")
    try:
        with transaction.atomic():
            Case.objects.all().delete()
            Client.objects.all().delete()
            Practice.objects.all().delete()
    except (ProtectedError, RestrictedError, DatabaseError) as error:
        # Signed agreements, incidents and other kept records protect the cases they belong to.
        raise DemoResetRefused(f"Other records keep the demo cases. {START_AFRESH}") from error


def load_demo(*, reset: bool = False, say: Callable[[str], Any] = print) -> bool:
    """Load the demo practice, then every app's demo data. Does nothing and returns False
    when a practice exists, unless `reset`, which first removes the practice records (never
    the audit trail)."""
    with transaction.atomic():
        if Practice.current() is not None:
            if not reset:
                return False
            _remove_demo_records()
            say("Removed the practice records (the audit trail keeps its history).")
        users = _users()
        rivera, chen = users["dr.rivera"], users["dr.chen"]
        actions.ensure_practice(
            acting_user=users["admin"],
            name=PRACTICE_NAME,
            jurisdiction="US-CA",
            licence_types=["LMFT", "LCSW", "PsyD"],
        )
        _sarah(rivera)
        _jake(rivera)
        _alvarez(rivera)
        _nguyen(chen)
        _group(chen, rivera)
    _run_extensions(say)
    say(f"Loaded the demo practice: {PRACTICE_NAME} (California).")
    return True
