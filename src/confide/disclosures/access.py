"""Every read of requests, authorizations and releases, with the permission check built in.

Who sees what:
- a clinician sees requests about clients they see (practice.access), the unmatched inbox,
  and those clients' authorizations, decisions and releases;
- an administrator keeps the request inbox (records and matches requests) but never sees
  decisions, authorizations or releases (clinical content);
- a client sees, in the portal, their own authorizations (and joint ones they must sign)
  and their own releases;
- everyone else sees nothing; missing and forbidden look the same: `Http404`.

These functions write no audit events; the view showing the data does, once per page.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from confide.accounts.models import Role
from confide.disclosures.models import Authorization, InformationRequest, Release
from confide.practice import access as practice_access
from confide.practice.models import Case, Client


def _role(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return getattr(user, "role", None)


def requests_for(user: Any) -> QuerySet[InformationRequest]:
    role = _role(user)
    if role == Role.ADMINISTRATOR:
        return InformationRequest.objects.all()
    if role == Role.CLINICIAN:
        mine = Q(client__in=practice_access.clients_for(user).values("pk"))
        return InformationRequest.objects.filter(mine | Q(client__isnull=True))
    return InformationRequest.objects.none()


def get_request(user: Any, pk: Any) -> InformationRequest:
    try:
        return requests_for(user).select_related("client", "case").get(pk=pk)
    except (InformationRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("No such request") from None


def sees_decisions(user: Any, req: InformationRequest) -> bool:
    """Decisions are clinical: only a clinician who sees the matched client."""
    if req.client is None or not practice_access.is_clinician(user):
        return False
    return practice_access.clients_for(user).filter(pk=req.client.pk).exists()


def get_clinical_client(user: Any, pk: Any) -> Client:
    """A client whose disclosures a clinician may read; 404 for anyone else."""
    if not practice_access.is_clinician(user):
        raise Http404("No such client")
    return practice_access.get_client(user, pk)


def authorizations_of(user: Any, client: Client) -> QuerySet[Authorization]:
    client = get_clinical_client(user, client.pk)
    return Authorization.objects.filter(client=client).prefetch_related("signatures")


def get_authorization(user: Any, pk: Any) -> Authorization:
    """For a clinician: one of their clients' authorizations."""
    if not practice_access.is_clinician(user):
        raise Http404("No such authorization")
    try:
        return Authorization.objects.filter(
            client__in=practice_access.clients_for(user).values("pk")
        ).get(pk=pk)
    except (Authorization.DoesNotExist, ValueError, TypeError):
        raise Http404("No such authorization") from None


def releases_of(user: Any, client: Client) -> QuerySet[Release]:
    client = get_clinical_client(user, client.pk)
    return Release.objects.filter(client=client).prefetch_related("suspensions")


def get_release(user: Any, pk: Any) -> Release:
    if not practice_access.is_clinician(user):
        raise Http404("No such release")
    try:
        return Release.objects.filter(
            client__in=practice_access.clients_for(user).values("pk")
        ).get(pk=pk)
    except (Release.DoesNotExist, ValueError, TypeError):
        raise Http404("No such release") from None


def authorizations_to_watch(user: Any) -> QuerySet[Authorization]:
    """Unrevoked authorizations of the clinician's clients (for the expiry warnings)."""
    if not practice_access.is_clinician(user):
        return Authorization.objects.none()
    return Authorization.objects.filter(
        client__in=practice_access.clients_for(user).values("pk"),
        revoked_at__isnull=True,
        expires_on__isnull=False,
    ).select_related("client")


# --- the portal ----------------------------------------------------------------------------


def portal_client(user: Any) -> Client:
    """The signed-in client's own record; 404 for anyone who is not a portal client."""
    if _role(user) != Role.CLIENT:
        raise Http404("No such page")
    try:
        return Client.objects.get(portal_user=user)
    except Client.DoesNotExist:
        raise Http404("No such page") from None


def portal_authorizations(user: Any) -> QuerySet[Authorization]:
    """The client's own authorizations and joint-record ones they are asked to sign."""
    me = portal_client(user)
    joint = Q(case__participants__client=me, case__case_type__in=["couple", "family", "group"])
    ids = Authorization.objects.filter(Q(client=me) | joint).values("pk")
    return Authorization.objects.filter(pk__in=ids).prefetch_related("signatures")


def portal_joint_cases(user: Any) -> QuerySet[Case]:
    """The client's couple, family and group cases: joint records an authorization may name."""
    me = portal_client(user)
    return Case.objects.filter(
        participants__client=me, case_type__in=["couple", "family", "group"]
    ).distinct()


def get_portal_authorization(user: Any, pk: Any) -> Authorization:
    try:
        return portal_authorizations(user).get(pk=pk)
    except (Authorization.DoesNotExist, ValueError, TypeError):
        raise Http404("No such authorization") from None


def portal_releases(user: Any) -> QuerySet[Release]:
    return Release.objects.filter(client=portal_client(user)).prefetch_related("suspensions")
