"""Sign-in names that say nothing about a client, and email addresses found by digest.

An email address is a contact value: at rest it is sealed (`User.email` is an encrypted
field) and found through a keyed blind index (`User.email_digest`, an HMAC of the
casefolded address under the ring's index key, as for client names). A portal account's
user name is a random handle ("client-7kq3-m9xp"), never the address: user names appear in
the staff pages, the audit trail and django-axes' tables, and being a client of a therapist
is itself confidential. A client may sign in with the handle or with their email address
(`backends.EmailBackend`). What someone typed into the sign-in box is stored, in the audit
trail and the lockout tables, only as `masked_login(...)`: an email address becomes its
digest, so a failed sign-in never writes an address in the clear.
"""

from __future__ import annotations

import secrets
from typing import Any

from confide.crypto import KeyRing

EMAIL = "email"
HANDLE_PREFIX = "client-"
_HANDLE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def normal_email(address: str) -> str:
    """The form an address is compared in: trimmed and casefolded (mailboxes are, in practice,
    case-insensitive, and people type them in every case)."""
    return (address or "").strip().casefold()


def email_digest(address: str, ring: KeyRing | None = None) -> str:
    """The blind-index digest of an address ("" for no address)."""
    from confide.crypto import keyring

    normal = normal_email(address)
    if not normal:
        return ""
    return (ring or keyring()).blind(EMAIL, normal)


def looks_like_email(name: str) -> bool:
    return "@" in (name or "")


def new_handle() -> str:
    """A random portal user name, two groups of four: 31**8 (about 8.5e11) names."""
    chars = [secrets.choice(_HANDLE_ALPHABET) for _ in range(8)]
    return HANDLE_PREFIX + "".join(chars[:4]) + "-" + "".join(chars[4:])


def masked_login(name: str) -> str:
    """What may be stored of a name typed at sign-in: a user name as typed, an email address
    only as its digest (stable, so lockouts still count per address)."""
    name = str(name or "")[:254]
    if looks_like_email(name):
        return "email:" + email_digest(name)[:32]
    return name[:150]


def lockout_username(request: Any, credentials: dict[str, Any] | None = None) -> str:
    """django-axes' `AXES_USERNAME_CALLABLE`: the masked name, so its tables hold no address."""
    if credentials:
        typed = credentials.get("username", "")
    else:
        typed = getattr(request, "POST", {}).get("username", "")
    return masked_login(str(typed or ""))


def rebuild_email_index(ring: KeyRing) -> int:
    """Recompute every account's address digest under `ring`'s index key (after the index key
    changed, inside the rotation's transaction); returns how many rows were written."""
    from confide.accounts.models import User

    users = list(User.objects.only("pk", "email", "email_digest"))
    for user in users:
        user.email_digest = email_digest(user.email, ring) if user.email else ""
    User.objects.bulk_update(users, ["email_digest"], batch_size=500)
    return len(users)
