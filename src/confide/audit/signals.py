"""Sign-in, sign-out, failed sign-in and lockout become audit events."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from confide.audit.log import record


@receiver(user_logged_in, dispatch_uid="confide.audit.login")
def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(actor=user, action="login", summary="Signed in", request=request)


@receiver(user_logged_out, dispatch_uid="confide.audit.logout")
def on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(actor=user, action="logout", summary="Signed out", request=request)


@receiver(user_login_failed, dispatch_uid="confide.audit.login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django already masks the password in `credentials`; keep only the user name tried,
    # and an email address only as its digest (a contact value is never written in clear).
    from confide.accounts.identity import masked_login

    username = masked_login(str(credentials.get("username", "")))
    record(
        actor=None,
        action="login_failed",
        summary=f"Failed sign-in as {username!r}"[:300],
        detail={"username": username},
        request=request or _anonymous_marker(),
    )


def on_lockout(
    sender: Any, request: HttpRequest | None, username: str = "", ip_address: str = "", **kw: Any
) -> None:
    record(
        actor=None,
        action="lockout",
        summary=f"Sign-in locked for {username!r} after repeated failures"[:300],
        detail={"username": str(username)[:150], "ip_address": ip_address},
        request=request or _anonymous_marker(),
    )


def _anonymous_marker() -> HttpRequest:
    """A request-shaped stand-in, so the event reads as 'anonymous' rather than 'system'."""
    return HttpRequest()


def connect() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(on_lockout, dispatch_uid="confide.audit.lockout")
