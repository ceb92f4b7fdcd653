"""The portal home flags an agreement waiting for the client's signature, and a pending
invitation shows as sent on the case's agreement page (not as a fresh "Invite" link)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from confide.accounts.models import User
from confide.practice.models import Client
from tests.web.test_agreements_support import (
    issue,
    make_case,
    make_client,
    make_practice,
    make_user,
    sign_terms,
)
from tests.web.test_portal import email_point, staff
from tests.web.test_portal_accounts import point_of, send_invite

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def rivera() -> User:
    make_practice()
    return make_user("rivera")


def _portal_user(client: Client) -> User:
    user = User.objects.create_user(f"p{client.pk}", password="x" * 20, role="client")
    Client.objects.filter(pk=client.pk).update(portal_user=user)
    return user


def test_the_portal_home_flags_an_agreement_to_sign_until_it_is_signed(rivera: User) -> None:
    sarah = make_client(rivera, "Sarah")
    case = make_case(rivera, sarah, title="Sarah: individual")
    agreement = issue(rivera, case)
    portal = staff(_portal_user(sarah))
    home = portal.get(reverse("portal:home")).content.decode()
    assert "1 agreement waiting for you to sign" in home and "To do" in home
    sign_terms(rivera, agreement.terms.get())
    home = portal.get(reverse("portal:home")).content.decode()
    assert "waiting for you to sign" not in home


def test_a_pending_invitation_shows_as_sent(rivera: User) -> None:
    sarah = make_client(rivera, "Sarah")
    case = make_case(rivera, sarah, title="Sarah: individual")
    email_point(rivera, sarah, "sarah@example.org")
    issue(rivera, case)
    page_url = reverse("agreements:case", args=[case.pk])
    before = staff(rivera).get(page_url).content.decode()
    assert "Invitation sent" not in before and "Invite to the portal" in before
    send_invite(rivera, sarah, point_of(sarah))
    after = staff(rivera).get(page_url).content.decode()
    assert 'data-invite="sent">Invitation sent</span>' in after
    assert "to sarah@example.org" in after and "Send a new invitation" in after
