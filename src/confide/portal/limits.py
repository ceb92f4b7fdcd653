"""Rate limits for the portal's public password-reset form, with an explicit window.

A count lives in the shared cache under a key that names its window (the window's number
since the epoch), so the window ends when the clock says so, whatever the cache backend does
to a key's timeout when it is incremented.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache

RESET_WINDOW_SECONDS = 60 * 60
RESET_PER_ADDRESS = 3
RESET_PER_IP = 10


def _bucket(scope: str, value: str, window: int, now: int) -> str:
    digest = hashlib.sha256(value.strip().lower().encode("utf-8")).hexdigest()[:32]
    return f"portal:limit:{scope}:{digest}:{now // window}"


def hit(scope: str, value: str, *, limit: int, window: int) -> bool:
    """Count one attempt; True when this one is over the limit for the current window.

    Never `cache.incr`: Django's default incr re-sets the key with the cache's default
    timeout (five minutes), which silently shortened the window.
    """
    now = int(time.time())
    key = _bucket(scope, value, window, now)
    count = int(cache.get(key) or 0) + 1
    cache.set(key, count, window - now % window + 60)
    return count > limit


def reset_over_limit(email: str, ip: str) -> bool:
    """Both counters advance on every request, so neither can be probed around the other."""
    by_address = hit("reset-email", email, limit=RESET_PER_ADDRESS, window=RESET_WINDOW_SECONDS)
    by_ip = hit("reset-ip", ip or "unknown", limit=RESET_PER_IP, window=RESET_WINDOW_SECONDS)
    return by_address or by_ip
