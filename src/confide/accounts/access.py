"""Every read of accounts for the staff pages; missing and forbidden both raise Http404.

Only an administrator sees staff accounts. A client's portal account is never listed or
opened here: it holds client identity and is managed from the client's own record.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from confide.accounts.models import Role, User
from confide.accounts.roles import has_role
from confide.accounts.types import Viewer


def _require_administrator(user: Viewer) -> None:
    if not has_role(user, Role.ADMINISTRATOR):
        raise Http404("No such account")


def staff_users(user: Viewer) -> QuerySet[User]:
    """Every staff account, by username; never a client's portal account."""
    _require_administrator(user)
    return User.objects.exclude(role=Role.CLIENT).order_by("username")


def get_staff_user(user: Viewer, pk: Any) -> User:
    """One staff account, fresh from the database."""
    try:
        return staff_users(user).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404("No such account") from None


def locked_out_usernames(user: Viewer) -> set[str]:
    """Usernames that sign-in throttling has locked out."""
    from axes.models import AccessAttempt

    _require_administrator(user)
    limit = int(getattr(settings, "AXES_FAILURE_LIMIT", 5))
    found = AccessAttempt.objects.filter(failures_since_start__gte=limit)
    return set(found.values_list("username", flat=True))
