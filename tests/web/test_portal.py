"""The portal core: invitations, setting a password, the sections list, signing one's own
agreement, contact preferences; a client never sees another participant's choices."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client as HttpClient
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from confide.accounts.models import User
from confide.agreements.models import Signature
from confide.audit.models import AuditEvent
from confide.portal import sections
from confide.portal.models import Invite
from confide.practice import actions as practice_actions
from confide.practice.models import Case, Client, ContactPoint
from confide.practice.search import find_client
from tests.web.test_agreements_support import (
    issue,
    make_case,
    make_client,
    make_practice,
    make_user,
    text_hash,
)

pytestmark = pytest.mark.django_db
PASSWORD = "a long and unusual passphrase"


@pytest.fixture
def rivera() -> User:
    make_practice()
    return make_user("rivera")


@pytest.fixture
def couple(rivera: User) -> Case:
    maria = make_client(rivera, "Maria")
    david = make_client(rivera, "David")
    return make_case(
        rivera, maria, david, case_type="couple", secrets_policy="limited_secrets", title="Couple"
    )


def staff(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


DOB = "2000-03-14"  # make_client's default date of birth


def email_point(by: User, client: Client, email: str) -> ContactPoint:
    """The client's email contact point with this address, allowing email (added if new)."""
    points = client.contact_points.filter(kind="email")
    point = next((p for p in points if p.value == email), None)
    return point or practice_actions.add_contact_point(
        acting_user=by, client=client, data={"kind": "email", "value": email, "may_email": True}
    )


