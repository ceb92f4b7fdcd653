"""Portal reads, permission checked; missing and forbidden both raise Http404.

A portal user (role "client") reaches only their own client record and contact points.
A portal account belongs to its client (DESIGN invariant 6), so:
- only a clinician assigned to one of the client's cases may invite the client, and only to
  an email contact point on file that allows email;
- that clinician and the administrator (account management only, no clinical content) see the
  client's portal access state and may revoke it;
- an invitation opens only with the client's date of birth, within a few tries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from confide.accounts.identity import email_digest, normal_email
from confide.accounts.models import Role, User
from confide.accounts.roles import has_role
from confide.accounts.types import Viewer
from confide.portal.models import Invite
from confide.practice import access as practice_access
from confide.practice.models import Client, ContactPoint

# Wrong dates of birth an invitation survives; the next one voids it and staff re-invite.
MAX_ATTEMPTS = 5


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def own_client(user: Viewer) -> Client:
    """The client record of a signed-in, active portal user."""
    if not has_role(user, Role.CLIENT):
        raise Http404("No such client")
    try:
        return Client.objects.get(portal_user=user)
    except Client.DoesNotExist:
        raise Http404("No such client") from None


def own_contact_points(user: Viewer) -> QuerySet[ContactPoint]:
    return ContactPoint.objects.filter(client=own_client(user)).order_by("pk")


def treats(user: Viewer, client: Client) -> bool:
    """A clinician assigned to one of the client's cases (not emergency access, not intake)."""
    if not practice_access.is_clinician(user):
        return False
    return practice_access.cases_of_client(user, client).filter(clinicians=user).exists()


def may_manage(user: Viewer, client: Client) -> bool:
    """Who sees and revokes a client's portal access: their clinicians and the administrator."""
    role = getattr(user, "role", None) if getattr(user, "is_active", False) else None
    return role == Role.ADMINISTRATOR or treats(user, client)


def client_to_invite(user: Viewer, pk: Any) -> Client:
    """A client this user may invite to the portal: only a clinician on one of their cases."""
    client = practice_access.get_client(user, pk)
    if not treats(user, client):
        raise Http404("No such client")
    return client


def client_to_manage(user: Viewer, pk: Any) -> Client:
    """A client whose portal access this user may see and revoke."""
    client = practice_access.get_client(user, pk)
    if not may_manage(user, client):
        raise Http404("No such client")
    return client


def invite_points(client: Client) -> QuerySet[ContactPoint]:
    """The contact points an invitation may go to: the client's emails that allow email."""
    return ContactPoint.objects.filter(client=client, kind="email", may_email=True).order_by(
        "-preferred", "pk"
    )


def pending_invites(client: Client) -> QuerySet[Invite]:
    return Invite.objects.filter(
        client=client,
        used_at__isnull=True,
        withdrawn_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


@dataclass(frozen=True)
class AccessState:
    """What staff see of a client's portal access; no clinical content."""

    state: str  # "none", "invited", "active" or "revoked"
    sent_at: dt.datetime | None = None
    sent_to: str = ""  # the contact point's address the pending invitation went to
    sent_to_label: str = ""
    username: str = ""
    last_invite_note: str = ""  # why the newest invitation no longer works, if it does not

    @property
    def label(self) -> str:
        return {
            "none": _("No portal access"),
            "invited": _("Invited"),
            "active": _("Active"),
            "revoked": _("Revoked"),
        }[self.state]


def access_state(client: Client) -> AccessState:
    """The client's portal access as one of four states, with the pending invitation."""
    user: User | None = client.portal_user
    pending = pending_invites(client).select_related("contact_point").first()
    username = user.username if user is not None else ""
    if user is not None and user.is_active:
        return AccessState("active", username=username)
    if pending is not None:
        point = pending.contact_point
        return AccessState(
            "invited",
            sent_at=pending.created_at,
            sent_to=pending.email,
            sent_to_label=point.label if point is not None else "",
            username=username,
        )
    latest = Invite.objects.filter(client=client).first()  # newest first
    note = ""
    if latest is not None and latest.used_at is None:
        if latest.withdrawn_because:
            note = latest.get_withdrawn_because_display()
        elif latest.expires_at <= timezone.now():
            note = _("The last invitation expired")
    return AccessState(
        "revoked" if user is not None else "none", username=username, last_invite_note=note
    )


def open_invite(token: str) -> Invite:
    """The unused, unexpired, unwithdrawn invitation a link carries (404 otherwise)."""
    if not token or len(token) > 200:
        raise Http404("No such invitation")
    try:
        invite = Invite.objects.select_related("client", "client__portal_user").get(
            token_sha256=token_digest(token)
        )
    except Invite.DoesNotExist:
        raise Http404("No such invitation") from None
    if invite.used_at or invite.withdrawn_at or invite.expires_at <= timezone.now():
        raise Http404("No such invitation")
    if invite.failed_attempts >= MAX_ATTEMPTS:
        raise Http404("No such invitation")
    user = invite.client.portal_user
    if user is not None and user.is_active:
        raise Http404("No such invitation")
    return invite


def addresses_on_file(client: Client) -> list[str]:
    """The client's email addresses that allow email: the only places we write to them."""
    return [p.value for p in invite_points(client)]


def reset_users(email: str) -> list[User]:
    """Portal users a password-reset link may go to at `email`: an active client account whose
    address is that of an email contact point on file for its client that allows email."""
    email = (email or "").strip()
    if not email:
        return []
    found = []
    digest = email_digest(email)
    users = User.objects.filter(role=Role.CLIENT, is_active=True, email_digest=digest)
    for user in users.select_related("client_record"):
        client = getattr(user, "client_record", None)
        if client is None or not user.has_usable_password():
            continue
        if any(normal_email(a) == normal_email(email) for a in addresses_on_file(client)):
            found.append(user)
    return found
