"""Every write to accounts: one transaction, with its audit event in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from confide.accounts.identity import masked_login
from confide.accounts.models import User
from confide.audit.log import record


def create_staff_user(
    *,
    acting_user: User | None,
    data: dict[str, Any],
    password: str | None,
    request: HttpRequest | None,
) -> User:
    """A new account. Made by an administrator, its password is temporary and must be
    replaced at first sign-in; made from the command line without one, it cannot sign in
    until an administrator sets one."""
    with transaction.atomic():
        user = User(
            username=data["username"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            email=data.get("email", ""),
            role=data["role"],
            require_two_factor=bool(data.get("require_two_factor")),
            must_change_password=acting_user is not None,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        record(
            actor=acting_user,
            action="create",
            target=user,
            summary=f"Created account {user.username} as {user.get_role_display()}",
            detail={"role": user.role, "require_two_factor": user.require_two_factor},
            request=request,
        )
    return user


def update_staff_user(
    *, acting_user: User, user: User, changed: list[str], request: HttpRequest | None
) -> User:
    """Save the fields an administrator changed (role, active, two-factor, names)."""
    with transaction.atomic():
        user.save()
        record(
            actor=acting_user,
            action="change",
            target=user,
            summary=f"Changed staff account {user.username}",
            detail={name: getattr(user, name) for name in changed},
            request=request,
        )
    return user


def reset_password(
    *, acting_user: User, user: User, password: str, request: HttpRequest | None
) -> None:
    """Set a temporary password; the user must choose a new one at the next sign-in."""
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        record(
            actor=acting_user,
            action="change",
            target=user,
            summary=f"Reset the password of {user.username}",
            detail={"password_reset": True},
            request=request,
        )


def change_own_password(*, acting_user: User, password: str, request: HttpRequest | None) -> None:
    with transaction.atomic():
        acting_user.set_password(password)
        acting_user.must_change_password = False
        acting_user.save(update_fields=["password", "must_change_password"])
        record(
            actor=acting_user,
            action="change",
            target=acting_user,
            summary="Changed own password",
            request=request,
        )
        if acting_user.role == "client":
            from confide.portal.actions import tell_password_changed

            tell_password_changed(acting_user)  # at the address on file, after commit


def unlock_user(*, acting_user: User, user: User, request: HttpRequest | None) -> int:
    """Clear django-axes lockouts for this user name; returns how many records were cleared."""
    from axes.utils import reset

    with transaction.atomic():
        cleared = int(reset(username=user.get_username()) or 0)
        if user.email:  # lockouts counted under the address typed at sign-in
            cleared += int(reset(username=masked_login(user.email)) or 0)
        record(
            actor=acting_user,
            action="change",
            target=user,
            summary=f"Unlocked sign-in for {user.username}",
            detail={"cleared_attempts": cleared},
            request=request,
        )
    return cleared


def pending_device(*, acting_user: User, request: HttpRequest | None) -> TOTPDevice:
    """The user's unconfirmed TOTP device, made once so the QR code stays the same on reload.

    Making it creates a secret that can become a second factor, so it is audited."""
    device = TOTPDevice.objects.filter(user=acting_user, confirmed=False).order_by("pk").first()
    if device is not None:
        return device
    with transaction.atomic():
        device = TOTPDevice.objects.create(
            user=acting_user, name="Authenticator app", confirmed=False
        )
        record(
            actor=acting_user,
            action="create",
            target=device,
            summary="Started enrolling a two-factor authenticator",
            request=request,
        )
    return device


def confirm_device(*, acting_user: User, device: TOTPDevice, request: HttpRequest | None) -> None:
    """Confirm the device. Once enrolled, a code is required at every sign-in, even where an
    administrator did not ask for it: an enrolled but unused second factor protects nothing."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        if not acting_user.require_two_factor:
            acting_user.require_two_factor = True
            acting_user.save(update_fields=["require_two_factor"])
        record(
            actor=acting_user,
            action="create",
            target=device,
            summary="Enrolled a two-factor authenticator",
            request=request,
        )


def remove_devices(*, acting_user: User, user: User, request: HttpRequest | None) -> int:
    """Administrator: forget a user's authenticators (lost phone); they enrol again."""
    with transaction.atomic():
        count, _ = TOTPDevice.objects.filter(user=user).delete()
        record(
            actor=acting_user,
            action="delete",
            target=user,
            summary=f"Removed the two-factor authenticators of {user.username}",
            detail={"devices": count},
            request=request,
        )
    return count
