"""Portal writes: invitations, accepting one, and a client's own contact preferences.

Each is one transaction with its audit event inside it; `acting_user` is keyword-only.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from confide.accounts.models import Role, User
from confide.audit.log import record
from confide.portal.access import own_client, token_digest
from confide.portal.models import Invite
from confide.practice import access as practice_access
from confide.practice.models import Client, ContactPoint

INVITE_DAYS = 14
PREFERENCE_FIELDS = ("may_call", "may_leave_voicemail", "may_text", "may_email", "may_mail")


def create_invite(
    *, acting_user: Any, client: Client, email: str, request: Any = None
) -> tuple[Invite, str]:
    """Record a new invitation and return it with its token (shown nowhere but the link).

    Earlier open invitations for the client are withdrawn, so only the newest link works.
    """
    if not practice_access.sees_roster(acting_user):
        raise PermissionDenied
    email = (email or "").strip()
    if "@" not in email:
        raise ValidationError({"email": "Enter the client's email address."})
    if client.portal_user_id is not None:
        raise ValidationError("This client already has portal access.")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        now = timezone.now()
        still_open = Invite.objects.filter(
            client=client, used_at__isnull=True, withdrawn_at__isnull=True
        )
        still_open.update(withdrawn_at=now)
        invite = Invite.objects.create(
            client=client,
            email=email,
            token_sha256=token_digest(token),
            created_by=acting_user,
            expires_at=now + dt.timedelta(days=INVITE_DAYS),
        )
        record(
            actor=acting_user,
            action="create",
            target=invite,
            client_id=client.pk,
            summary="Portal invitation sent",
            request=request,
        )
        return invite, token


def invite_client(
    *,
    acting_user: Any,
    client: Client,
    email: str,
    link_for: Any,
    request: Any = None,
) -> Invite:
    """Invite and email a one-time link; `link_for(token)` makes the absolute URL.

    The email is sent inside the transaction: if sending fails, no invitation is recorded.
    """
    with transaction.atomic():
        invite, token = create_invite(
            acting_user=acting_user, client=client, email=email, request=request
        )
        # Discreet by design: the message names neither the practice's work nor the client.
        send_mail(
            "Your invitation",
            "You were invited to a secure portal. Open this link to set your password "
            f"(it works once, for {INVITE_DAYS} days):\n\n{link_for(token)}\n",
            None,
            [invite.email],
        )
        return invite


def accept_invite(*, acting_user: Any, invite: Invite, password: str, request: Any = None) -> User:
    """Create the client's portal user with this password and link it to the client."""
    username = invite.email.lower()
    candidate = User(username=username, email=invite.email, role=Role.CLIENT)
    password_validation.validate_password(password, candidate)
    with transaction.atomic():
        fresh = Invite.objects.select_for_update().select_related("client").get(pk=invite.pk)
        if fresh.used_at or fresh.withdrawn_at or fresh.expires_at <= timezone.now():
            raise ValidationError("This invitation is no longer valid.")
        client = Client.objects.select_for_update().get(pk=fresh.client_id)
        if client.portal_user_id is not None:
            raise ValidationError("This client already has portal access.")
        if User.objects.filter(username__iexact=username).exists():
            username = f"{username}.{client.pk}"
        user = User(
            username=username,
            email=invite.email,
            role=Role.CLIENT,
            # No copy of the client's name: it is sealed on the client record (invariant 4).
        )
        user.set_password(password)
        user.save()
        client.portal_user = user
        client.save(update_fields=["portal_user"])
        fresh.used_at = timezone.now()
        fresh.save(update_fields=["used_at"])
        record(
            actor=acting_user if getattr(acting_user, "is_authenticated", False) else user,
            action="create",
            target=user,
            client_id=client.pk,
            summary="Portal access set up from an invitation",
            detail={"invite_id": fresh.pk},
            request=request,
        )
        return user


def update_own_preferences(
    *, acting_user: Any, changes: Mapping[int, Mapping[str, bool]], request: Any = None
) -> list[int]:
    """A client changes the may_* flags of their own contact points; returns the changed ids."""
    client = own_client(acting_user)
    changed: list[int] = []
    with transaction.atomic():
        points = {p.pk: p for p in ContactPoint.objects.select_for_update().filter(client=client)}
        if set(changes) - set(points):
            raise ValidationError("You can change only your own contact preferences.")
        before_after: dict[str, Any] = {}
        for pk, flags in changes.items():
            point = points[pk]
            diff = {
                name: bool(flags[name])
                for name in PREFERENCE_FIELDS
                if name in flags and getattr(point, name) != bool(flags[name])
            }
            if not diff:
                continue
            for name, value in diff.items():
                setattr(point, name, value)
            point.save(update_fields=list(diff))
            changed.append(pk)
            before_after[str(pk)] = diff
        if changed:
            record(
                actor=acting_user,
                action="change",
                target_type="practice.contactpoint",
                target_id=",".join(str(pk) for pk in changed),
                client_id=client.pk,
                summary="Contact preferences changed in the portal",
                detail={"changes": before_after},
                request=request,
            )
        return changed