def invite(rivera: User, client: Client, email: str) -> str:
    """Send an invitation through the page to an address on file; return the link's path."""
    point = email_point(rivera, client, email)
    url = reverse("portal:invite_new", args=[client.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert staff(rivera).post(url, {"contact_point": point.pk}).status_code == 302
    found = re.search(r"https?://[^/\s]+(/portal/invite/[^/\s]+/)", str(mail.outbox[-1].body))
    assert found, mail.outbox[-1].body
    return found.group(1)


def accept(path: str, password: str = PASSWORD, dob: str = DOB) -> HttpClient:
    http = HttpClient()
    response = http.post(path, {"date_of_birth": dob, "password1": password, "password2": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return http


def test_invitation_sets_up_a_client_user_linked_to_the_client(rivera: User, couple: Case) -> None:
    maria = find_client("Maria")
    path = invite(rivera, maria, "maria@example.org")
    assert "Couple" not in mail.outbox[-1].body and "therapy" not in mail.outbox[-1].body.lower()
    assert HttpClient().get(path).status_code == 200
    http = accept(path)
    maria.refresh_from_db()
    assert maria.portal_user is not None and maria.portal_user.role == "client"
    home = http.get(reverse("portal:home")).content.decode()
    assert "Your confidentiality agreements" in home and "How we may contact you" in home
    # The link works once.
    assert HttpClient().get(path).status_code == 404
    again = {"date_of_birth": DOB, "password1": PASSWORD, "password2": PASSWORD}
    assert HttpClient().post(path, again).status_code == 404
    assert User.objects.filter(role="client").count() == 1


def test_expired_or_replaced_invitations_do_not_work(rivera: User, couple: Case) -> None:
    maria = find_client("Maria")
    first = invite(rivera, maria, "maria@example.org")
    second = invite(rivera, maria, "maria@example.org")
    assert HttpClient().get(first).status_code == 404
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        assert HttpClient().get(second).status_code == 404
    assert HttpClient().get("/portal/invite/not-a-token/").status_code == 404


def test_weak_password_changes_nothing(rivera: User, couple: Case) -> None:
    maria = find_client("Maria")
    path = invite(rivera, maria, "maria@example.org")
    response = HttpClient().post(
        path, {"date_of_birth": DOB, "password1": "short", "password2": "short"}
    )
    assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.filter(role="client").exists()
    assert Invite.objects.get().used_at is None


def test_only_staff_who_see_the_client_invite(rivera: User, couple: Case) -> None:
    maria = find_client("Maria")
    point = email_point(rivera, maria, "maria@example.org")
    url = reverse("portal:invite_new", args=[maria.pk])
    for other in (make_user("chen"), make_user("sup", "supervisor")):
        assert staff(other).post(url, {"contact_point": point.pk}).status_code == 404
    assert not Invite.objects.exists() and not mail.outbox


def test_a_client_sees_and_signs_only_their_own_part(rivera: User, couple: Case) -> None:
    agreement = issue(
        rivera,
        couple,
        Maria={"private_topics": "the job offer"},
        David={"private_topics": "my debts", "label": "clinical"},
    )
    maria = find_client("Maria")
    http = accept(invite(rivera, maria, "maria@example.org"))
    listing = http.get(reverse("agreements:portal_list")).content.decode()
    assert "Please read and sign" in listing
    url = reverse("agreements:portal_sign", args=[agreement.pk])
    page = http.get(url).content.decode()
    assert "the job offer" in page
    assert "my debts" not in page and "Your choices: David" not in page
    copy = http.get(reverse("agreements:portal_copy", args=[agreement.pk])).content.decode()
    assert "the job offer" in copy and "my debts" not in copy
    download = http.get(reverse("agreements:portal_download", args=[agreement.pk]))
    assert download["Content-Disposition"].startswith("attachment")

    terms = agreement.terms.get(participant__client=maria)
    david_terms = agreement.terms.exclude(pk=terms.pk).get()
    # Signing for David, or as a guardian, is refused.
    http.post(
        url,
        {
            "signer_role": "guardian",
            "signer_name": "Maria Miller",
            "confirm": "on",
            "text_sha256": text_hash(terms),
        },
    )
    assert not Signature.objects.exists()
    ok = http.post(
        url,
        {
            "signer_role": "participant",
            "signer_name": "Maria Miller",
            "confirm": "on",
            "text_sha256": text_hash(terms),
        },
    )
    assert ok.status_code == 302
    signature = Signature.objects.get()
    assert (signature.participant_id, signature.method) == (terms.participant_id, "portal")
    assert hashlib.sha256(download.content).hexdigest() == signature.text_sha256
    assert not Signature.objects.filter(participant=david_terms.participant).exists()


def test_clients_cannot_reach_others_or_staff_pages(rivera: User, couple: Case) -> None:
    agreement = issue(rivera, couple)
    outsider = make_client(rivera, "Olga")
    make_case(rivera, outsider, title="Olga: individual")
    http = accept(invite(rivera, outsider, "olga@example.org"))
    assert http.get(reverse("agreements:portal_sign", args=[agreement.pk])).status_code == 404
    assert http.get(reverse("agreements:portal_copy", args=[agreement.pk])).status_code == 404
    assert http.get(reverse("agreements:case", args=[couple.pk])).status_code == 404
    assert staff(rivera).get(reverse("portal:home")).status_code == 404


def test_contact_preferences_are_changed_through_an_audited_action(
    rivera: User, couple: Case
) -> None:
    maria = find_client("Maria")
    david = find_client("David")
    phone = practice_actions.add_contact_point(
        acting_user=rivera, client=maria, data={"kind": "phone", "value": "555-0101"}
    )
    theirs = practice_actions.add_contact_point(
        acting_user=rivera, client=david, data={"kind": "phone", "value": "555-0202"}
    )
    http = accept(invite(rivera, maria, "maria@example.org"))
    page = http.get(reverse("portal:contact")).content.decode()
    assert "555-0101" in page and "555-0202" not in page
    response = http.post(
        reverse("portal:contact"),
        {f"c{phone.pk}_may_text": "on", f"c{theirs.pk}_may_call": "on"},
    )
    assert response.status_code == 302
    phone.refresh_from_db()
    theirs.refresh_from_db()
    assert phone.may_text and not phone.may_call
    assert not theirs.may_call
    event = AuditEvent.objects.filter(summary="Contact preferences changed in the portal").get()
    maria.refresh_from_db()
    assert event.client_id == maria.pk and event.actor == maria.portal_user
    assert ContactPoint.objects.filter(may_call=True).count() == 0


def test_sections_registry_orders_and_survives_a_broken_section(rivera: User) -> None:
    def broken(user: object, client: object) -> bool:
        raise RuntimeError("broken app")

    extra = sections.PortalSection("zz", "Zed", "Last", "/portal/", order=999)
    bad = sections.PortalSection("bad", "Bad", "Broken", "/portal/", visible=broken)
    sections.register(extra)
    sections.register(bad)
    try:
        keys = [s.key for s in sections.sections_for(None, None)]
        assert keys[:2] == ["agreements", "contact"] and keys[-1] == "zz"
        assert "bad" not in keys
    finally:
        sections.unregister("zz")
        sections.unregister("bad")
