"""Portal reads, permission checked; missing and forbidden both raise Http404.

A portal user (role "client") reaches only their own client record and contact points.
Staff reach invitations only for clients they may see in the practice records.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from confide.accounts.models import Role
from confide.portal.models import Invite
from confide.practice import access as practice_access
from confide.practice.models import Client, ContactPoint


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def own_client(user: Any) -> Client:
    """The client record of a signed-in, active portal user."""
    if not (
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "role", None) == Role.CLIENT
    ):
        raise Http404("No such client")
    try:
        return Client.objects.get(portal_user=user)
    except Client.DoesNotExist:
        raise Http404("No such client") from None


def own_contact_points(user: Any) -> QuerySet[ContactPoint]:
    return ContactPoint.objects.filter(client=own_client(user)).order_by("pk")


def client_to_invite(user: Any, pk: Any) -> Client:
    """A client a clinician or administrator may invite to the portal."""
    if not practice_access.sees_roster(user):
        raise Http404("No such client")
    return practice_access.get_client(user, pk)


def open_invite(token: str) -> Invite:
    """The unused, unexpired, unwithdrawn invitation a link carries (404 otherwise)."""
    if not token or len(token) > 200:
        raise Http404("No such invitation")
    try:
        invite = Invite.objects.select_related("client").get(token_sha256=token_digest(token))
    except Invite.DoesNotExist:
        raise Http404("No such invitation") from None
    if invite.used_at or invite.withdrawn_at or invite.expires_at <= timezone.now():
        raise Http404("No such invitation")
    if invite.client.portal_user_id is not None:
        raise Http404("No such invitation")
    return invite
