"""Requests from the public form to a decision, an authorization, a release within its scope and
the client's accounting; a subpoena alone releases nothing; a revoked authorization blocks the
next release; the public form never reveals whether someone is a client."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.disclosures import accounting, actions
from confide.disclosures.models import Authorization, InformationRequest, Release
from confide.disclosures.situations import to_situation
from confide.policy import decide
from confide.practice import actions as practice_actions
from confide.practice.models import Client
from tests.web.test_practice_records import make_case, make_client, make_user

pytestmark = pytest.mark.django_db
PUBLIC = "/disclosures/public/"


@pytest.fixture(autouse=True)
def _fresh_rate_limit() -> None:
    cache.clear()


@pytest.fixture
def world() -> dict[str, Any]:
    admin = make_user("admin", "administrator")
    practice_actions.ensure_practice(
        acting_user=admin,
        name="Harbor Light Counseling",
        jurisdiction="US-CA",
        licence_types=["PsyD"],
    )
    rivera = make_user("rivera")
    sarah = make_client(
        rivera, born=timezone.localdate().replace(year=timezone.localdate().year - 25)
    )
    case = make_case(rivera, sarah, title="Sarah Miller: individual")
    portal = User.objects.create_user("sarah", password="x" * 16, role="client")
    Client.objects.filter(pk=sarah.pk).update(portal_user=portal)
    sarah.refresh_from_db()
    return {"rivera": rivera, "sarah": sarah, "case": case, "portal": portal, "admin": admin}


def signed_in(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def public_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "requester_name": "Linda Miller",
        "requester_kind": "parent",
        "relationship": "mother",
        "requester_contact": "(415) 555-0190",
        "subject_name": "Sarah Miller",
        "information": ["treatment_progress"],
        "purpose": "concern_for_wellbeing",
        "legal_process": "none",
        "urgency": "routine",
    }
    return data | overrides


def authorize(
    world: dict[str, Any], covers: list[str], recipient: str = "Linda Miller"
) -> Authorization:
    return actions.create_authorization(
        acting_user=world["portal"],
        client=world["sarah"],
        data={
            "kind": "standard",
            "information": covers,
            "information_description": "How therapy is going in general",
            "discloser": "Harbor Light Counseling",
            "recipient_name": recipient,
            "purpose": "At my request",
            "expires_on": timezone.localdate() + dt.timedelta(days=90),
            "statements_acknowledged": True,
        },
        signed_name="Sarah Miller",
    )


def matched(world: dict[str, Any], **overrides: Any) -> InformationRequest:
    req = actions.submit_public_request(data=public_data(**overrides))
    return actions.match_request(
        acting_user=world["rivera"], info_request=req, client=world["sarah"], case=world["case"]
    )


# --- the public form ---------------------------------------------------------------------


def test_public_form_gives_the_same_answer_whoever_is_named_and_never_reads_clients(
    world: dict[str, Any],
) -> None:
    answers = []
    for name in ["Sarah Miller", "Nobody Atall"]:
        http = HttpClient(enforce_csrf_checks=False)
        with CaptureQueriesContext(connection) as queries:
            response = http.post(PUBLIC, public_data(subject_name=name))
        assert not any("practice_client" in q["sql"] for q in queries.captured_queries)
        answers.append((response.status_code, response["Location"]))
        followed = http.get(response["Location"])
        assert name.encode() not in followed.content
    assert answers[0] == answers[1] == (302, reverse("disclosures:public_sent"))
    assert InformationRequest.objects.filter(client__isnull=True).count() == 2


def test_public_form_is_csrf_protected() -> None:
    http = HttpClient(enforce_csrf_checks=True)
    assert http.post(PUBLIC, public_data()).status_code == 403
    assert InformationRequest.objects.count() == 0


def test_public_form_is_rate_limited_per_address(world: dict[str, Any]) -> None:
    http = HttpClient()
    codes = [http.post(PUBLIC, public_data()).status_code for _ in range(6)]
    assert codes == [302] * 5 + [429]
    assert InformationRequest.objects.count() == 5
    other = HttpClient(REMOTE_ADDR="10.0.0.9")
    assert other.post(PUBLIC, public_data()).status_code == 302


def test_the_rate_limit_is_shared_by_every_worker(world: dict[str, Any]) -> None:
    """Each gunicorn worker is its own process with its own cache objects: the count must
    live where all of them read it, or the limit grows with the number of workers."""
    from django.core.cache import caches
    from django.core.cache.backends.base import BaseCache
    from django.utils.module_loading import import_string

    http = HttpClient()
    for _ in range(3):
        assert http.post(PUBLIC, public_data()).status_code == 302
    config = caches.settings["default"]
    other_worker: BaseCache = import_string(config["BACKEND"])(
        config["LOCATION"], {"OPTIONS": config.get("OPTIONS", {})}
    )
    from confide import ratelimit
    from confide.disclosures.views import PUBLIC_WINDOW_SECONDS

    key = ratelimit.key_for("disclosures:public", "127.0.0.1", PUBLIC_WINDOW_SECONDS)
    assert other_worker.get(key) == 3


def test_bad_public_input_gets_a_linked_message_and_changes_nothing(world: dict[str, Any]) -> None:
    events = AuditEvent.objects.count()
    response = HttpClient().post(PUBLIC, public_data(information=[], requester_name=""))
    assert response.status_code == 200
    assert b'aria-invalid="true"' in response.content
    assert b'href="#id_requester_name"' in response.content
    assert InformationRequest.objects.count() == 0
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("order.exe", b"MZ...", b"Attach a PDF, PNG or JPEG file."),
        ("order.pdf", b"not a pdf at all", b"does not match its type"),
        ("order.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), b"10 MB or smaller"),
    ],
)
def test_legal_documents_are_checked_for_type_and_size(
    world: dict[str, Any], name: str, content: bytes, message: bytes
) -> None:
    data = public_data(legal_process="subpoena", legal_document=SimpleUploadedFile(name, content))
    response = HttpClient().post(PUBLIC, data)
    assert response.status_code == 200 and message in response.content
    assert InformationRequest.objects.count() == 0


def test_a_legal_process_needs_its_document(world: dict[str, Any]) -> None:
    response = HttpClient().post(PUBLIC, public_data(legal_process="subpoena"))
    assert b"Attach the legal document" in response.content
    ok = public_data(
        legal_process="subpoena", legal_document=SimpleUploadedFile("s.pdf", b"%PDF-1.4 x")
    )
    assert HttpClient().post(PUBLIC, ok).status_code == 302
    assert InformationRequest.objects.get().legal_document.name.endswith(".pdf")


# --- decisions ---------------------------------------------------------------------------


def test_to_situation_takes_what_the_records_know(world: dict[str, Any]) -> None:
    req = matched(world)
    situation = to_situation(req)
    assert situation.jurisdiction == "US-CA"
    assert situation.client.age == 25
    assert situation.case.type == "individual"
    assert situation.event.requester == "parent"  # type: ignore[union-attr]
    assert situation.event.authorization is None  # type: ignore[union-attr]
    authorize(world, ["general_progress"])
    assert to_situation(req).event.authorization.covers == {"general_progress"}  # type: ignore[union-attr]


def test_parents_without_authorization_get_general_information_and_nothing_is_released(
    world: dict[str, Any],
) -> None:
    req = matched(world)
    http = signed_in(world["rivera"])
    page = http.get(reverse("disclosures:request_detail", args=[req.pk]))
    assert b'data-outcome="general_information_only"' in page.content
    assert b"the clinician decides" in page.content
    response = http.post(
        reverse("disclosures:request_decide", args=[req.pk]),
        {"choice": "accept", "reply": "We can neither confirm nor deny."},
    )
    assert response.status_code == 302
    row = InformationRequest.objects.get(pk=req.pk).decision
    assert row.outcome == "general_information_only" and row.release_scope == []
    assert row.engine_decision == decide(to_situation(req)).to_dict()
    response = http.post(
        reverse("disclosures:request_release", args=[req.pk]),
        {"categories": ["treatment_progress"], "recipient_address": "x"},
    )
    assert response.status_code == 400
    assert Release.objects.count() == 0


def test_override_needs_a_reason_and_never_widens_the_scope(world: dict[str, Any]) -> None:
    req = matched(world)
    with pytest.raises(actions.ValidationError):
        actions.decide_request(
            acting_user=world["rivera"], info_request=req, choice="override", outcome="decline"
        )
    with pytest.raises(actions.ValidationError):
        actions.decide_request(
            acting_user=world["rivera"],
            info_request=req,
            choice="override",
            outcome="disclose",
            release_scope=["treatment_progress"],
            reason="They are worried",
        )
    row = actions.decide_request(
        acting_user=world["rivera"],
        info_request=req,
        choice="override",
        outcome="decline",
        reason="The client asked me to say nothing at all.",
    )
    assert row.outcome == "decline" and row.engine_decision["outcome"] != "decline"
    assert row.reason.startswith("The client asked")


def test_a_subpoena_without_a_court_order_produces_no_release(world: dict[str, Any]) -> None:
    req = matched(
        world,
        requester_name="J. Smith, Esq.",
        requester_kind="attorney",
        information=["progress_notes"],
        purpose="legal_proceeding",
        legal_process="subpoena",
    )
    row = actions.decide_request(acting_user=world["rivera"], info_request=req, choice="accept")
    assert row.outcome == "decline" and row.release_scope == []
    with pytest.raises(actions.ValidationError):
        actions.release_for_decision(
            acting_user=world["rivera"], decision=row, categories=["progress_notes"]
        )
    assert Release.objects.count() == 0


# --- authorizations, releases, accounting ------------------------------------------------


def test_authorized_release_is_limited_to_scope_and_lands_in_the_accounting(
    world: dict[str, Any],
) -> None:
    authorize(world, ["general_progress"])
    req = matched(world, information=["general_progress", "progress_notes"])
    row = actions.decide_request(acting_user=world["rivera"], info_request=req, choice="accept")
    assert row.release_scope == ["general_progress"]
    with pytest.raises(actions.ValidationError):
        actions.release_for_decision(
            acting_user=world["rivera"],
            decision=row,
            categories=["progress_notes"],
            summary="x",
        )
    release = actions.release_for_decision(
        acting_user=world["rivera"],
        decision=row,
        categories=["general_progress"],
        summary="Sarah attends and is making progress.",
    )
    assert release.categories == ["general_progress"]
    assert release.excluded_from_accounting_reason == "authorization"
    assert "making progress" in release.content
    entries = accounting.entries(Release.objects.filter(client=world["sarah"]))
    assert [e.excluded for e in entries] == ["Under the client's authorization"]
    page = signed_in(world["portal"]).get(reverse("disclosures:portal_accounting"))
    assert (
        b"Linda Miller" in page.content and b"Under the client&#x27;s authorization" in page.content
    )


def test_revoking_an_authorization_blocks_the_next_release(world: dict[str, Any]) -> None:
    auth = authorize(world, ["general_progress"])
    req = matched(world, information=["general_progress"])
    row = actions.decide_request(acting_user=world["rivera"], info_request=req, choice="accept")
    actions.release_for_decision(
        acting_user=world["rivera"], decision=row, categories=["general_progress"], summary="ok"
    )
    http = signed_in(world["portal"])
    url = reverse("disclosures:portal_authorization_revoke", args=[auth.pk])
    unconfirmed = http.post(url)
    assert unconfirmed.status_code == 422 and b"Tick the box" in unconfirmed.content
    auth.refresh_from_db()
    assert auth.revoked_at is None
    response = http.post(url, {"confirm": "on"})
    assert response.status_code == 302
    with pytest.raises(actions.ValidationError, match="revoked"):
        actions.release_for_decision(
            acting_user=world["rivera"],
            decision=row,
            categories=["general_progress"],
            summary="again",
        )
    assert Release.objects.count() == 1
    later = matched(world, information=["general_progress"])
    assert decide(to_situation(later)).outcome not in ("disclose", "disclose_minimum_necessary")


def test_an_incomplete_authorization_is_refused_and_changes_nothing(world: dict[str, Any]) -> None:
    with pytest.raises(actions.ValidationError):
        actions.create_authorization(
            acting_user=world["portal"],
            client=world["sarah"],
            data={
                "kind": "standard",
                "information": ["general_progress"],
                "information_description": "x",
                "discloser": "Harbor Light",
                "recipient_name": "Linda",
                "purpose": "At my request",
                "statements_acknowledged": True,
            },
            signed_name="Sarah Miller",
        )
    with pytest.raises(actions.ValidationError):
        authorize(world, ["general_progress", "psychotherapy_notes"])
    assert Authorization.objects.count() == 0


def test_another_client_cannot_see_or_revoke_an_authorization(world: dict[str, Any]) -> None:
    auth = authorize(world, ["general_progress"])
    stranger = User.objects.create_user("stranger", password="x" * 16, role="client")
    other = make_client(world["rivera"], first="Other")
    Client.objects.filter(pk=other.pk).update(portal_user=stranger)
    http = signed_in(stranger)
    assert http.get(reverse("disclosures:portal_authorization", args=[auth.pk])).status_code == 404
    assert (
        http.post(reverse("disclosures:portal_authorization_revoke", args=[auth.pk])).status_code
        == 404
    )
    auth.refresh_from_db()
    assert auth.revoked_at is None


# --- FHIR export ---------------------------------------------------------------------------


def test_fhir_export_writes_valid_consent_and_audit_event_resources(
    world: dict[str, Any], tmp_path: Any
) -> None:
    import json

    from django.core.management import call_command
    from fhir.resources.auditevent import AuditEvent as FhirAuditEvent
    from fhir.resources.consent import Consent

    auth = authorize(world, ["general_progress"])
    req = matched(world, information=["general_progress"])
    row = actions.decide_request(acting_user=world["rivera"], info_request=req, choice="accept")
    actions.release_for_decision(
        acting_user=world["rivera"], decision=row, categories=["general_progress"], summary="ok"
    )
    actions.revoke_authorization(acting_user=world["portal"], authorization=auth)
    call_command("export", "fhir", "--out", str(tmp_path))
    consent = json.loads((tmp_path / f"Consent-authorization-{auth.pk}.json").read_text())
    Consent.model_validate(consent)
    assert consent["status"] == "inactive"
    assert consent["subject"]["reference"] == f"Patient/{world['sarah'].pk}"
    events = list(tmp_path.glob("AuditEvent-*.json"))
    assert len(events) == 1
    event = json.loads(events[0].read_text())
    FhirAuditEvent.model_validate(event)
    assert event["agent"][1]["who"]["display"] == "Linda Miller"


# --- demo ----------------------------------------------------------------------------------


def test_demo_loader_adds_its_data_once() -> None:
    from confide.disclosures.demo import load_demo
    from confide.practice.demo import load_demo as load_practice

    load_practice(say=lambda _text: None)
    load_demo()
    counts = (
        InformationRequest.objects.count(),
        Authorization.objects.count(),
        Release.objects.count(),
    )
    load_demo()
    assert (
        counts
        == (
            InformationRequest.objects.count(),
            Authorization.objects.count(),
            Release.objects.count(),
        )
        == (2, 1, 1)
    )
    auth = Authorization.objects.get()
    from confide.disclosures import authorizations as auth_rules

    assert auth_rules.status(auth).is_active
    assert InformationRequest.objects.get(requester_kind="attorney").decision.outcome == "decline"


# --- staff-recorded requests and legal documents ----------------------------------------


def test_staff_record_a_request_with_its_document_and_open_it(world: dict[str, Any]) -> None:
    http = signed_in(world["rivera"])
    data = public_data(
        requester_name="Officer Diaz",
        requester_kind="law_enforcement",
        information=["attendance"],
        purpose="law_enforcement",
        legal_process="warrant",
        client=str(world["sarah"].pk),
        legal_document=SimpleUploadedFile("warrant.pdf", b"%PDF-1.7 warrant"),
    )
    response = http.post(reverse("disclosures:request_create"), data)
    assert response.status_code == 302
    req = InformationRequest.objects.get()
    assert req.client == world["sarah"] and req.status == "matched"
    before = AuditEvent.objects.count()
    download = http.get(reverse("disclosures:request_document", args=[req.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.7 warrant"  # type: ignore[attr-defined]
    assert [e.action for e in AuditEvent.objects.filter(seq__gt=before)] == ["view"]
    chen = signed_in(make_user("chen"))
    assert chen.get(reverse("disclosures:request_document", args=[req.pk])).status_code == 404


@pytest.mark.parametrize(
    "bad",
    [{"requester_kind": "king"}, {"purpose": "curiosity"}, {"legal_process": "letter"}],
)
def test_requests_with_unknown_words_are_refused(bad: dict[str, str]) -> None:
    with pytest.raises(actions.ValidationError):
        actions.submit_public_request(data=public_data(**bad))
    assert InformationRequest.objects.count() == 0
