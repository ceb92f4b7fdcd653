"""Portal writes: invitations, taking one up, revoking access, password resets, and a
client's own contact preferences.

Each is one transaction with its audit event inside it; `acting_user` is keyword-only.
A portal account belongs to its client: invitations go only to an email contact point on
file that allows email, only from a clinician on one of the client's cases, and open only
with the client's date of birth, within `access.MAX_ATTEMPTS` tries.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from confide.accounts.identity import HANDLE_PREFIX, looks_like_email, new_handle, normal_email
from confide.accounts.models import Role, User
from confide.accounts.roles import account
from confide.accounts.types import Actor
from confide.audit.log import record
from confide.portal import notices
from confide.portal.access import (
    MAX_ATTEMPTS,
    addresses_on_file,
    invite_points,
    may_manage,
    own_client,
    token_digest,
    treats,
)
from confide.portal.models import Invite, WithdrawnBecause
from confide.practice.models import Client, ContactPoint

INVITE_DAYS = 14
PREFERENCE_FIELDS = ("may_call", "may_leave_voicemail", "may_text", "may_email", "may_mail")
WRONG_DETAILS = gettext_lazy("The date of birth does not match our records.")


def _withdraw_pending(client: Client, because: str) -> int:
    now = timezone.now()
    return Invite.objects.filter(
        client=client, used_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=now, withdrawn_because=because)


def _eligible_point(client: Client, contact_point: Any) -> ContactPoint:
    """The contact point, read fresh: it must be the client's email that allows email."""
    point_id = getattr(contact_point, "pk", contact_point)
    point = invite_points(client).select_for_update().filter(pk=point_id).first()
    if point is None:
        raise ValidationError(
            {"contact_point": "Choose an email address on file that the client allows email on."}
        )
    return point


def create_invite(
    *, acting_user: Actor, client: Client, contact_point: Any, request: Any = None
) -> tuple[Invite, str]:
    """Record a new invitation to a contact point on file and return it with its token
    (shown nowhere but the link). Earlier pending invitations are withdrawn."""
    if not treats(acting_user, client):
        raise PermissionDenied
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        fresh = (
            Client.objects.select_for_update(of=("self",))
            .select_related("portal_user")
            .get(pk=client.pk)
        )
        if fresh.portal_user is not None and fresh.portal_user.is_active:
            raise ValidationError("This client already has portal access.")
        if fresh.deceased:
            # Their executor or administrator acts for them, outside the client portal.
            raise ValidationError("This client has died: the portal is not offered.")
        point = _eligible_point(fresh, contact_point)
        replaced = _withdraw_pending(fresh, WithdrawnBecause.REPLACED)
        now = timezone.now()
        invite = Invite.objects.create(
            client=fresh,
            contact_point=point,
            email=point.value,
            token_sha256=token_digest(token),
            created_by=account(acting_user),
            expires_at=now + dt.timedelta(days=INVITE_DAYS),
        )
        record(
            actor=acting_user,
            action="create",
            target=invite,
            client_id=fresh.pk,
            summary="Portal invitation sent",
            detail={"contact_point_id": point.pk, "replaced": replaced},
            request=request,
        )
        return invite, token


def invite_client(
    *,
    acting_user: Actor,
    client: Client,
    contact_point: Any,
    link_for: Callable[[str], str],
    request: Any = None,
) -> Invite:
    """Invite and email a one-time link; `link_for(token)` makes the absolute URL.

    The email leaves after the invitation commits, so a refused or rolled-back invitation
    never mails anything.
    """
    with transaction.atomic():
        invite, token = create_invite(
            acting_user=acting_user, client=client, contact_point=contact_point, request=request
        )
        subject, body = notices.invitation_text(
            link_for(token), INVITE_DAYS, invite.client.preferred_language
        )
        notices.send_after_commit(invite.client, "invitation", subject, body, [invite.email])
        return invite


def _same_day(entered: dt.date | None, on_file: dt.date) -> bool:
    """Compare dates of birth in constant time (no early exit on the first differing digit)."""
    given = entered.isoformat() if isinstance(entered, dt.date) else ""
    return hmac.compare_digest(given.encode("ascii"), on_file.isoformat().encode("ascii"))


