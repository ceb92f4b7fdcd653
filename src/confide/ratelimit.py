"""Fixed-window rate limits in the cache that every worker shares.

Each window has its own key (the window's number is part of it), and the entry's lifetime is
set explicitly to the rest of the window after every hit. Django's `cache.incr` re-saves an
entry with the cache's *default* timeout (five minutes), which once let a one-hour limit reset
after five minutes; touching the entry after the increment makes the window the only clock.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def key_for(scope: str, ident: str, window_seconds: int, now: float | None = None) -> str:
    """The cache key counting `ident` in the current window of `scope`."""
    window = int((time.time() if now is None else now) // window_seconds)
    return f"ratelimit:{scope}:{window}:{ident}"


def hit(scope: str, ident: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt by `ident` in `scope`; True when this attempt is over the limit."""
    if limit < 1 or window_seconds < 1:
        raise ValueError("a rate limit needs a positive limit and window")
    now = time.time()
    window_end = (int(now // window_seconds) + 1) * window_seconds
    remaining = max(1, int(window_end - now) + 1)
    key = key_for(scope, ident, window_seconds, now)
    cache.add(key, 0, remaining)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, remaining)
        count = 1
    cache.touch(key, remaining)
    return count > limit
