"""Role checks for every app's views. They fail closed: a signed-in user without the role
gets 404, exactly as if the page did not exist, so the answer reveals nothing. Strangers are
sent to sign in (LoginRequiredMiddleware normally catches them first)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeGuard, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse

from confide.accounts.models import Role
from confide.accounts.types import Viewer

if TYPE_CHECKING:
    from confide.accounts.models import User


View = TypeVar("View", bound=Callable[..., HttpResponse | StreamingHttpResponse])

STAFF_ROLES = tuple(r.value for r in Role if r != Role.CLIENT)


def is_staff_member(user: Viewer) -> TypeGuard[User]:
    """Signed in, active, and not a client of the practice."""
    return has_role(user, *STAFF_ROLES)


def has_role(user: Viewer, *roles: str) -> TypeGuard[User]:
    """Signed in, active and holding one of `roles`; False for anyone else, None included.
    For the type checker a True answer means `user` is an account (`User`)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return getattr(user, "role", None) in roles


def account(actor: Viewer) -> User | None:
    """The account behind `actor`, or None for an anonymous visitor or the system: what a
    "created by" column records, so it never holds anything but an account."""
    if actor is None or isinstance(actor, AnonymousUser):
        return None
    return actor


def require_account(actor: Viewer) -> User:
    """The account behind `actor`; PermissionDenied for anyone else (fails closed), for the
    columns a write must name a person in."""
    found = account(actor)
    if found is None:
        raise PermissionDenied
    return found


def _guard(allowed: Callable[[Any], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(
            request: HttpRequest, *args: Any, **kwargs: Any
        ) -> HttpResponse | StreamingHttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                _record_denied(request)
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def _record_denied(request: HttpRequest) -> None:
    from confide.practice.access import record_refusal

    record_refusal(request, f"Refused {request.method} {request.path}")


staff_required = _guard(is_staff_member)
client_required = _guard(lambda user: has_role(user, Role.CLIENT))


def role_required(*roles: str) -> Callable[[View], View]:
    """Only users holding one of `roles` (e.g. "privacy_officer", "administrator")."""
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    return _guard(lambda user: has_role(user, *roles))
