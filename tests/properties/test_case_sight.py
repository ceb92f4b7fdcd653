"""DESIGN §7 invariant 6 over generated practices: clients in several cases, clinicians on some
of them, emergency access to some (some of it expired). For every record URL of every case
(notes, segments, requests, authorizations, releases, incidents, sessions and agenda items),
by GET and by POST, a clinician gets 404, with one `access_denied` audit event, unless the
sight rule lets them reach that record's case; and where it does, the page opens.

The expected sight is computed here from the generated facts alone, not by asking
`practice.access`: assigned clinicians read and write; active emergency access reads; a
record naming no case is seen only by the clinicians of the client's individual case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.disclosures.models import Authorization, InformationRequest, Release
from confide.incidents.models import SafetyEvent, SafetyStep, Violation
from confide.practice.models import AgendaItem, Case, Client, Participant, Practice, Session
from confide.records.models import EmergencyAccess, Note, Segment

CLIENTS = 3
CLINICIANS = 3
SHAPES = {"individual": (1, 1), "couple": (2, 2), "group": (2, 3)}


@dataclass(frozen=True)
class CaseSpec:
    case_type: str
    members: tuple[int, ...]  # client indexes
    clinicians: frozenset[int]


@dataclass(frozen=True)
class PracticeSpec:
    cases: tuple[CaseSpec, ...]
    # (clinician, case index, still active?)
    emergencies: tuple[tuple[int, int, bool], ...]
    viewer: int
    # clients with a client-level authorization and release (naming no case)
    client_level: frozenset[int] = field(default_factory=frozenset)


@st.composite
def practices(draw: st.DrawFn) -> PracticeSpec:
    cases = []
    for _ in range(draw(st.integers(2, 3))):
        kind = draw(st.sampled_from(sorted(SHAPES)))
        low, high = SHAPES[kind]
        members = draw(
            st.lists(st.integers(0, CLIENTS - 1), min_size=low, max_size=high, unique=True)
        )
        team = draw(st.frozensets(st.integers(0, CLINICIANS - 1), max_size=2))
        cases.append(CaseSpec(kind, tuple(members), team))
    emergencies = draw(
        st.lists(
            st.tuples(
                st.integers(0, CLINICIANS - 1), st.integers(0, len(cases) - 1), st.booleans()
            ),
            max_size=3,
        )
    )
    return PracticeSpec(
        tuple(cases),
        tuple(emergencies),
        draw(st.integers(0, CLINICIANS - 1)),
        draw(st.frozensets(st.integers(0, CLIENTS - 1), max_size=2)),
    )


# The expected sight, from the facts alone ---------------------------------------------------


def expected_cases(spec: PracticeSpec, viewer: int, *, write: bool) -> set[int]:
    seen = {n for n, case in enumerate(spec.cases) if viewer in case.clinicians}
    if not write:
        seen |= {n for who, n, active in spec.emergencies if who == viewer and active}
    return seen


def keeps_client_level(spec: PracticeSpec, viewer: int, client: int) -> bool:
    return any(
        c.case_type == "individual" and client in c.members and viewer in c.clinicians
        for c in spec.cases
    )


# Building a practice quickly (plain rows: the actions are tested elsewhere) -----------------


@dataclass
class Built:
    users: list[User]
    clients: list[Client]
    # (method, url, case index or None, client index, needs write)
    urls: list[tuple[str, str, int | None, int, bool]]


def _case_records(
    n: int, case: Case, members: list[Client], author: User
) -> list[tuple[str, str, bool]]:
    """One record of each kind for case `n`: their URLs as (method, url, needs write)."""
    now = timezone.now()
    client = members[0]
    participant = Participant.objects.get(case=case, client=client)
    session = Session.objects.create(case=case, starts_at=now + dt.timedelta(days=n + 1))
    item = AgendaItem.objects.create(session=session, text=f"agenda {n}", created_by=author)
    note = Note.objects.create(case=case, author=author)
    segment = Segment.objects.create(
        note=note, position=1, discloser=participant, label="private",
        label_source="clinician", text=f"private words {n}",
    )  # fmt: skip
    request = InformationRequest.objects.create(
        source="staff", requester_name="A. Lawyer", requester_kind="attorney",
        requester_contact="a@example.com", subject_name=client.full_name,
        information=["attendance"], purpose="legal_proceeding", client=client, case=case,
        status="matched",
    )  # fmt: skip
    auth = _authorization(client, case)
    release = _release(client, case)
    event = SafetyEvent.objects.create(
        client=client, case=case, concern="risk_of_self_harm", description=f"event {n}",
        jurisdiction="US-CA", clinician_license="psychologist", reported_by=author,
    )  # fmt: skip
    step = SafetyStep.objects.create(
        event=event, position=1, action="document_decision", kind="document", title="Document"
    )
    violation = Violation.objects.create(
        client=client, case=case, by="client", setting="group", description=f"lapse {n}",
        raised_by=author,
    )  # fmt: skip
    return [
        ("get", reverse("records:case_notes", args=[case.pk]), False),
        ("get", reverse("records:note_detail", args=[note.pk]), False),
        ("get", reverse("records:note_export", args=[note.pk]), False),
        ("get", f"/api/v1/records/notes/{note.pk}", False),
        ("post", reverse("records:segment_relabel", args=[segment.pk]), True),
        ("get", reverse("practice:case_detail", args=[case.pk]), True),
        ("get", reverse("practice:session_detail", args=[session.pk]), True),
        ("post", reverse("practice:agenda_item_address", args=[session.pk, item.pk]), True),
        ("get", reverse("disclosures:request_detail", args=[request.pk]), False),
        ("post", reverse("disclosures:request_decide", args=[request.pk]), True),
        ("post", reverse("disclosures:request_match", args=[request.pk]), True),
        ("get", reverse("disclosures:authorization_detail", args=[auth.pk]), False),
        ("post", reverse("disclosures:authorization_revoke", args=[auth.pk]), True),
        ("get", reverse("disclosures:release_detail", args=[release.pk]), False),
        ("post", reverse("disclosures:release_suspend", args=[release.pk]), True),
        ("get", reverse("incidents:safety_detail", args=[event.pk]), False),
        ("post", reverse("incidents:step_done", args=[event.pk, step.pk]), True),
        ("post", reverse("incidents:safety_close", args=[event.pk]), True),
        ("get", reverse("incidents:violation_detail", args=[violation.pk]), False),
        ("post", reverse("incidents:violation_resolve", args=[violation.pk]), True),
    ]


def _authorization(client: Client, case: Case | None) -> Authorization:
    return Authorization.objects.create(
        client=client, case=case, information=["attendance"], information_description="dates",
        discloser="the practice", recipient_name="Dr. Park", purpose="care",
        expires_on=timezone.localdate() + dt.timedelta(days=30), statements_acknowledged=True,
    )  # fmt: skip


def _release(client: Client, case: Case | None) -> Release:
    return Release.objects.create(
        client=client, case=case, recipient="Dr. Park", description="attendance dates",
        purpose="care", categories=["attendance"], content="released words",
        basis=[{"rule": "us.hipaa.authorization_valid", "citation": "45 CFR 164.508"}],
    )  # fmt: skip


def build(spec: PracticeSpec) -> Built:
    Practice.objects.get_or_create(name="Generated Practice", jurisdiction="US-CA")
    users = [
        User.objects.create(username=f"gen.clinician{i}", role="clinician", license="psychologist")
        for i in range(CLINICIANS)
    ]
    born = dt.date(1990, 1, 1)
    clients = [
        Client.objects.create(first_name=f"Gen{i}", last_name="Client", date_of_birth=born)
        for i in range(CLIENTS)
    ]
    urls: list[tuple[str, str, int | None, int, bool]] = []
    now = timezone.now()
    cases = []
    for n, case_spec in enumerate(spec.cases):
        case = Case.objects.create(title=f"Generated case {n}", case_type=case_spec.case_type)
        case.clinicians.set([users[i] for i in case_spec.clinicians])
        members = [clients[i] for i in case_spec.members]
        for member in members:
            Participant.objects.create(case=case, client=member)
        cases.append(case)
        for method, url, write in _case_records(n, case, members, users[0]):
            urls.append((method, url, n, case_spec.members[0], write))
    for who, n, active in spec.emergencies:
        opened = now - dt.timedelta(hours=1 if active else 3)
        EmergencyAccess.objects.create(
            case=cases[n], clinician=users[who], reason="generated emergency",
            opened_at=opened, expires_at=opened + dt.timedelta(hours=2),
        )  # fmt: skip
    for i in sorted(spec.client_level):
        auth, release = _authorization(clients[i], None), _release(clients[i], None)
        urls += [
            ("get", reverse("disclosures:authorization_detail", args=[auth.pk]), None, i, False),
            ("post", reverse("disclosures:authorization_revoke", args=[auth.pk]), None, i, True),
            ("get", reverse("disclosures:release_detail", args=[release.pk]), None, i, False),
        ]
    return Built(users, clients, urls)


def _last_seq() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=practices())
def test_every_record_url_answers_404_unless_the_rule_lets_the_viewer_see_its_case(
    spec: PracticeSpec,
) -> None:
    with transaction.atomic():
        built = build(spec)
        viewer = built.users[spec.viewer]
        http = HttpClient()
        http.force_login(viewer)
        readable = expected_cases(spec, spec.viewer, write=False)
        writable = expected_cases(spec, spec.viewer, write=True)
        problems = []
        # Reads first, so a permitted write (a revocation, a closed event) changes no later GET.
        for method, url, case, client, write in sorted(built.urls, key=lambda u: u[0]):
            if case is None:
                allowed = keeps_client_level(spec, spec.viewer, client)
            else:
                allowed = case in (writable if write else readable)
            before = _last_seq()
            status = getattr(http, method)(url).status_code
            denied = AuditEvent.objects.filter(
                seq__gt=before, action="access_denied", actor=viewer
            ).count()
            if not allowed and (status != 404 or denied != 1):
                problems.append(f"{method} {url}: {status}, {denied} access_denied (refused)")
            if allowed and method == "get" and status != 200:
                problems.append(f"{method} {url}: {status} (should open)")
            if allowed and denied:
                problems.append(f"{method} {url}: access_denied written for an allowed request")
        assert not problems, f"{spec}\n" + "\n".join(problems)
        transaction.set_rollback(True)
