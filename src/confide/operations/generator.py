"""A large made-up practice for load tests: clinicians, clients, one case each, many notes.

Rows go in with `bulk_create` (fast), through the real models, so note text is sealed by
`EncryptedTextField` exactly as a clinician's would be. Instead of one audit event per row,
the whole generation writes ONE summarising audit event in the same transaction (counts and
id ranges), so the trail stays a true and verifiable account of how the rows got there.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import cycle, islice
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from confide.accounts.models import Role, User
from confide.audit.log import record
from confide.operations.generated import BENCH_PASSWORD, USER_PREFIX
from confide.practice.models import Case, Client, Participant, Practice
from confide.practice.search import index_clients
from confide.practice.vocabulary import CaseType
from confide.records.models import LabelSource, Note, Segment, SharingLabel

BATCH = 2000

FIRST = [
    "Avery",
    "Blake",
    "Casey",
    "Devon",
    "Emerson",
    "Finley",
    "Harper",
    "Jordan",
    "Kendall",
    "Logan",
    "Morgan",
    "Parker",
    "Quinn",
    "Riley",
    "Rowan",
    "Sawyer",
    "Taylor",
    "Reese",
    "Skyler",
    "Jamie",
]
LAST = [
    "Abbott",
    "Baker",
    "Chen",
    "Diaz",
    "Ellis",
    "Foster",
    "Garcia",
    "Hughes",
    "Ito",
    "Jensen",
    "Kim",
    "Lopez",
    "Moreno",
    "Novak",
    "Ortiz",
    "Patel",
    "Reyes",
    "Silva",
    "Tran",
    "Walsh",
]
PHRASES = [
    "Client reports sleeping better since last session.",
    "Discussed coping strategies for work stress; practised grounding.",
    "Mood low this week; no risk indicators; plan reviewed.",
    "Explored family history and its bearing on current conflict.",
    "Homework: thought record twice this week.",
    "Client named two supports to call when anxious.",
]


@dataclass(frozen=True)
class Plan:
    clinicians: int
    clients: int
    notes: int
    seed: int = 9

    def check(self) -> None:
        for name in ("clinicians", "clients"):
            if getattr(self, name) < 1:
                raise ValueError(f"--{name} must be at least 1")
        if self.notes < 0:
            raise ValueError("--notes cannot be negative")
        if self.clients > 1_000_000 or self.notes > 10_000_000 or self.clinicians > 100_000:
            raise ValueError("that is more than a load test needs; pick smaller numbers")


@dataclass(frozen=True)
class Generated:
    clinicians: list[int]
    clients: int
    cases: int
    notes: int
    segments: int


def _batches(items: Iterator[Any], size: int = BATCH) -> Iterator[list[Any]]:
    while chunk := list(islice(items, size)):
        yield chunk


def already_generated() -> bool:
    return User.objects.filter(username__startswith=USER_PREFIX).exists()


def generate(plan: Plan, progress: Callable[[str], None] = lambda _: None) -> Generated:
    """Insert the plan's rows and one audit event, all in one transaction."""
    plan.check()
    rng = random.Random(plan.seed)
    with transaction.atomic():
        practice = Practice.current() or Practice.objects.create(
            name="Generated Practice", jurisdiction="US-CA", licence_types=["LMFT"]
        )
        clinicians = _clinicians(plan.clinicians)
        progress(f"{len(clinicians)} clinicians")
        cases = _clients_and_cases(plan.clients, clinicians, rng)
        progress(f"{len(cases)} clients, each with an individual case")
        notes, segments = _notes(plan.notes, cases, rng, progress)
        made = Generated([u.pk for u in clinicians], len(cases), len(cases), notes, segments)
        record(
            actor=None,
            action="create",
            target_type="operations.generated_practice",
            target_id=str(practice.pk),
            summary=(
                f"Generated for load tests: {plan.clinicians} clinicians, {plan.clients} "
                f"clients, {notes} notes (one event for all rows)"
            ),
            detail={
                "clinicians": plan.clinicians,
                "clients": plan.clients,
                "cases": len(cases),
                "notes": notes,
                "segments": segments,
                "seed": plan.seed,
                "case_ids": [cases[0][0], cases[-1][0]] if cases else [],
            },
        )
    return made


