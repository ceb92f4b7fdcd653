"""System checks that refuse unsafe production settings.

They run with every management command and at server start, so a practice cannot go live
with debug pages on a public host, guessable keys, or cookies sent over plain HTTP.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1", ".localhost", "testserver"}
MIN_SECRET_KEY_LENGTH = 50


@register(Tags.security)
def debug_only_on_loopback(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Debug pages show settings and source code: only ever on this machine."""
    if not settings.DEBUG:
        return []
    wide = sorted(set(settings.ALLOWED_HOSTS) - LOOPBACK_HOSTS)
    if not wide:
        return []
    return [
        Error(
            f"CONFIDE_DEBUG is on while the site answers to {', '.join(wide)}.",
            hint="Turn CONFIDE_DEBUG off, or limit CONFIDE_ALLOWED_HOSTS to 127.0.0.1,localhost.",
            id="confide.E001",
        )
    ]


@register(Tags.security)
def secret_key_strong(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    key = str(getattr(settings, "SECRET_KEY", "") or "")
    if len(key) >= MIN_SECRET_KEY_LENGTH and len(set(key)) >= 5:
        return []
    return [
        Error(
            "SECRET_KEY is missing or too short to protect sessions and sign-in tokens.",
            hint=(
                f"Set CONFIDE_SECRET_KEY to at least {MIN_SECRET_KEY_LENGTH} random characters, "
                "or unset it so confide creates one in the data folder."
            ),
            id="confide.E002",
        )
    ]


@register(Tags.security)
def data_keys_valid(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Every key in the ring must be a full 256-bit AES key."""
    from confide.crypto import KeyRingError, parse_ring

    try:
        parse_ring(str(getattr(settings, "DATA_KEYS", "") or ""))
    except KeyRingError as error:
        return [
            Error(
                f"The data-encryption key ring is unusable: {error}.",
                hint=(
                    "Set CONFIDE_DATA_KEYS to url-safe base64 keys of 32 bytes each, newest "
                    "first, or unset it so confide creates one in the data folder."
                ),
                id="confide.E003",
            )
        ]
    return []


@register(Tags.security)
def cookies_secure_over_https(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not getattr(settings, "HTTPS", False):
        return []
    errors = []
    for name, check_id in (
        ("SESSION_COOKIE_SECURE", "confide.E004"),
        ("CSRF_COOKIE_SECURE", "confide.E005"),
    ):
        if not getattr(settings, name, False):
            errors.append(
                Error(
                    f"CONFIDE_HTTPS is set but {name} is off: the cookie would travel unencrypted.",
                    hint=f"Set {name} = True (settings do so when CONFIDE_HTTPS=1).",
                    id=check_id,
                )
            )
    return errors
