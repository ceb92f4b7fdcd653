"""Sign-in is required everywhere but a short allow-list of public paths.

Signed-in users are also held to what an administrator asked of them: enrol and use a TOTP
device when `require_two_factor` is set (and use it whenever one is enrolled), and choose a
new password when `must_change_password` is set. Until they do, only those pages and sign-out
are reachable.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django_htmx.http import HttpResponseClientRedirect

DEFAULT_PUBLIC_PATH_PREFIXES = (
    "/accounts/login/",
    "/static/",
    "/portal/invite/",
    "/portal/reset/",
    "/disclosures/public/",
)

API_PREFIX = "/api/"


def public_path_prefixes() -> tuple[str, ...]:
    return tuple(getattr(settings, "PUBLIC_PATH_PREFIXES", DEFAULT_PUBLIC_PATH_PREFIXES))


def is_public_path(path: str) -> bool:
    return path.startswith(public_path_prefixes())


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.gate(request) or self.get_response(request)

    def gate(self, request: HttpRequest) -> HttpResponse | None:
        """A redirect when the request may not go where it asked; None to let it through."""
        path = request.path
        if is_public_path(path):
            return None
        user = request.user
        if not user.is_authenticated:
            if path.startswith(API_PREFIX):
                # Programs get a status they can act on, not a sign-in page.
                return JsonResponse({"detail": "Sign-in required."}, status=401)
            if request.headers.get("HX-Request") == "true":
                # An htmx fragment request would swap the login page into part of a page;
                # tell htmx to load the sign-in page as a whole instead.
                return HttpResponseClientRedirect(reverse("accounts:login"))
            return redirect_to_login(request.get_full_path())
        logout = reverse("accounts:logout")
        if path == logout:
            return None
        if requires_two_factor(user) and not _verified(request):
            return _only(request, _two_factor_step(user))
        if getattr(user, "must_change_password", False):
            return _only(request, reverse("accounts:password_change"))
        return None


def requires_two_factor(user: object) -> bool:
    """Asked for by an administrator, or enrolled: an enrolled authenticator is always used,
    so unticking the setting can never quietly turn a second factor off."""
    from django_otp import user_has_device

    return bool(getattr(user, "require_two_factor", False)) or user_has_device(user, confirmed=True)


def _verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def _two_factor_step(user: object) -> str:
    """Enrol when the user has no confirmed device yet, otherwise verify a code."""
    from django_otp import user_has_device

    if user_has_device(user, confirmed=True):
        return reverse("accounts:totp_verify")
    return reverse("accounts:totp_enrol")


def _only(request: HttpRequest, allowed: str) -> HttpResponse | None:
    if request.path == allowed:
        return None
    return redirect(allowed)


class SessionRenewalMiddleware:
    """Renew a signed-in session's idle expiry at most once a minute.

    Saving the session on every request (Django's SESSION_SAVE_EVERY_REQUEST) costs a database
    write per page, which on SQLite queues every page behind every other writer. Renewing once
    a minute keeps the 30-minute idle timeout true to within a minute at a sliver of the cost.
    """

    RENEW_AFTER_SECONDS = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get("_renewed_at", 0)
            if not isinstance(last, int) or now - last >= self.RENEW_AFTER_SECONDS:
                request.session["_renewed_at"] = now  # marks it modified: saved, expiry renewed
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing a signed-in person sees may be kept by a browser or a proxy cache: a shared
    computer's back button or disk cache must not replay a client's record. Every answer but
    static files and the health check says so; one rule for all pages is the rule that holds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(settings.STATIC_URL) or request.path == "/healthz":
            return response
        add_never_cache_headers(response)
        return response
