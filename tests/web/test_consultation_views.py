"""Packet pages: the clinician builds, compares, keeps with a reason, confirms and shares; the
supervisor and peers see the de-identified text and get 404 on every case, client and note
page. Every step leaves an audit event."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from confide.audit.models import AuditEvent
from confide.consultation import access, actions
from confide.consultation.build import pieces_of
from confide.consultation.models import Packet
from tests.web.test_consultation_fixtures import Setting, make_setting
from tests.web.test_records_fixtures import make_user, signed_in

pytestmark = pytest.mark.django_db
NAMES = ("Linh", "Minh", "Anh Nguyen", "Nguyen", "Mai Tran", "555-0188", "Dr. Rivera")
CASE_APPS = ("practice", "records", "agreements", "disclosures", "incidents", "portal", "audit")


@pytest.fixture
def setting() -> Setting:
    return make_setting()


def shared_packet(setting: Setting, audience: str = "supervisor") -> Packet:
    packet = actions.create_packet(
        acting_user=setting.clinician,
        case=setting.case,
        audience=audience,
        notes=[setting.note],
        summary="Linh Nguyen asked whether Anh may come alone.",
    )
    actions.confirm_packet(acting_user=setting.clinician, packet=packet)
    if audience == "supervisor":
        actions.share_packet(
            acting_user=setting.clinician, packet=packet, supervisor=setting.supervisor
        )
    return packet


def _routes(resolvers: list[URLPattern | URLResolver], prefix: str) -> Iterator[str]:
    for entry in resolvers:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        else:
            yield route


def case_app_routes() -> list[str]:
    """Every route of the apps that show case, client or note data, with its int parts."""
    found = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in CASE_APPS:
            found.extend(_routes(entry.url_patterns, "/" + str(entry.pattern)))
    return found


def fill(route: str, value: int) -> str:
    return re.sub(r"<(?:int|slug|str):\w+>", str(value), route)


# The clinician's flow ---------------------------------------------------------------------


def test_a_clinician_builds_a_packet_through_the_pages(setting: Setting) -> None:
    http = signed_in(setting.clinician)
    assert http.get(reverse("consultation:pick_case")).status_code == 200
    form = http.get(reverse("consultation:new", args=[setting.case.pk]))
    assert form.status_code == 200
    assert f'value="{setting.note.pk}"' in form.content.decode()
    response = http.post(
        reverse("consultation:new", args=[setting.case.pk]),
        {
            "notes": [setting.note.pk],
            "summary": "",
            "question": "How do I hold Linh's worry?",
            "audience": "supervisor",
            "dates": "shift",
        },
    )
    packet = Packet.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consultation:packet", args=[packet.pk])
    page = http.get(response["Location"]).content.decode()
    assert "confide advises and records; you decide." in page
    assert "Share de-identified material only" in page and "164.514" in page
    assert "share_deidentified" not in page
    assert '<mark class="deid">[Mother]<span class="mark-kind"> (person)</span></mark>' in page
    assert "Linh Nguyen" in page  # the original, for the clinician
    viewed = AuditEvent.objects.filter(action="view", target_id=str(packet.pk)).latest("seq")
    assert set(viewed.detail["client_ids"]) == {p.client_id for p in setting.family.participants}


def test_the_pages_claim_safe_harbor_only_when_the_dates_meet_it(setting: Setting) -> None:
    http = signed_in(setting.clinician)
    packet = actions.create_packet(
        acting_user=setting.clinician, case=setting.case, audience="supervisor",
        summary="Linh, DOB 04/17/1961, seen 3/4/2025.",
    )  # fmt: skip
    page = http.get(reverse("consultation:packet", args=[packet.pk])).content.decode()
    assert "HIPAA Safe Harbor" in page and "Not Safe Harbor" not in page
    assert "[date] 1961" in page
    http.post(
        reverse("consultation:update_draft", args=[packet.pk]),
        {"also_remove": "", "dates": "shift"},
    )
    page = http.get(reverse("consultation:packet", args=[packet.pk])).content.decode()
    assert "Not Safe Harbor" in page and "HIPAA Safe Harbor:" not in page
    http.post(reverse("consultation:confirm", args=[packet.pk]), {"checked": "on"})
    http.post(
        reverse("consultation:share", args=[packet.pk]), {"supervisor": setting.supervisor.pk}
    )
    seen = signed_in(setting.supervisor).get(reverse("consultation:packet", args=[packet.pk]))
    assert "Not Safe Harbor" in seen.content.decode()


def test_a_new_packet_needs_a_note_or_a_summary(setting: Setting) -> None:
    http = signed_in(setting.clinician)
    response = http.post(
        reverse("consultation:new", args=[setting.case.pk]),
        {"audience": "supervisor", "dates": "shift"},
    )
    assert response.status_code == 400
    assert "Pick at least one note or write a summary." in response.content.decode()
    assert not Packet.objects.exists()


def test_keeping_a_span_without_a_reason_is_refused_with_the_error_on_the_field(
    setting: Setting,
) -> None:
    packet = actions.create_packet(
        acting_user=setting.clinician, case=setting.case, audience="supervisor", summary="Linh."
    )
    mark = pieces_of(packet)[0].marks[0]
    http = signed_in(setting.clinician)
    url = reverse("consultation:restore", args=[packet.pk])
    data = {"position": 1, "start": mark.start, "end": mark.end, "reason": "no"}
    response = http.post(url, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true"' in body and 'aria-describedby="span-1-1-error"' in body
    assert 'id="span-1-1-error"' in body
    assert not packet.restorations.exists()
    data["reason"] = "A first name alone identifies no one here"
    assert http.post(url, data).status_code == 302
    assert packet.restorations.count() == 1


def test_confirm_needs_the_clinicians_tick_then_shares_with_the_supervisor(
    setting: Setting,
) -> None:
    packet = actions.create_packet(
        acting_user=setting.clinician, case=setting.case, audience="supervisor", summary="Linh."
    )
    http = signed_in(setting.clinician)
    refused = http.post(reverse("consultation:confirm", args=[packet.pk]), {})
    assert refused.status_code == 400
    assert Packet.objects.get().is_draft
    ok = http.post(reverse("consultation:confirm", args=[packet.pk]), {"checked": "on"})
    assert ok.status_code == 302 and not Packet.objects.get().is_draft
    shared = http.post(
        reverse("consultation:share", args=[packet.pk]), {"supervisor": setting.supervisor.pk}
    )
    assert shared.status_code == 302
    assert packet.shares.get().supervisor == setting.supervisor
    actions_seen = set(
        AuditEvent.objects.filter(
            target_id=str(packet.pk), target_type="consultation.packet"
        ).values_list("action", flat=True)
    )
    assert {"create", "view", "confirm", "share"} <= actions_seen


def test_more_terms_are_removed_on_the_next_run(setting: Setting) -> None:
    packet = actions.create_packet(
        acting_user=setting.clinician,
        case=setting.case,
        audience="supervisor",
        summary="Linh works at Bayview Hardware.",
    )
    http = signed_in(setting.clinician)
    response = http.post(
        reverse("consultation:update_draft", args=[packet.pk]),
        {"also_remove": "Bayview Hardware", "dates": "redact"},
    )
    assert response.status_code == 302
    assert "Bayview" not in pieces_of(Packet.objects.get())[0].text


# What recipients see ----------------------------------------------------------------------


def test_the_supervisor_sees_the_packet_and_nothing_identifying(setting: Setting) -> None:
    packet = shared_packet(setting)
    http = signed_in(setting.supervisor)
    listing = http.get(reverse("consultation:index")).content.decode()
    assert reverse("consultation:packet", args=[packet.pk]) in listing
    page = http.get(reverse("consultation:packet", args=[packet.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "[Mother]" in body and "[Daughter]" in body and "Dr. [Clinician]" in body
    for name in NAMES:
        assert name not in body, name
    assert "Nguyen family" not in body
    event = AuditEvent.objects.filter(actor=setting.supervisor, action="view").latest("seq")
    assert event.target_id == str(packet.pk)


def test_the_supervisor_gets_404_on_every_case_client_and_note_page(setting: Setting) -> None:
    shared_packet(setting)
    http = signed_in(setting.supervisor)
    session = setting.case.sessions.first()
    ids = {
        setting.case.pk,
        setting.note.pk,
        *(p.pk for p in setting.family.participants),
        *(p.client_id for p in setting.family.participants),
        *(s.pk for s in setting.note.segments.all()),
        *([session.pk] if session else []),
    }
    # Routes naming a record by number; token links (a portal invitation) name none.
    routes = [r for r in case_app_routes() if "<int:" in r]
    assert len(routes) > 20
    for route in routes:
        for value in ids:
            url = fill(route, value)
            status = http.get(url).status_code
            if status == 405:
                status = http.post(url, {}).status_code
            assert status == 404, (url, status)


def test_the_supervisor_sees_no_names_on_any_listing_page(setting: Setting) -> None:
    shared_packet(setting)
    http = signed_in(setting.supervisor)
    for route in case_app_routes():
        if "<" in route:
            continue
        response = http.get(route)
        body = response.content.decode(errors="replace")
        for name in ("Linh", "Minh", "Nguyen"):
            assert name not in body, (route, response.status_code)


def test_a_peer_sees_a_group_packet_but_never_the_case(setting: Setting) -> None:
    packet = shared_packet(setting, audience="peer_group")
    peer = make_user("chen")
    group = actions.create_peer_group(
        acting_user=setting.clinician, name="Tuesday peers", members=[peer]
    )
    actions.share_packet(acting_user=setting.clinician, packet=packet, peer_group=group)
    http = signed_in(peer)
    page = http.get(reverse("consultation:packet", args=[packet.pk]))
    assert page.status_code == 200 and "Linh" not in page.content.decode()
    for url in (
        reverse("practice:case_detail", args=[setting.case.pk]),
        reverse("records:case_notes", args=[setting.case.pk]),
        reverse("records:note_detail", args=[setting.note.pk]),
        reverse("consultation:new", args=[setting.case.pk]),
    ):
        assert http.get(url).status_code == 404, url
    assert http.post(reverse("consultation:confirm", args=[packet.pk])).status_code == 404


def test_packets_not_shared_with_someone_are_404_to_them(setting: Setting) -> None:
    packet = shared_packet(setting)
    draft = actions.create_packet(
        acting_user=setting.clinician, case=setting.case, audience="supervisor", summary="Linh."
    )
    other_supervisor = make_user("other", role="supervisor")
    for user in (other_supervisor, make_user("chen"), make_user("admin", role="administrator")):
        http = signed_in(user)
        for pk in (packet.pk, draft.pk):
            assert http.get(reverse("consultation:packet", args=[pk])).status_code == 404
    assert (
        signed_in(setting.supervisor)
        .get(reverse("consultation:packet", args=[draft.pk]))
        .status_code
        == 404
    )


def test_a_stranger_is_sent_to_sign_in(setting: Setting) -> None:
    response = HttpClient().get(reverse("consultation:index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Peer groups and the dashboard ------------------------------------------------------------


def test_a_clinician_creates_a_peer_group_and_is_always_in_it(setting: Setting) -> None:
    peer = make_user("chen")
    http = signed_in(setting.clinician)
    url = reverse("consultation:peer_groups")
    refused = http.post(url, {"name": "", "members": [peer.pk]})
    assert refused.status_code == 400 and 'aria-invalid="true"' in refused.content.decode()
    assert http.post(url, {"name": "Tuesday peers", "members": [peer.pk]}).status_code == 302
    group = access.peer_groups_of(peer).get()
    assert set(group.members.all()) == {setting.clinician, peer}
    assert AuditEvent.objects.filter(action="create", target_type="consultation.peergroup")
    assert signed_in(setting.supervisor).get(url).status_code == 404


def test_the_dashboard_points_to_shared_packets_and_waiting_drafts(setting: Setting) -> None:
    with time_machine.travel(timezone.now() - dt.timedelta(days=15)):
        shared_packet(setting)  # too long ago to be news
    shared_packet(setting)
    actions.create_packet(
        acting_user=setting.clinician, case=setting.case, audience="supervisor", summary="Linh."
    )
    supervisor_home = signed_in(setting.supervisor).get("/").content.decode()
    assert "1 consultation packet shared with you in the last 14 days" in supervisor_home
    clinician_home = signed_in(setting.clinician).get("/").content.decode()
    assert "1 consultation packet draft to confirm or discard" in clinician_home


def test_draft_steps_end_at_confirmation_and_sharing_starts_there(setting: Setting) -> None:
    packet = actions.create_packet(
        acting_user=setting.clinician, case=setting.case, audience="supervisor", summary="Linh."
    )
    http = signed_in(setting.clinician)
    share_url = reverse("consultation:share", args=[packet.pk])
    assert http.post(share_url, {"supervisor": setting.supervisor.pk}).status_code == 404
    actions.confirm_packet(acting_user=setting.clinician, packet=packet)
    for name, data in [
        ("update_draft", {"also_remove": "x", "dates": "shift"}),
        ("restore", {"position": 1, "start": 0, "end": 4, "reason": "A long enough reason"}),
        ("confirm", {"checked": "on"}),
        ("discard", {}),
    ]:
        assert http.post(reverse(f"consultation:{name}", args=[packet.pk]), data).status_code == 404
    assert Packet.objects.get().texts.get().deidentified == "[Mother]."
    assert not packet.restorations.exists() and not packet.shares.exists()


def test_the_draft_names_each_kind_found_and_searches_the_deidentified_text(
    setting: Setting,
) -> None:
    packet = actions.create_packet(
        acting_user=setting.clinician, case=setting.case, audience="supervisor",
        summary="Linh Nguyen called 510-555-0101 on 3/4/2025 about the bakery.",
    )  # fmt: skip
    http = signed_in(setting.clinician)
    url = reverse("consultation:packet", args=[packet.pk])
    page = http.get(url).content.decode()
    assert "Found and replaced: " in page and "1 phone" in page and "1 date" in page
    found = http.get(url, {"q": "BAKERY"}).content.decode()
    assert "“BAKERY” appears 1 time in the de-identified text." in found
    assert "<mark>bakery</mark>" in found
    missing = http.get(url, {"q": "Linh"}).content.decode()
    assert "“Linh” does not appear in the de-identified text." in missing
