"""The portal speaks the client's language.

Django's LocaleMiddleware picks a language from the language cookie (set by the switch on every
portal page, Django's `set_language` view) or the browser's Accept-Language. For a signed-in
client that is not enough: the language on their client record (`Client.preferred_language`,
set by their clinician) is what they asked to read, so it wins over the browser. An explicit
choice with the switch (the cookie) wins over the record, so a client can always change it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation

from confide.accounts.models import Role
from confide.portal import access
from confide.practice.models import Client


class ClientLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        follow_client_language(request)
        return self.get_response(request)


def follow_client_language(request: HttpRequest) -> None:
    """Speak the signed-in client's recorded language for the rest of this request.

    Called by the middleware, and by a view that signs a client in mid-request (taking up an
    invitation), so what it says next is already in their language.
    """
    language = _record_language(request)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language


def follow_invited_language(request: HttpRequest, client: Client) -> None:
    """The public invitation page speaks the invited client's recorded language (unless the
    visitor chose one with the switch): only the holder of the one-time link sees it."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return
    if client.preferred_language in dict(settings.LANGUAGES):
        translation.activate(client.preferred_language)
        request.LANGUAGE_CODE = client.preferred_language


def _record_language(request: HttpRequest) -> str | None:
    """The client's recorded language, unless they chose one with the switch."""
    user = getattr(request, "user", None)
    if getattr(user, "role", None) != Role.CLIENT:
        return None
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return None
    try:
        language = access.own_client(user).preferred_language
    except Http404:
        return None
    return language if language in dict(settings.LANGUAGES) else None