def _clinicians(count: int) -> list[User]:
    password = make_password(BENCH_PASSWORD)  # hashed once; every generated login shares it
    users = [
        User(
            username=f"{USER_PREFIX}{n:04d}",
            first_name="Clinician",
            last_name=f"{n:04d}",
            role=Role.CLINICIAN,
            password=password,
        )
        for n in range(1, count + 1)
    ]
    User.objects.bulk_create(users, batch_size=BATCH)
    return list(User.objects.filter(username__startswith=USER_PREFIX).order_by("pk"))


def _clients_and_cases(
    count: int, clinicians: list[User], rng: random.Random
) -> list[tuple[int, int]]:
    """(case pk, participant pk) for each new client's individual case."""
    today = timezone.localdate()
    first_client = (Client.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    clients = [
        Client(
            first_name=rng.choice(FIRST),
            last_name=f"{rng.choice(LAST)}-{n}",
            date_of_birth=today - dt.timedelta(days=rng.randint(19 * 365, 80 * 365)),
            created_by=clinicians[n % len(clinicians)],
        )
        for n in range(count)
    ]
    Client.objects.bulk_create(clients, batch_size=BATCH)
    clients = list(Client.objects.filter(pk__gte=first_client).order_by("pk"))
    index_clients(clients)  # bulk_create skips Client.save, which keeps the blind index
    cases = [
        Case(title=f"{c.first_name} {c.last_name}", case_type=CaseType.INDIVIDUAL) for c in clients
    ]
    first_case = (Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    Case.objects.bulk_create(cases, batch_size=BATCH)
    cases = list(Case.objects.filter(pk__gte=first_case).order_by("pk"))
    through = Case.clinicians.through
    through.objects.bulk_create(
        [
            through(case_id=case.pk, user_id=clinicians[n % len(clinicians)].pk)
            for n, case in enumerate(cases)
        ],
        batch_size=BATCH,
    )
    Participant.objects.bulk_create(
        [
            Participant(case=case, client=client)
            for case, client in zip(cases, clients, strict=True)
        ],
        batch_size=BATCH,
    )
    people = dict(Participant.objects.filter(case_id__gte=first_case).values_list("case_id", "pk"))
    return [(case.pk, people[case.pk]) for case in cases]


def _notes(
    count: int,
    cases: list[tuple[int, int]],
    rng: random.Random,
    progress: Callable[[str], None],
) -> tuple[int, int]:
    """`count` notes spread over the cases, each with a client segment and a clinician one."""
    today = timezone.localdate()
    authors = dict(Case.clinicians.through.objects.values_list("case_id", "user_id"))
    made = segments = 0
    for chunk in _batches(islice(cycle(cases), count)):
        notes = Note.objects.bulk_create(
            [
                Note(
                    case_id=case_pk,
                    author_id=authors.get(case_pk),
                    written_on=today - dt.timedelta(days=rng.randint(0, 3 * 365)),
                )
                for case_pk, _ in chunk
            ]
        )
        rows = []
        for note, (_, participant_pk) in zip(notes, chunk, strict=True):
            rows.append(_segment(note, 1, participant_pk, SharingLabel.CASE, rng))
            rows.append(_segment(note, 2, None, SharingLabel.CLINICAL, rng))
        Segment.objects.bulk_create(rows)
        made, segments = made + len(notes), segments + len(rows)
        if made % 20_000 < BATCH:
            progress(f"{made} notes")
    return made, segments


def _segment(
    note: Note, position: int, discloser: int | None, label: str, rng: random.Random
) -> Segment:
    return Segment(
        note=note,
        position=position,
        discloser_id=discloser,
        label=label,
        label_source=LabelSource.AGREEMENT,
        text=rng.choice(PHRASES),
    )
