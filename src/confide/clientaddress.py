"""The caller's address, for the audit trail and the sign-in lockout.

By default only REMOTE_ADDR counts: a header the client sends could say anything. Behind the
documented TLS proxy every request comes from the proxy, so each audit event and each lockout
would see the proxy's address. `CONFIDE_TRUSTED_PROXIES` names the proxies (addresses or
networks); only when a request arrives *from* one of them is its X-Forwarded-For read, from the
right (the hop the proxy itself appended) leftwards past further trusted proxies, and the first
address that is not a trusted proxy is the caller. A client cannot spoof it: what the client
wrote sits to the left of what the proxy appended.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_proxies(raw: str) -> tuple[Network, ...]:
    """`CONFIDE_TRUSTED_PROXIES`: comma-separated addresses or networks; ValueError names a
    bad entry so a typo stops the server instead of silently trusting nothing (or everything)."""
    networks = []
    for entry in (part.strip() for part in raw.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(
                f"CONFIDE_TRUSTED_PROXIES: {entry!r} is not an address or network"
            ) from None
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(text: str, proxies: Iterable[Network]) -> bool:
    address = _address(text)
    return address is not None and any(address in network for network in proxies)


def address_from(meta: Mapping[str, object], proxies: tuple[Network, ...]) -> str | None:
    """The caller's address from a request's META, trusting only the given proxies."""
    remote = str(meta.get("REMOTE_ADDR") or "") or None
    if remote is None or not proxies or not _trusted(remote, proxies):
        return remote
    hops = [hop.strip() for hop in str(meta.get("HTTP_X_FORWARDED_FOR") or "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if _address(hop) is None:
            return remote  # a garbled chain: fall back to what the socket says
        if not _trusted(hop, proxies):
            return hop
    return remote


def client_ip(request: object) -> str | None:
    """For django-axes (AXES_CLIENT_IP_CALLABLE) and the audit trail alike."""
    meta = getattr(request, "META", None)
    if meta is None:
        return None
    return address_from(meta, settings.TRUSTED_PROXIES)