def _count_failure(invite: Invite, request: Any) -> None:
    """One wrong date of birth, committed on its own; the last allowed one voids the link."""
    with transaction.atomic():
        fresh = Invite.objects.select_for_update().get(pk=invite.pk)
        fresh.failed_attempts += 1
        fields = ["failed_attempts"]
        if fresh.failed_attempts >= MAX_ATTEMPTS and fresh.withdrawn_at is None:
            fresh.withdrawn_at = timezone.now()
            fresh.withdrawn_because = WithdrawnBecause.TOO_MANY_TRIES
            fields += ["withdrawn_at", "withdrawn_because"]
        fresh.save(update_fields=fields)
        record(
            actor=None,
            action="login_failed",
            target=fresh,
            client_id=fresh.client_id,
            summary="Portal invitation: wrong date of birth"
            + (" (invitation now void)" if fresh.withdrawn_at else ""),
            detail={"attempt": fresh.failed_attempts, "limit": MAX_ATTEMPTS},
            request=request,
        )


def note_incomplete_attempt(*, invite: Invite, request: Any = None) -> None:
    """Audit a submission that checked nothing (no date of birth, or an unusable password):
    it does not count against the invitation, since it learned nothing about the client."""
    with transaction.atomic():
        record(
            actor=None,
            action="login_failed",
            target=invite,
            client_id=invite.client_id,
            summary="Portal invitation: incomplete form, nothing checked",
            request=request,
        )


def _portal_handle(user: User | None) -> str:
    """The account's user name: its own random handle, kept when it has one; a new one for a
    new account, or one that still carries an address from before handles (see
    `accounts.identity`: a user name is shown and logged, an address must not be)."""
    if user is not None and user.username and not looks_like_email(user.username):
        return user.username
    while True:
        handle = new_handle()
        if not User.objects.filter(username__iexact=handle).exists():
            return handle


def accept_invite(
    *,
    acting_user: Actor,
    invite: Invite,
    date_of_birth: dt.date | None,
    password: str,
    request: Any = None,
) -> User:
    """Take up an invitation: the client's date of birth and a new password.

    A wrong date counts against the invitation (and is audited) whatever the password; only
    the right one sets up the account, or re-opens a revoked one, linked to the client.
    """
    with transaction.atomic():
        fresh = Invite.objects.select_related("client").get(pk=invite.pk)
        on_file = fresh.client.date_of_birth
    if not _same_day(date_of_birth, on_file):
        _count_failure(invite, request)
        raise ValidationError({"date_of_birth": WRONG_DETAILS})
    password_validation.validate_password(
        password, User(username=HANDLE_PREFIX, email=invite.email, role=Role.CLIENT)
    )
    with transaction.atomic():
        fresh = Invite.objects.select_for_update().select_related("client").get(pk=invite.pk)
        if (
            fresh.used_at
            or fresh.withdrawn_at
            or fresh.expires_at <= timezone.now()
            or fresh.failed_attempts >= MAX_ATTEMPTS
        ):
            raise ValidationError(_("This invitation is no longer valid."))
        client = Client.objects.select_for_update().get(pk=fresh.client_id)
        if normal_email(fresh.email) not in {normal_email(a) for a in addresses_on_file(client)}:
            raise ValidationError(_("This invitation is no longer valid."))
        user = client.portal_user
        if user is not None and user.is_active:
            raise ValidationError("This client already has portal access.")
        old_email = user.email if user is not None else ""
        if user is None:
            user = User(role=Role.CLIENT)
        user.username = _portal_handle(user if user.pk else None)
        user.email = fresh.email
        user.role = Role.CLIENT
        # No copy of the client's name: it is sealed on the client record (invariant 4).
        user.is_active = True
        reopened = user.pk is not None
        user.set_password(password)
        user.save()
        client.portal_user = user
        client.save(update_fields=["portal_user"])
        fresh.used_at = timezone.now()
        fresh.save(update_fields=["used_at"])
        record(
            actor=acting_user if getattr(acting_user, "is_authenticated", False) else user,
            action="change" if reopened else "create",
            target=user,
            client_id=client.pk,
            summary="Portal access re-opened from an invitation"
            if reopened
            else "Portal access set up from an invitation",
            detail={"invite_id": fresh.pk, "contact_point_id": fresh.contact_point_id},
            request=request,
        )
        notices.notify(client, "created", [fresh.email])
        if old_email and normal_email(old_email) != normal_email(fresh.email):
            filed = {normal_email(a) for a in addresses_on_file(client)}
            told = [a for a in (old_email, fresh.email) if normal_email(a) in filed]
            notices.notify(client, "email_changed", told)
        return user


