"""The user types the access and action modules are written against, defined once.

`User` is the custom account model. `Viewer` is whoever a request carries
(`request.user`: a signed-in account or an anonymous visitor), or None where no request is
behind the call; every access function takes one and fails closed for anyone it does not
recognise. `Actor` is the same for a write: a request's user, or None for the system itself
(the demo, a timer's retry). `accounts.roles.has_role` narrows either to `User`, and
`accounts.roles.account` gives the `User` a "created by" column records.

Only the type checker reads these (the models cannot be imported before Django is set up),
so they are strings at run time: annotate with them, never call or `isinstance` them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from confide.accounts.models import User

Viewer: TypeAlias = "User | AnonymousUser | None"
Actor: TypeAlias = Viewer

__all__ = ["Actor", "Viewer"]
