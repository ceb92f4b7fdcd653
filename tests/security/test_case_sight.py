"""Sight is per case (DESIGN §7 invariant 6), on the demo practice with co-membership: dr.rivera
adds her individual client Sarah to the anxiety group dr.chen co-leads. dr.chen then sees Sarah
as a group member, and nothing of Sarah's individual case: every record URL of that case
answers 404 to GET and POST (each refusal writing `access_denied`), and Sarah's client-level
pages show dr.chen none of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.consultation import actions as consultation_actions
from confide.disclosures import actions as disclosure_actions
from confide.disclosures.models import Authorization, InformationRequest, Release
from confide.incidents import actions as incident_actions
from confide.incidents.models import SafetyEvent, Violation
from confide.practice import actions as practice_actions
from confide.practice.models import AgendaItem, Case, Client, RelatedPerson, Session
from confide.practice.search import find_case, find_client
from confide.records import actions as records_actions
from confide.records.actions import SegmentInput
from confide.records.models import Note, PsychotherapyNote
from tests.security.conftest import signed_in
from tests.security.urlwalk import Route, routes

pytestmark = pytest.mark.django_db

SECRET = "Sarah's private worry about her father"
SUBPOENA = b"%PDF-1.4 subpoena duces tecum for Sarah Miller"
GUARDIANSHIP = b"%PDF-1.4 letters of guardianship"
RELEASE_TEXT = f"Progress summary. {SECRET}."
SAFETY_TEXT = "Sarah said she would hurt her landlord, Mr. Bell"
VIOLATION_TEXT = "Sarah's roommate read her therapy journal"


@dataclass
class Individual:
    """Sarah's individual case with one record of every kind, all dr.rivera's."""

    sarah: Client
    case: Case
    group: Case
    session: Session
    item: AgendaItem
    note: Note
    psychotherapy: PsychotherapyNote
    request: InformationRequest
    authorization: Authorization
    client_level_authorization: Authorization
    release: Release
    event: SafetyEvent
    violation: Violation
    person: RelatedPerson
    packet_id: int


def _request_data() -> dict[str, object]:
    return {
        "requester_name": "Morgan Lee, Esq.",
        "requester_kind": "attorney",
        "relationship": "Attorney for the landlord",
        "requester_contact": "mlee@leelaw.example",
        "subject_name": "Sarah Miller",
        "information": ["progress_notes"],
        "purpose": "legal_proceeding",
        "legal_process": "subpoena",
        "urgency": "soon",
    }


def _authorization_data() -> dict[str, object]:
    return {
        "kind": "standard",
        "information": ["attendance"],
        "information_description": "Dates Sarah attended",
        "discloser": "Harbor Light Counseling",
        "recipient_name": "Dr. Ana Ruiz",
        "purpose": "Coordinating care",
        "expires_on": timezone.localdate() + dt.timedelta(days=20),
        "statements_acknowledged": True,
    }


def make_individual(rivera: User) -> Individual:
    sarah = find_client("Sarah Miller")
    case = find_case("Sarah Miller: individual therapy")
    group = find_case("Anxiety skills group")
    assert sarah is not None and case is not None and group is not None
    practice_actions.add_participant(acting_user=rivera, case=group, client=sarah)
    me = case.participants.get(client=sarah)
    session = case.sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    assert session is not None
    item = practice_actions.add_agenda_item(
        acting_user=rivera, session=session, text="Talk about her father"
    )
    note = records_actions.write_note(
        acting_user=rivera, case=case, segments=[SegmentInput(SECRET, me, "private")]
    )
    psychotherapy = records_actions.write_psychotherapy_note(
        acting_user=rivera, case=case, text="My own reaction to her father's story"
    )
    request = disclosure_actions.record_request(
        acting_user=rivera,
        client=sarah,
        case=case,
        data=_request_data(),
        document=SimpleUploadedFile("subpoena.pdf", SUBPOENA),
    )
    authorization = disclosure_actions.create_authorization(
        acting_user=rivera,
        client=sarah,
        case=case,
        data=_authorization_data(),
        signed_name="Sarah Miller",
    )
    client_level = disclosure_actions.create_authorization(
        acting_user=rivera, client=sarah, data=_authorization_data(), signed_name="Sarah Miller"
    )
    release = disclosure_actions.record_release(
        acting_user=rivera,
        client=sarah,
        case=case,
        recipient="Dr. Ana Ruiz",
        description="Attendance dates",
        purpose="Coordinating care",
        categories=["attendance"],
        basis=[{"rule": "us.hipaa.authorization_valid", "citation": "45 CFR 164.508"}],
        authorization=authorization,
        content=RELEASE_TEXT,
    )
    event = incident_actions.open_safety_event(
        acting_user=rivera,
        client=sarah,
        case=case,
        concern="threat_to_identifiable_person",
        imminent=True,
        description=SAFETY_TEXT,
        clinician_license="marriage_family_therapist",
    )
    violation = incident_actions.report_violation(
        acting_user=rivera,
        client=sarah,
        case=case,
        by="related_person",
        setting="outside_practice",
        description=VIOLATION_TEXT,
    )
    person = practice_actions.add_related_person(
        acting_user=rivera,
        client=sarah,
        data={
            "name": "Ruth Miller",
            "relationship": "guardian",
            "is_personal_representative": True,
            "representative_basis": "Court-appointed guardian of the person",
        },
        document=SimpleUploadedFile("guardianship.pdf", GUARDIANSHIP),
    )
    packet = consultation_actions.create_packet(
        acting_user=rivera, case=case, audience="supervisor", summary="A question about Sarah"
    )
    return Individual(
        sarah, case, group, session, item, note, psychotherapy, request, authorization,
        client_level, release, event, violation, person, packet.pk,
    )  # fmt: skip


def record_urls(world: Individual) -> dict[str, list[str]]:
    """Every numbered URL of the individual case's records, by route name. A route left out
    here must be named in CLIENT_LEVEL or NOT_CASE_RECORDS below, so a new route is seen."""
    case, session, event = world.case.pk, world.session.pk, world.event.pk
    step = event_step = world.event.steps.order_by("position").first()
    assert event_step is not None
    agreement = case_agreement = world.case.agreements.order_by("-version").first()
    assert case_agreement is not None
    participant = world.case.participants.get().pk
    segment = world.note.segments.get().pk
    r = world.request.pk
    auths = [world.authorization.pk, world.client_level_authorization.pk]
    ids: dict[str, list[tuple[int, ...]]] = {
        **{
            name: [(case,)]
            for name in (
                "practice:case_detail", "practice:case_close", "practice:participant_add",
                "practice:case_edit", "practice:case_reopen",
                "practice:session_create", "agreements:case", "agreements:build",
                "agreements:override", "agreements:intake", "records:case_notes",
                "records:note_create", "records:segment_row", "records:psychotherapy_create",
                "consultation:new",
            )
        },
        "agreements:withdraw_override": [(case, 1)],
        **{
            name: [(session,)]
            for name in (
                "practice:session_detail", "practice:session_status", "practice:agenda_item_add"
            )
        },
        "practice:agenda_item_address": [(session, world.item.pk)],
        "practice:related_person_document": [(world.sarah.pk, world.person.pk)],
        **{name: [(agreement.pk,)] for name in ("agreements:version", "agreements:handout")},
        "agreements:sign_office": [(agreement.pk, participant)],
        "practice:participant_remove": [(case, participant)],
        "records:note_detail": [(world.note.pk,)],
        "records:note_export": [(world.note.pk,)],
        **{
            f"records:note_{what}": [(world.note.pk,)] for what in ("edit", "sign", "addendum")
        },
        "records:segment_relabel": [(segment,)],
        "records:psychotherapy_detail": [(world.psychotherapy.pk,)],
        **{
            f"disclosures:request_{what}": [(r,)]
            for what in (
                "detail",
                "match",
                "decide",
                "release",
                "document",
                "confirm_authorization",
            )
        },
        "disclosures:release_detail": [(world.release.pk,)],
        "disclosures:release_suspend": [(world.release.pk,)],
        **{
            f"disclosures:authorization_{what}": [(a,) for a in auths]
            for what in ("detail", "revoke", "remind")
        },
        "incidents:safety_detail": [(event,)],
        "incidents:safety_close": [(event,)],
        "incidents:step_done": [(event, step.pk)],
        **{
            f"incidents:violation_{what}": [(world.violation.pk,)]
            for what in ("detail", "agenda", "resolve")
        },
        **{
            f"consultation:{what}": [(world.packet_id,)]
            for what in ("packet", "update_draft", "restore", "confirm", "discard", "share")
        },
        "consultation:remove_again": [(world.packet_id, 1)],
    }  # fmt: skip
    by_name = {route.name: route for route in routes()}
    urls = {name: [_fill(by_name[name], values) for values in rows] for name, rows in ids.items()}
    urls["api:note"] = [f"/api/v1/records/notes/{world.note.pk}"]
    urls["api:case_notes"] = [f"/api/v1/records/cases/{case}/notes"]
    return urls


def _fill(route: Route, values: tuple[int, ...]) -> str:
    return route.fill(dict(zip(route.int_params, values, strict=True)))


# Client-level pages: dr.chen may open them for Sarah (she is in his group); they must show
# nothing of her individual case (checked by content below).
CLIENT_LEVEL = {
    "practice:client_detail", "practice:client_edit", "practice:contact_point_add",
    "practice:related_person_add", "disclosures:client_disclosures",
    "disclosures:authorization_create", "disclosures:accounting_print", "portal:invite_new",
    "portal:revoke", "notices:acknowledge",
}  # fmt: skip
# Not records of a case: staff accounts, the portal's own pages (a client's), breach incidents
# (the privacy officer's rules), the privacy officer's review of emergency access, and the
# practice-wide documents (the Notice of Privacy Practices, the confidentiality policy).
NOT_CASE_RECORDS_PREFIXES = (
    "accounts:", "agreements:portal_", "disclosures:portal_", "notices:public", "notices:policy",
)  # fmt: skip
NOT_CASE_RECORDS = (
    {"records:emergency_review"}
    | {
        "notices:detail",
        "notices:edit",
        "notices:review",
        "notices:publish",
    }
    | {r.name for r in routes() if r.name.startswith("incidents:breach_")}
)


def _refused(http: HttpClient, method: str, url: str, who: User) -> str | None:
    """None when `url` refused `who`: 404 with exactly one `access_denied` event. A route that
    does not take the method answers 405 before any record is looked up, whatever the number,
    so that answer says nothing about the record (and is no refusal of it)."""
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    response = getattr(http, method)(url)
    if response.status_code == 405:
        return None
    if response.status_code != 404:
        return f"{method.upper()} {url} -> {response.status_code}"
    denied = AuditEvent.objects.filter(seq__gt=before, action="access_denied", actor=who)
    if denied.count() != 1:
        return f"{method.upper()} {url} -> 404 with {denied.count()} access_denied events"
    return None


@pytest.fixture
def world(demo: None) -> Individual:
    return make_individual(User.objects.get(username="dr.rivera"))


def _every_numbered_route_is_classified(world: Individual) -> None:
    mapped = set(record_urls(world))
    for route in routes():
        if not route.int_params or route.name.startswith(NOT_CASE_RECORDS_PREFIXES):
            continue
        assert route.name in mapped | CLIENT_LEVEL | NOT_CASE_RECORDS, route.name


def test_the_case_clinician_reaches_the_records(world: Individual) -> None:
    """The URLs are real: dr.rivera opens each record page of her individual case."""
    http = signed_in(User.objects.get(username="dr.rivera"))
    urls = record_urls(world)
    for name in (
        "records:note_detail", "disclosures:request_detail", "disclosures:request_document",
        "disclosures:release_detail", "disclosures:authorization_detail",
        "incidents:safety_detail", "incidents:violation_detail", "practice:session_detail",
        "practice:related_person_document", "api:note",
    ):  # fmt: skip
        for url in urls[name]:
            assert http.get(url).status_code == 200, url


def test_a_co_leader_of_the_group_gets_404_on_every_record_of_the_individual_case(
    world: Individual,
) -> None:
    _every_numbered_route_is_classified(world)
    chen = User.objects.get(username="dr.chen")
    http = signed_in(chen)
    # He does see Sarah, as a member of his group.
    assert http.get(reverse("practice:case_detail", args=[world.group.pk])).status_code == 200
    assert http.get(reverse("practice:client_detail", args=[world.sarah.pk])).status_code == 200
    leaks = []
    for name, urls in record_urls(world).items():
        for url in urls:
            for method in ("get", "post"):
                problem = _refused(http, method, url, chen)
                if problem:
                    leaks.append(f"{name}: {problem}")
    assert not leaks, "dr.chen reached Sarah's individual case:\n" + "\n".join(leaks)
    # Nothing was changed by his attempts.
    world.authorization.refresh_from_db()
    world.event.refresh_from_db()
    assert world.authorization.revoked_at is None and world.event.closed_at is None
    assert not hasattr(InformationRequest.objects.get(pk=world.request.pk), "decision")


def test_client_level_pages_show_a_co_leader_nothing_of_the_individual_case(
    world: Individual,
) -> None:
    chen = User.objects.get(username="dr.chen")
    http = signed_in(chen)
    hidden = [
        SECRET, SAFETY_TEXT, VIOLATION_TEXT, "Dr. Ana Ruiz", "Morgan Lee",
        "Court-appointed guardian", "guardianship.pdf", "Sarah Miller: individual therapy",
        f"/disclosures/authorizations/{world.authorization.pk}/",
        f"/disclosures/authorizations/{world.client_level_authorization.pk}/",
        f"/disclosures/releases/{world.release.pk}/",
        f"/disclosures/requests/{world.request.pk}/",
        f"/incidents/safety/{world.event.pk}/", f"/incidents/violations/{world.violation.pk}/",
        f"/related/{world.person.pk}/document/",
    ]  # fmt: skip
    pages = [
        reverse("practice:client_detail", args=[world.sarah.pk]),
        reverse("disclosures:client_disclosures", args=[world.sarah.pk]),
        reverse("disclosures:accounting_print", args=[world.sarah.pk]),
        reverse("disclosures:request_list"),
        reverse("incidents:index"),
        reverse("practice:dashboard"),
        reverse("records:note_list"),
        reverse("notices:acknowledge", args=[world.sarah.pk]),
        reverse("notices:pending"),
    ]
    for url in pages:
        page = http.get(url)
        assert page.status_code == 200, url
        body = page.content.decode()
        for text in hidden:
            assert text not in body, f"{url} shows {text!r}"
    # dr.rivera sees them on the same pages (so the check above can fail).
    rivera = signed_in(User.objects.get(username="dr.rivera"))
    body = rivera.get(reverse("disclosures:client_disclosures", args=[world.sarah.pk])).content
    assert f"/disclosures/authorizations/{world.client_level_authorization.pk}/".encode() in body
    assert f"/disclosures/authorizations/{world.authorization.pk}/".encode() in body
    body = rivera.get(reverse("disclosures:accounting_print", args=[world.sarah.pk])).content
    assert b"Dr. Ana Ruiz" in body
    body = rivera.get(reverse("practice:client_detail", args=[world.sarah.pk])).content
    assert (
        b"Court-appointed guardian" in body
        and f"/related/{world.person.pk}/document/".encode() in body
    )


def test_the_forms_list_only_the_viewers_clients_and_audit_the_view(world: Individual) -> None:
    chen = User.objects.get(username="dr.chen")
    http = signed_in(chen)
    mine = set(
        Client.objects.filter(participations__case__clinicians=chen).values_list("pk", flat=True)
    )
    others = set(Client.objects.exclude(pk__in=mine).values_list("pk", flat=True))
    assert others, "the demo has clients dr.chen does not treat"
    for name in (
        "disclosures:request_create",
        "incidents:safety_new",
        "incidents:violation_new",
        "incidents:breach_new",
    ):
        before = AuditEvent.objects.count()
        page = http.get(reverse(name))
        assert page.status_code == 200
        form = page.context["form"]
        field = form.fields.get("client") or form.fields["affected_clients"]
        listed = set(field.queryset.values_list("pk", flat=True))
        assert listed == mine, name
        views = AuditEvent.objects.filter(seq__gt=before, action="view", actor=chen)
        assert views.count() == 1, name
        assert set(views.get().detail["client_ids"]) == mine
    form = http.get(reverse("disclosures:request_create")).context["form"]
    cases = set(form.fields["case"].queryset.values_list("pk", flat=True))
    assert world.case.pk not in cases and world.group.pk in cases