def end_sessions(user: User) -> int:
    """Delete every stored session of this user; returns how many ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def account_addresses(client: Client, user: User | None) -> list[str]:
    """Where to tell the client about their account: its address if still on file, else
    every email address on file that allows email."""
    on_file = addresses_on_file(client)
    if user is not None and normal_email(user.email) in {normal_email(a) for a in on_file}:
        return [user.email]
    return on_file


def revoke_access(*, acting_user: Actor, client: Client, request: Any = None) -> bool:
    """End the client's portal access at once: the account is disabled, its password hash
    changed (so any session cookie fails its hash check), every session deleted, and pending
    invitations withdrawn. Returns False when there was nothing to revoke."""
    if not may_manage(acting_user, client):
        raise PermissionDenied
    with transaction.atomic():
        fresh = (
            Client.objects.select_for_update(of=("self",))
            .select_related("portal_user")
            .get(pk=client.pk)
        )
        user = fresh.portal_user
        withdrawn = _withdraw_pending(fresh, WithdrawnBecause.REVOKED)
        active = user is not None and user.is_active
        if not active and not withdrawn:
            return False
        ended = 0
        if user is not None and active:
            user.is_active = False
            user.set_unusable_password()
            user.save(update_fields=["is_active", "password"])
            ended = end_sessions(user)
        record(
            actor=acting_user,
            action="change",
            target=user if user is not None else fresh,
            client_id=fresh.pk,
            summary="Portal access revoked",
            detail={"sessions_ended": ended, "invites_withdrawn": withdrawn},
            request=request,
        )
        if active:
            notices.notify(fresh, "revoked", account_addresses(fresh, user))
        return True


def record_reset_request(
    *, acting_user: Actor = None, email: str, users: list[User], limited: bool, request: Any = None
) -> None:
    """Audit a password-reset request: whether a link went out, never the address itself."""
    with transaction.atomic():
        if not users:
            record(
                actor=None,
                action="password_reset",
                summary="Portal password reset asked"
                + (" (over the limit, nothing sent)" if limited else " (no account matched)"),
                detail={"limited": limited},
                request=request,
            )
        for user in users:
            client = getattr(user, "client_record", None)
            record(
                actor=None,
                action="password_reset",
                target=user,
                client_id=client.pk if client is not None else None,
                summary="Portal password reset link sent"
                if not limited
                else "Portal password reset asked (over the limit, nothing sent)",
                detail={"limited": limited},
                request=request,
            )


def complete_reset(*, acting_user: User, request: Any = None) -> None:
    """Audit a password chosen from a reset link and tell the client at the address on file."""
    with transaction.atomic():
        client = Client.objects.filter(portal_user=acting_user).first()
        record(
            actor=acting_user,
            action="change",
            target=acting_user,
            client_id=client.pk if client is not None else None,
            summary="Portal password set from a reset link",
            request=request,
        )
        if client is not None:
            notices.notify(client, "password_changed", account_addresses(client, acting_user))


def tell_password_changed(user: User) -> None:
    """A client changed their own password while signed in: tell them at the address on file."""
    client = Client.objects.filter(portal_user=user).first()
    if client is not None:
        notices.notify(client, "password_changed", account_addresses(client, user))


def update_own_preferences(
    *, acting_user: Actor, changes: Mapping[int, Mapping[str, bool]], request: Any = None
) -> list[int]:
    """A client changes the may_* flags of their own contact points; returns the changed ids."""
    client = own_client(acting_user)
    changed: list[int] = []
    with transaction.atomic():
        points = {p.pk: p for p in ContactPoint.objects.select_for_update().filter(client=client)}
        if set(changes) - set(points):
            raise ValidationError(_("You can change only your own contact preferences."))
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
