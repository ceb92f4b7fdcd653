"""A portal account belongs to its client (DESIGN invariant 6, issue 13 point 2).

Invitations go only to an email contact point on file that allows email, only from a
clinician of one of the client's cases; a password alone never opens one, wrong dates of
birth use up its tries; revoking ends live sessions at once; re-inviting works; a password
reset mails only the address on file, within explicit rate-limit windows.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as HttpClient
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from confide.accounts.models import User
from confide.audit.models import AuditEvent
from confide.portal import access, actions, limits
from confide.portal.models import Invite
from confide.practice import actions as practice_actions
from confide.practice.models import Client, ContactPoint
from tests.web.test_agreements_support import make_case, make_client, make_practice, make_user
from tests.web.test_portal import DOB, PASSWORD, email_point, staff

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "another quite long passphrase"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def rivera() -> User:
    make_practice()
    return make_user("rivera")


@pytest.fixture
def sarah(rivera: User) -> Client:
    client = make_client(rivera, "Sarah")
    make_case(rivera, client, title="Sarah: individual")
    email_point(rivera, client, "sarah@example.org")
    return client


def on_commit() -> object:
    return TestCase.captureOnCommitCallbacks(execute=True)


def send_invite(by: User, client: Client, point: ContactPoint) -> str:
    with on_commit():
        response = staff(by).post(
            reverse("portal:invite_new", args=[client.pk]), {"contact_point": point.pk}
        )
    assert response.status_code == 302, response.content.decode()[:1500]
    found = re.search(r"https?://[^/\s]+(/portal/invite/[^/\s]+/)", str(mail.outbox[-1].body))
    assert found
    return found.group(1)


def take_up(path: str, dob: str = DOB, password: str = PASSWORD) -> tuple[HttpClient, int]:
    http = HttpClient()
    with on_commit():
        response = http.post(
            path, {"date_of_birth": dob, "password1": password, "password2": password}
        )
    return http, response.status_code


def point_of(client: Client) -> ContactPoint:
    return client.contact_points.get(kind="email", may_email=True)


# --- invitations go only to an address on file ---------------------------------------------


def test_an_invitation_to_an_address_not_on_file_cannot_be_sent(
    rivera: User, sarah: Client
) -> None:
    url = reverse("portal:invite_new", args=[sarah.pk])
    no_email = practice_actions.add_contact_point(
        acting_user=rivera,
        client=sarah,
        data={"kind": "email", "value": "work@example.org", "may_email": False},
    )
    phone = practice_actions.add_contact_point(
        acting_user=rivera, client=sarah, data={"kind": "phone", "value": "555-0101"}
    )
    other = make_client(rivera, "Maria")
    make_case(rivera, other, title="Maria: individual")
    theirs = email_point(rivera, other, "maria@example.org")
    page = staff(rivera).get(url).content.decode()
    assert "sarah@example.org" in page and "work@example.org" not in page
    assert 'type="email"' not in page  # no free-text address field at all
    before = AuditEvent.objects.filter(action="create").count()
    for data in (
        {"email": "attacker@example.org"},
        {"contact_point": "", "email": "attacker@example.org"},
        {"contact_point": no_email.pk},
        {"contact_point": phone.pk},
        {"contact_point": theirs.pk},
        {"contact_point": "nonsense"},
    ):
        with on_commit():
            response = staff(rivera).post(url, data)
        assert response.status_code == 400, data
        assert "Choose one of the addresses listed" in response.content.decode() or (
            "This field is required" in response.content.decode()
        )
    assert not Invite.objects.exists() and not mail.outbox
    assert AuditEvent.objects.filter(action="create").count() == before
    # The action itself refuses too, whatever calls it.
    for point in (no_email, phone, theirs):
        with pytest.raises(ValidationError), on_commit():
            actions.invite_client(
                acting_user=rivera, client=sarah, contact_point=point, link_for=str
            )
    assert not Invite.objects.exists() and not mail.outbox


def test_the_invitation_goes_to_the_chosen_point_and_is_discreet(
    rivera: User, sarah: Client
) -> None:
    path = send_invite(rivera, sarah, point_of(sarah))
    message = mail.outbox[-1]
    assert message.to == ["sarah@example.org"]
    assert "Test practice" not in message.body and "therap" not in message.body.lower()
    invite = Invite.objects.get()
    assert invite.contact_point == point_of(sarah) and invite.email == "sarah@example.org"
    assert AuditEvent.objects.filter(action="create", target_id=str(invite.pk)).exists()
    assert HttpClient().get(path).status_code == 200


def test_admin_and_other_clinicians_cannot_invite(rivera: User, sarah: Client) -> None:
    admin = make_user("office", "administrator")
    chen = make_user("chen")
    maria = make_client(chen, "Maria")
    make_case(chen, maria, title="Chen's case")
    url = reverse("portal:invite_new", args=[sarah.pk])
    point = point_of(sarah)
    for who in (admin, chen):
        denied = AuditEvent.objects.filter(action="access_denied").count()
        assert staff(who).get(url).status_code == 404
        with on_commit():
            assert staff(who).post(url, {"contact_point": point.pk}).status_code == 404
        assert AuditEvent.objects.filter(action="access_denied").count() == denied + 2
        with pytest.raises(PermissionDenied):
            actions.create_invite(acting_user=who, client=sarah, contact_point=point)
    # A clinician who only registered the client (no case yet) cannot either.
    intake = make_client(rivera, "Ina")
    email_point(rivera, intake, "ina@example.org")
    assert staff(rivera).get(reverse("portal:invite_new", args=[intake.pk])).status_code == 404
    assert not Invite.objects.exists() and not mail.outbox


# --- taking an invitation up ---------------------------------------------------------------


def test_a_password_alone_never_opens_an_invitation(rivera: User, sarah: Client) -> None:
    path = send_invite(rivera, sarah, point_of(sarah))
    http = HttpClient()
    response = http.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400
    assert "Enter your date of birth" in response.content.decode()
    sarah.refresh_from_db()
    assert sarah.portal_user is None and not User.objects.filter(role="client").exists()
    assert http.get(reverse("portal:home")).status_code == 302  # not signed in
    assert AuditEvent.objects.filter(
        action="login_failed", summary__contains="incomplete form", client_id=sarah.pk
    ).exists()
    assert Invite.objects.get().failed_attempts == 0
    with pytest.raises(ValidationError):
        actions.accept_invite(
            acting_user=None, invite=Invite.objects.get(), date_of_birth=None, password=PASSWORD
        )
    assert not User.objects.filter(role="client").exists()


def test_wrong_dates_of_birth_use_up_the_tries_and_each_is_audited(
    rivera: User, sarah: Client
) -> None:
    path = send_invite(rivera, sarah, point_of(sarah))
    for attempt in range(1, access.MAX_ATTEMPTS + 1):
        _http, status = take_up(path, dob="1999-03-14")
        assert status == (410 if attempt == access.MAX_ATTEMPTS else 400)
        assert Invite.objects.get().failed_attempts == attempt
    failures = AuditEvent.objects.filter(
        action="login_failed", summary__startswith="Portal invitation: wrong date of birth"
    )
    assert failures.count() == access.MAX_ATTEMPTS
    assert all(e.client_id == sarah.pk for e in failures)
    invite = Invite.objects.get()
    assert invite.withdrawn_at is not None and invite.withdrawn_because == "too_many_tries"
    # Now even the right date of birth is refused: staff must re-invite.
    _http, status = take_up(path)
    assert status == 404
    sarah.refresh_from_db()
    assert sarah.portal_user is None
    assert access.access_state(sarah).state == "none"
    assert "Too many wrong dates of birth" in access.access_state(sarah).last_invite_note


def test_the_right_date_of_birth_sets_up_the_account_and_tells_the_client(
    rivera: User, sarah: Client
) -> None:
    path = send_invite(rivera, sarah, point_of(sarah))
    take_up(path, dob="2001-01-01")
    http, status = take_up(path)
    assert status == 302
    sarah.refresh_from_db()
    user = sarah.portal_user
    assert user is not None and user.email == "sarah@example.org" and user.role == "client"
    assert http.get(reverse("portal:home")).status_code == 200
    notice = mail.outbox[-1]
    assert notice.to == ["sarah@example.org"] and "account was just set up" in notice.body
    assert access.access_state(sarah).state == "active"


def test_a_link_stops_working_when_its_address_leaves_the_file(rivera: User, sarah: Client) -> None:
    path = send_invite(rivera, sarah, point_of(sarah))
    ContactPoint.objects.filter(client=sarah).update(may_email=False)
    _http, status = take_up(path)
    assert status == 400
    assert not User.objects.filter(role="client").exists()


# --- revoking and re-inviting --------------------------------------------------------------


def test_revoke_ends_a_live_session_at_once(rivera: User, sarah: Client) -> None:
    http, _ = take_up(send_invite(rivera, sarah, point_of(sarah)))
    assert http.get(reverse("portal:home")).status_code == 200
    sarah.refresh_from_db()
    user = sarah.portal_user
    assert user is not None
    second = HttpClient()
    second.force_login(user)  # a second device
    with on_commit():
        response = staff(rivera).post(reverse("portal:revoke", args=[sarah.pk]), {"confirm": "on"})
    assert response.status_code == 302
    for device in (http, second):
        refused = device.get(reverse("portal:home"))
        assert refused.status_code == 302 and "/accounts/login/" in refused["Location"]
    remaining = [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id")]
    assert not any(str(s.get_decoded()["_auth_user_id"]) == str(user.pk) for s in remaining)
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert access.access_state(sarah).state == "revoked"
    assert mail.outbox[-1].to == ["sarah@example.org"] and "closed" in mail.outbox[-1].body
    event = AuditEvent.objects.get(summary="Portal access revoked")
    assert event.client_id == sarah.pk and event.detail["sessions_ended"] >= 1
    # The old password does not sign in either.
    signing_in = HttpClient().post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert signing_in.status_code == 200  # the form again, not a way in


def test_revoking_asks_for_a_confirmation_and_changes_nothing_without_it(
    rivera: User, sarah: Client
) -> None:
    take_up(send_invite(rivera, sarah, point_of(sarah)))
    url = reverse("portal:revoke", args=[sarah.pk])
    detail = staff(rivera).get(reverse("practice:client_detail", args=[sarah.pk])).content
    assert url.encode() in detail
    page = staff(rivera).get(url)
    assert page.status_code == 200 and "I understand" in page.content.decode()
    refused = staff(rivera).post(url, {})
    assert refused.status_code == 422 and "Tick the box" in refused.content.decode()
    sarah.refresh_from_db()
    assert access.access_state(sarah).state == "active"
    assert not AuditEvent.objects.filter(summary="Portal access revoked").exists()
    with on_commit():
        assert staff(rivera).post(url, {"confirm": "on"}).status_code == 302
    sarah.refresh_from_db()
    assert access.access_state(sarah).state == "revoked"


def test_the_administrator_sees_the_state_and_may_revoke_but_not_invite(
    rivera: User, sarah: Client
) -> None:
    admin = make_user("office", "administrator")
    take_up(send_invite(rivera, sarah, point_of(sarah)))
    page = staff(admin).get(reverse("practice:client_detail", args=[sarah.pk])).content.decode()
    assert "Portal access" in page and "Active" in page
    assert "Revoke portal access" in page and "Invite to the portal" not in page
    with on_commit():
        assert (
            staff(admin)
            .post(reverse("portal:revoke", args=[sarah.pk]), {"confirm": "on"})
            .status_code
            == 302
        )
    sarah.refresh_from_db()
    assert sarah.portal_user is not None and not sarah.portal_user.is_active
    # A clinician of another case sees no panel and cannot revoke.
    chen = make_user("chen")
    assert staff(chen).post(reverse("portal:revoke", args=[sarah.pk])).status_code == 404


def test_re_invite_after_revoke_re_opens_the_same_account(rivera: User, sarah: Client) -> None:
    take_up(send_invite(rivera, sarah, point_of(sarah)))
    with on_commit():
        staff(rivera).post(reverse("portal:revoke", args=[sarah.pk]), {"confirm": "on"})
    sarah.refresh_from_db()
    old_user_pk = sarah.portal_user_id
    page = staff(rivera).get(reverse("practice:client_detail", args=[sarah.pk])).content.decode()
    assert "Revoked" in page and "Send a new invitation" in page
    first = send_invite(rivera, sarah, point_of(sarah))
    second = send_invite(rivera, sarah, point_of(sarah))  # voids the first
    assert access.access_state(sarah).state == "invited"
    assert take_up(first)[1] == 404
    http, status = take_up(second, password=NEW_PASSWORD)
    assert status == 302 and http.get(reverse("portal:home")).status_code == 200
    sarah.refresh_from_db()
    assert sarah.portal_user_id == old_user_pk and sarah.portal_user is not None
    assert sarah.portal_user.is_active and sarah.portal_user.check_password(NEW_PASSWORD)
    assert Invite.objects.filter(withdrawn_because="replaced").count() == 1


def test_a_changed_address_is_told_to_both_addresses(rivera: User, sarah: Client) -> None:
    take_up(send_invite(rivera, sarah, point_of(sarah)))
    with on_commit():
        staff(rivera).post(reverse("portal:revoke", args=[sarah.pk]), {"confirm": "on"})
    new = email_point(rivera, sarah, "sarah.new@example.org")
    take_up(send_invite(rivera, sarah, new))
    told = [m for m in mail.outbox if "email address of your account" in m.body]
    assert sorted(a for m in told for a in m.to) == ["sarah.new@example.org", "sarah@example.org"]


# --- password reset ------------------------------------------------------------------------


def reset(email: str, ip: str = "10.0.0.1") -> int:
    response = HttpClient(REMOTE_ADDR=ip).post(reverse("portal:reset"), {"email": email})
    assert response.status_code == 302 and response["Location"] == reverse("portal:reset_sent")
    return len(mail.outbox)


def active_sarah(rivera: User, sarah: Client) -> User:
    take_up(send_invite(rivera, sarah, point_of(sarah)))
    mail.outbox.clear()
    sarah.refresh_from_db()
    assert sarah.portal_user is not None
    return sarah.portal_user


def test_reset_mails_only_the_address_on_file(rivera: User, sarah: Client) -> None:
    user = active_sarah(rivera, sarah)
    rivera.email = "rivera@example.org"
    rivera.save()
    # Unknown addresses, a staff address: the same answer, nothing sent.
    assert reset("nobody@example.org") == 0
    assert reset("rivera@example.org", ip="10.0.0.2") == 0
    assert reset("SARAH@example.org", ip="10.0.0.3") == 1
    message = mail.outbox[-1]
    assert message.to == ["sarah@example.org"]
    assert "Test practice" not in message.body and "therap" not in message.body.lower()
    link = re.search(r"https?://[^/\s]+(/portal/reset/\S+/)", str(message.body))
    assert link
    http = HttpClient()
    form_page = http.get(link.group(1), follow=True)
    assert form_page.status_code == 200 and "Choose a new password" in form_page.content.decode()
    with on_commit():
        done = http.post(
            form_page.redirect_chain[-1][0],
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
    assert done.status_code == 302 and done["Location"] == reverse("portal:reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert mail.outbox[-1].to == ["sarah@example.org"]
    assert "password of your account was just changed" in mail.outbox[-1].body
    assert AuditEvent.objects.filter(summary="Portal password set from a reset link").exists()
    sent = AuditEvent.objects.filter(action="password_reset")
    assert sent.count() == 3 and sent.filter(client_id=sarah.pk).count() == 1
    assert not any("@" in e.summary for e in sent)
    # Once the address no longer allows email, no link goes out.
    ContactPoint.objects.filter(client=sarah).update(may_email=False)
    assert reset("sarah@example.org", ip="10.0.0.4") == 2


def test_reset_is_rate_limited_per_address_and_per_ip_in_a_fixed_window(
    rivera: User, sarah: Client
) -> None:
    active_sarah(rivera, sarah)
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    with time_machine.travel(start, tick=False):
        for n in range(1, limits.RESET_PER_ADDRESS + 1):
            assert reset("sarah@example.org", ip=f"10.1.0.{n}") == n
        assert reset("sarah@example.org", ip="10.1.0.99") == limits.RESET_PER_ADDRESS
    # Still the same window five minutes on (a cache default timeout would have reset it).
    with time_machine.travel(start + dt.timedelta(minutes=55), tick=False):
        assert reset("sarah@example.org", ip="10.1.1.1") == limits.RESET_PER_ADDRESS
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        assert reset("sarah@example.org", ip="10.1.1.2") == limits.RESET_PER_ADDRESS + 1
        mail.outbox.clear()
        # Per IP: one address after another from the same place.
        for n in range(limits.RESET_PER_IP):
            reset(f"someone{n}@example.org", ip="10.9.9.9")
        assert reset("sarah@example.org", ip="10.9.9.9") == 0
    limited = AuditEvent.objects.filter(action="password_reset", detail__limited=True)
    assert limited.count() >= 3


def test_reset_links_do_not_work_for_staff_accounts(rivera: User) -> None:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(rivera.pk))
    token = default_token_generator.make_token(rivera)
    page = HttpClient().get(reverse("portal:reset_confirm", args=[uid, token]), follow=True)
    assert "does not work any more" in page.content.decode()
