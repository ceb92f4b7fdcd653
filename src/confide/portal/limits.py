"""Rate limits for the portal's public password-reset form, with an explicit window.

The counting is confide.ratelimit's, shared with the public request form; here only what is
counted (a digest of the address, the caller's IP) and the limits.
"""

from __future__ import annotations

import hashlib

from confide import ratelimit

RESET_WINDOW_SECONDS = 60 * 60
RESET_PER_ADDRESS = 3
RESET_PER_IP = 10


def _digest(value: str) -> str:
    """The cache never holds a client's address: only a digest of it names the counter."""
    return hashlib.sha256(value.strip().lower().encode("utf-8")).hexdigest()[:32]


def hit(scope: str, value: str, *, limit: int, window: int) -> bool:
    """Count one attempt; True when this one is over the limit for the current window
    (confide.ratelimit: the window is the only clock, never the cache's default timeout)."""
    return ratelimit.hit(f"portal:{scope}", _digest(value), limit=limit, window_seconds=window)


def reset_over_limit(email: str, ip: str) -> bool:
    """Both counters advance on every request, so neither can be probed around the other."""
    by_address = hit("reset-email", email, limit=RESET_PER_ADDRESS, window=RESET_WINDOW_SECONDS)
    by_ip = hit("reset-ip", ip or "unknown", limit=RESET_PER_IP, window=RESET_WINDOW_SECONDS)
    return by_address or by_ip
