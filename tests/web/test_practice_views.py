"""Practice pages: outsiders get 404, each page of client data writes one audit "view"
event, and a bad form changes nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.practice import actions
from confide.practice.models import Case, Client, ContactPoint, Practice, RelatedPerson, Session
from confide.practice.search import find_client
from tests.web.test_practice_records import counts, make_case, make_client, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def rivera() -> User:
    return make_user("rivera")


@pytest.fixture
def chen() -> User:
    return make_user("chen")


def browser_for(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.fixture
def world(rivera: User) -> dict[str, object]:
    sarah = make_client(rivera)
    case = make_case(rivera, sarah, title="Sarah Miller: individual")
    session = actions.schedule_session(
        acting_user=rivera, case=case, starts_at=timezone.now() + dt.timedelta(hours=1)
    )
    return {"client": sarah, "case": case, "session": session}


def client_pages(world: dict[str, object]) -> list[str]:
    c, case, s = world["client"], world["case"], world["session"]
    return [
        reverse("practice:client_detail", args=[c.pk]),  # type: ignore[attr-defined]
        reverse("practice:client_edit", args=[c.pk]),  # type: ignore[attr-defined]
        reverse("practice:related_person_add", args=[c.pk]),  # type: ignore[attr-defined]
        reverse("practice:case_detail", args=[case.pk]),  # type: ignore[attr-defined]
        reverse("practice:session_create", args=[case.pk]),  # type: ignore[attr-defined]
        reverse("practice:participant_add", args=[case.pk]),  # type: ignore[attr-defined]
        reverse("practice:session_detail", args=[s.pk]),  # type: ignore[attr-defined]
    ]


def test_another_clinician_gets_404_on_every_page_of_someone_elses_client(
    world: dict[str, object], chen: User
) -> None:
    http = browser_for(chen)
    for url in client_pages(world):
        assert http.get(url).status_code == 404, url
    posts = [
        reverse("practice:contact_point_add", args=[world["client"].pk]),  # type: ignore[attr-defined]
        reverse("practice:agenda_item_add", args=[world["session"].pk]),  # type: ignore[attr-defined]
        reverse("practice:session_status", args=[world["session"].pk]),  # type: ignore[attr-defined]
    ]
    before = counts()
    for url in posts:
        assert (
            http.post(url, {"text": "x", "status": "held", "contact-kind": "phone"}).status_code
            == 404
        )
    assert {k: v for k, v in counts().items() if k != "events"} == {
        k: v for k, v in before.items() if k != "events"
    }
    assert b"Sarah" not in http.get(reverse("practice:client_list")).content
    assert b"Sarah" not in http.get(reverse("practice:case_list")).content


def test_a_missing_record_looks_the_same_as_a_forbidden_one(
    world: dict[str, object], chen: User
) -> None:
    http = browser_for(chen)
    forbidden = http.get(reverse("practice:client_detail", args=[world["client"].pk]))  # type: ignore[attr-defined]
    missing = http.get(reverse("practice:client_detail", args=[999_999]))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content


@pytest.mark.parametrize("role", ["supervisor", "privacy_officer", "client"])
def test_roles_without_records_get_404(world: dict[str, object], role: str) -> None:
    http = browser_for(make_user("someone", role))
    for url in [*client_pages(world), reverse("practice:client_list")]:
        assert http.get(url).status_code == 404, url


def test_every_client_page_view_writes_exactly_one_view_event(
    world: dict[str, object], rivera: User
) -> None:
    http = browser_for(rivera)
    pages = [
        *client_pages(world),
        reverse("practice:client_list"),
        reverse("practice:case_list"),
        reverse("practice:case_create"),
        reverse("practice:dashboard"),
    ]
    for url in pages:
        before = AuditEvent.objects.count()
        response = http.get(url)
        assert response.status_code == 200, url
        events = list(AuditEvent.objects.filter(seq__gt=before))
        assert [e.action for e in events] == ["view"], url
        assert events[0].actor == rivera


def test_the_client_page_event_names_the_client(world: dict[str, object], rivera: User) -> None:
    sarah = world["client"]
    browser_for(rivera).get(reverse("practice:client_detail", args=[sarah.pk]))  # type: ignore[attr-defined]
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.action, event.client_id) == ("view", sarah.pk)  # type: ignore[attr-defined]


def test_registering_a_client_creates_it_and_shows_it(rivera: User) -> None:
    http = browser_for(rivera)
    response = http.post(
        reverse("practice:client_create"),
        {"first_name": "Ana", "last_name": "Reyes", "date_of_birth": "1990-05-01"},
        follow=True,
    )
    ana = Client.objects.get()
    assert response.redirect_chain[-1][0] == reverse("practice:client_detail", args=[ana.pk])
    assert b"Ana Reyes" in response.content
    assert ana.created_by == rivera


@pytest.mark.parametrize(
    "data",
    [
        {"first_name": "", "last_name": "Reyes", "date_of_birth": "1990-05-01"},
        {"first_name": "Ana", "last_name": "Reyes", "date_of_birth": "not a date"},
        {"first_name": "Ana", "last_name": "Reyes", "date_of_birth": "2999-01-01"},
    ],
)
def test_an_invalid_client_form_changes_nothing_and_says_why(
    rivera: User, data: dict[str, str]
) -> None:
    http = browser_for(rivera)
    before = counts()
    response = http.post(reverse("practice:client_create"), data)
    assert response.status_code == 200
    assert counts() == before
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "_error" in html and "aria-describedby" in html
    assert 'class="error-summary"' in html


def test_a_couple_case_needs_a_secrets_policy(rivera: User) -> None:
    maria, david = make_client(rivera, "Maria"), make_client(rivera, "David")
    http = browser_for(rivera)
    url = reverse("practice:case_create")
    data = {"title": "Alvarez", "case_type": "couple", "participants": [maria.pk, david.pk]}
    before = counts()
    response = http.post(url, data)
    assert response.status_code == 200
    assert {k: v for k, v in counts().items() if k != "events"} == {
        k: v for k, v in before.items() if k != "events"
    }
    html = response.content.decode()
    assert 'href="#id_secrets_policy_0"' in html  # the summary links to the first choice
    assert 'id="id_secrets_policy_0"' in html
    response = http.post(url, {**data, "secrets_policy": "limited_secrets"})
    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.secrets_policy, set(case.clinicians.all())) == ("limited_secrets", {rivera})
    assert sorted(p.role_in_case for p in case.participants.all()) == ["partner", "partner"]


def test_a_case_cannot_include_another_clinicians_client(rivera: User, chen: User) -> None:
    theirs = make_client(chen)
    response = browser_for(rivera).post(
        reverse("practice:case_create"),
        {"title": "X", "case_type": "individual", "participants": [theirs.pk]},
    )
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_adding_a_contact_point_with_htmx_returns_the_section(
    world: dict[str, object], rivera: User
) -> None:
    sarah = world["client"]
    url = reverse("practice:contact_point_add", args=[sarah.pk])  # type: ignore[attr-defined]
    http = browser_for(rivera)
    data = {"contact-kind": "phone", "contact-value": "(415) 555-0142", "contact-may_text": "on"}
    response = http.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="panel" id="contact-points"')
    assert "May text." in html
    point = ContactPoint.objects.get()
    assert (point.may_text, point.may_call, point.discreet) == (True, False, False)


def test_a_contact_point_permission_that_does_not_fit_changes_nothing(
    world: dict[str, object], rivera: User
) -> None:
    sarah = world["client"]
    url = reverse("practice:contact_point_add", args=[sarah.pk])  # type: ignore[attr-defined]
    data = {"contact-kind": "email", "contact-value": "not-an-address", "contact-may_call": "on"}
    response = browser_for(rivera).post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 422
    html = response.content.decode()
    assert html.count('aria-invalid="true"') == 2  # the address and the permission
    assert not ContactPoint.objects.exists()


def test_a_personal_representative_without_a_basis_is_refused(
    world: dict[str, object], rivera: User
) -> None:
    url = reverse("practice:related_person_add", args=[world["client"].pk])  # type: ignore[attr-defined]
    data = {"name": "Linda", "relationship": "parent", "is_personal_representative": "on"}
    response = browser_for(rivera).post(url, data)
    assert response.status_code == 200
    assert not RelatedPerson.objects.exists()
    response = browser_for(rivera).post(url, {**data, "representative_basis": "Parent of minor"})
    assert response.status_code == 302
    assert RelatedPerson.objects.get().is_personal_representative


def test_scheduling_a_session_and_setting_an_agenda(world: dict[str, object], rivera: User) -> None:
    case = world["case"]
    http = browser_for(rivera)
    url = reverse("practice:session_create", args=[case.pk])  # type: ignore[attr-defined]
    participant = case.participants.get()  # type: ignore[attr-defined]
    bad = http.post(url, {"starts_at": "", "duration_minutes": "50"})
    assert bad.status_code == 200 and Session.objects.count() == 1
    response = http.post(
        url,
        {"starts_at": "2030-01-07T10:00", "duration_minutes": "50", "attendees": [participant.pk]},
    )
    session = Session.objects.latest("pk")
    assert response.url == reverse("practice:session_detail", args=[session.pk])  # type: ignore[attr-defined]
    agenda = reverse("practice:agenda_item_add", args=[session.pk])
    assert http.post(agenda, {"text": "  "}).status_code == 200
    assert not session.agenda_items.exists()
    http.post(agenda, {"text": "Revisit the agreement"})
    assert session.agenda_items.get().text == "Revisit the agreement"


def test_an_administrator_sees_the_schedule_but_not_the_agenda(
    world: dict[str, object], rivera: User
) -> None:
    session = world["session"]
    actions.add_agenda_item(acting_user=rivera, session=session, text="Private worry")  # type: ignore[arg-type]
    admin = browser_for(make_user("admin", "administrator"))
    page = admin.get(reverse("practice:session_detail", args=[session.pk]))  # type: ignore[attr-defined]
    assert page.status_code == 200
    assert b"Private worry" not in page.content
    assert admin.post(reverse("practice:agenda_item_add", args=[session.pk])).status_code == 404  # type: ignore[attr-defined]


def test_the_dashboard_shows_todays_sessions(world: dict[str, object], rivera: User) -> None:
    page = browser_for(rivera).get(reverse("practice:dashboard")).content.decode()
    assert "Sarah Miller: individual" in page
    assert "Needs attention" in page


def test_an_outsiders_attempt_is_recorded_for_the_privacy_officer(
    world: dict[str, object], chen: User
) -> None:
    http = browser_for(chen)
    before = AuditEvent.objects.count()
    url = reverse("practice:client_detail", args=[world["client"].pk])  # type: ignore[attr-defined]
    assert http.get(url).status_code == 404
    events = list(AuditEvent.objects.filter(seq__gt=before))
    assert [(e.action, e.actor) for e in events] == [("access_denied", chen)]
    assert url in events[0].summary


def test_editing_a_client_records_which_fields_changed(
    world: dict[str, object], rivera: User
) -> None:
    sarah = world["client"]
    url = reverse("practice:client_edit", args=[sarah.pk])  # type: ignore[attr-defined]
    http = browser_for(rivera)
    data = {"first_name": "Sarah", "last_name": "Miller", "date_of_birth": "2000-03-14"}
    bad = http.post(url, {**data, "last_name": ""})
    assert bad.status_code == 200
    assert Client.objects.get().last_name == "Miller"
    response = http.post(url, {**data, "preferred_name": "Sadie", "pronouns": "she/her"})
    assert response.status_code == 302
    assert Client.objects.get().display_name == "Sadie Miller"
    event = AuditEvent.objects.filter(action="change").get()
    assert event.detail == {"fields": ["preferred_name", "pronouns"]}


def test_closing_a_case_cancels_the_sessions_to_come(
    world: dict[str, object], rivera: User
) -> None:
    case = world["case"]
    http = browser_for(rivera)
    url = reverse("practice:case_close", args=[case.pk])  # type: ignore[attr-defined]
    data = {"reason": "goals_met", "discharge_summary": "Goals met; no referral."}
    unconfirmed = http.post(url, data)
    assert unconfirmed.status_code == 422
    assert "Tick the box to confirm closing the case." in unconfirmed.content.decode()
    case.refresh_from_db()  # type: ignore[attr-defined]
    assert case.status == "open"  # type: ignore[attr-defined]
    response = http.post(url, {**data, "confirm": "on"})
    assert response.status_code == 302
    case.refresh_from_db()  # type: ignore[attr-defined]
    assert case.status == "closed"  # type: ignore[attr-defined]
    assert Session.objects.get().status == "cancelled"
    page = http.get(reverse("practice:case_list")).content.decode()
    assert "Sarah Miller: individual" not in page
    closed = http.get(reverse("practice:case_list") + "?status=closed").content.decode()
    assert "Sarah Miller: individual" in closed


def test_an_administrator_keeps_the_roster(world: dict[str, object], rivera: User) -> None:
    admin = browser_for(make_user("admin", "administrator"))
    assert b"Sarah Miller" in admin.get(reverse("practice:client_list")).content
    response = admin.post(
        reverse("practice:client_create"),
        {"first_name": "Ana", "last_name": "Reyes", "date_of_birth": "1990-05-01"},
    )
    assert response.status_code == 302
    assert find_client("Reyes") is not None


def test_a_representatives_document_is_kept_and_shown_only_through_the_record(
    world: dict[str, object], rivera: User, chen: User, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    sarah = world["client"]
    url = reverse("practice:related_person_add", args=[sarah.pk])  # type: ignore[attr-defined]
    data = {
        "name": "Linda Miller",
        "relationship": "guardian",
        "is_personal_representative": "on",
        "representative_basis": "Guardianship order",
    }
    http = browser_for(rivera)
    script = SimpleUploadedFile("order.exe", b"MZ", content_type="application/octet-stream")
    assert http.post(url, {**data, "representative_document": script}).status_code == 200
    assert not RelatedPerson.objects.exists()
    order = SimpleUploadedFile("order.pdf", b"%PDF-1.4 order", content_type="application/pdf")
    assert http.post(url, {**data, "representative_document": order}).status_code == 302
    person = RelatedPerson.objects.get()
    download = reverse("practice:related_person_document", args=[sarah.pk, person.pk])  # type: ignore[attr-defined]
    response = http.get(download)
    assert response.status_code == 200
    assert response.content == b"%PDF-1.4 order"
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.order_by("-seq").first().action == "view"  # type: ignore[union-attr]
    assert browser_for(chen).get(download).status_code == 404


def test_a_client_signing_in_lands_on_their_portal() -> None:
    response = browser_for(make_user("sarah", "client")).get(reverse("practice:dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("portal:home")  # type: ignore[attr-defined]


# --- the demo practice and `confide serve` ------------------------------------------------


def test_demo_loads_once_with_every_apps_part() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    assert Practice.objects.get().jurisdiction == "US-CA"
    first = counts()
    assert first["Client"] == 1 + 1 + 2 + 4 + 5  # Sarah, Jake, a couple, a family, a group
    assert "Skipped" not in out.getvalue()  # every app's demo part loaded
    call_command("demo", stdout=out)
    assert counts() == first
    assert "nothing changed" in out.getvalue()
    jake = find_client("Jake")
    assert jake.is_minor
    assert jake.related_people.filter(is_personal_representative=True).count() == 1
    assert Case.objects.get(case_type="couple").secrets_policy == "limited_secrets"
    assert User.objects.get(username="dr.rivera").check_password("confide-demo-2026")


def test_demo_reset_reloads_the_practice_records() -> None:
    with mock.patch("confide.practice.demo.demo_extensions", return_value=[]):
        call_command("demo", stdout=StringIO())
        first = counts()
        call_command("demo", "--reset", stdout=StringIO())
    after = counts()
    assert after["Client"] == first["Client"]
    assert after["events"] > first["events"]  # the trail keeps the first load's history


def test_demo_reset_never_touches_a_real_practice(rivera: User) -> None:
    actions.ensure_practice(
        acting_user=rivera, name="Bayview Therapy", jurisdiction="US-CA", licence_types=[]
    )
    make_client(rivera)
    before = counts()
    with pytest.raises(CommandError, match="not the demo practice"):
        call_command("demo", "--reset", stdout=StringIO())
    assert counts() == before


def test_demo_reset_refuses_when_kept_records_protect_the_cases() -> None:
    call_command("demo", stdout=StringIO())
    before = counts()
    with pytest.raises(CommandError, match="move the data folder aside"):
        call_command("demo", "--reset", stdout=StringIO())
    assert counts() == before


def test_serve_migrates_loads_the_demo_and_hands_over_to_gunicorn() -> None:
    out = StringIO()
    with mock.patch("confide.practice.management.commands.serve.exec_gunicorn") as execv:
        call_command("serve", "--port", "8123", stdout=out)
    argv = execv.call_args.args[0]
    assert argv[1:4] == ["-m", "gunicorn", "confide.wsgi:application"]
    assert "127.0.0.1:8123" in argv
    assert "http://127.0.0.1:8123/" in out.getvalue()
    assert "dr.rivera" in out.getvalue()
    assert Practice.objects.exists()


# --- static files: served by whitenoise from our own files, never a CDN -------------------


def _static_urls(html: str) -> list[str]:
    import re

    return sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html)))


def test_pages_load_htmx_and_their_stylesheets_from_our_own_static_files(rivera: User) -> None:
    html = browser_for(rivera).get(reverse("practice:client_create")).content.decode()
    urls = _static_urls(html)
    assert any("htmx" in url and url.endswith(".js") for url in urls)
    assert "/static/confide/confide.css" in urls
    assert "https://" not in html.split("<body")[0]
    missing = [url for url in urls if HttpClient().get(url).status_code != 200]
    assert missing == []


def test_the_case_page_says_where_confidentiality_stands(
    world: dict[str, object], rivera: User
) -> None:
    from confide.agreements.actions import override_gate

    url = reverse("practice:case_detail", args=[world["case"].pk])  # type: ignore[attr-defined]
    page = browser_for(rivera).get(url).content.decode()
    assert "Not started" in page
    assert reverse("agreements:case", args=[world["case"].pk]) in page  # type: ignore[attr-defined]
    override_gate(acting_user=rivera, case=world["case"], reason="Crisis session before intake.")
    page = browser_for(rivera).get(url).content.decode()
    assert "Overridden by a clinician" in page and "Crisis session before intake." in page


def test_agenda_text_is_sealed_at_rest(world: dict[str, object], rivera: User) -> None:
    from django.db import connection

    item = actions.add_agenda_item(
        acting_user=rivera,
        session=world["session"],
        text="Talk about what her brother said at dinner",
        source="clinician",
    )
    with connection.cursor() as cur:
        cur.execute("SELECT text FROM practice_agendaitem WHERE id = %s", [item.pk])
        (raw,) = cur.fetchone()
    assert raw.startswith("enc1:") and "brother" not in raw
    item.refresh_from_db()
    assert item.text == "Talk about what her brother said at dinner"
