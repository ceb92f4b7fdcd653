"""Every read of requests, authorizations and releases, with the permission check built in.

Who sees what:
- a clinician sees the requests, decisions, authorizations and releases of the cases the
  sight rule gives them (`practice.access.cases_seen`: assigned, or reading under emergency
  access), plus the unmatched request inbox. A record naming a client but no case is
  client-level and fails closed (`practice.access.in_sight`): only the assigned clinicians of
  the client's individual case(s) see it (or the registering clinician while the client is in
  no case). So a client-level authorization with no case is seen by the clinicians of the
  client's individual case(s), never by a co-leader of a group the client is also in;
- writing (deciding, releasing, revoking, reminding, suspending) needs the case to be the
  clinician's to write: an assigned clinician, never emergency access;
- an administrator keeps the request inbox (records and matches requests) but never sees
  decisions, authorizations or releases (clinical content);
- a client sees, in the portal, their own authorizations (and joint ones they must sign)
  and their own releases;
- everyone else sees nothing; missing and forbidden look the same: `Http404`.

These functions write no audit events; the view showing the data does, once per page (and
the refusal middleware writes `access_denied` for each 404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from confide.accounts.models import Role
from confide.accounts.roles import STAFF_ROLES, has_role
from confide.accounts.types import Viewer
from confide.disclosures.models import Authorization, InformationRequest, Release, SentMessage
from confide.disclosures.vocabulary import Delivery
from confide.practice import access as practice_access
from confide.practice.models import Case, Client


def _role(user: Viewer) -> str | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return getattr(user, "role", None)


def requests_for(user: Viewer, *, write: bool = False) -> QuerySet[InformationRequest]:
    role = _role(user)
    if role == Role.ADMINISTRATOR:
        return InformationRequest.objects.all()
    if role == Role.CLINICIAN:
        mine = practice_access.in_sight(InformationRequest.objects.all(), user, write=write)
        ids = mine.values("pk")
        return InformationRequest.objects.filter(Q(pk__in=ids) | Q(client__isnull=True))
    return InformationRequest.objects.none()


def get_request(user: Viewer, pk: Any, *, write: bool = False) -> InformationRequest:
    try:
        return requests_for(user, write=write).select_related("client", "case").get(pk=pk)
    except (InformationRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("No such request") from None


def sees_decisions(user: Viewer, req: InformationRequest, *, write: bool = False) -> bool:
    """Decisions are clinical: only a clinician whose sight covers the matched request."""
    if req.client is None or not practice_access.is_clinician(user):
        return False
    found = InformationRequest.objects.filter(pk=req.pk)
    return practice_access.in_sight(found, user, write=write).exists()


def clients_seen(user: Viewer) -> QuerySet[Client]:
    """Clients with a client-level disclosures page for `user`: those of the cases the sight
    rule gives them, and those whose client-level records they keep. The page itself shows
    only the records of those cases (`authorizations_of`, `releases_of`)."""
    if not practice_access.is_clinician(user):
        return Client.objects.none()
    of_cases = Q(participations__case__in=practice_access.cases_seen(user).values("pk"))
    kept = Q(pk__in=practice_access.client_level_clients(user).values("pk"))
    return Client.objects.filter(pk__in=Client.objects.filter(of_cases | kept).values("pk"))


def get_clinical_client(user: Viewer, pk: Any) -> Client:
    """A client whose disclosures a clinician may read; 404 for anyone else."""
    try:
        return clients_seen(user).get(pk=pk)
    except (Client.DoesNotExist, ValueError, TypeError):
        raise Http404("No such client") from None


def authorizations_of(user: Viewer, client: Client) -> QuerySet[Authorization]:
    client = get_clinical_client(user, client.pk)
    found = practice_access.in_sight(Authorization.objects.filter(client=client), user)
    return found.prefetch_related("signatures")


def get_authorization(user: Viewer, pk: Any, *, write: bool = False) -> Authorization:
    """For a clinician: an authorization within their sight (to write: of a case they keep)."""
    try:
        found = practice_access.in_sight(Authorization.objects.all(), user, write=write)
        return found.select_related("client", "case").get(pk=pk)
    except (Authorization.DoesNotExist, ValueError, TypeError):
        raise Http404("No such authorization") from None


def releases_of(user: Viewer, client: Client) -> QuerySet[Release]:
    client = get_clinical_client(user, client.pk)
    found = practice_access.in_sight(Release.objects.filter(client=client), user)
    return found.prefetch_related("suspensions")


def get_release(user: Viewer, pk: Any, *, write: bool = False) -> Release:
    try:
        found = practice_access.in_sight(Release.objects.all(), user, write=write)
        return found.select_related("client", "case").get(pk=pk)
    except (Release.DoesNotExist, ValueError, TypeError):
        raise Http404("No such release") from None


def authorizations_to_watch(user: Viewer) -> QuerySet[Authorization]:
    """Unrevoked authorizations the clinician keeps (for the expiry warnings)."""
    found = practice_access.in_sight(Authorization.objects.all(), user, write=True)
    return found.filter(revoked_at__isnull=True, expires_on__isnull=False).select_related("client")


# --- the portal ----------------------------------------------------------------------------


def undelivered_messages(user: Viewer) -> QuerySet[SentMessage]:
    """Emails the user sent that the mail server refused (they wait for a retry), to clients
    the user still sees."""
    if not has_role(user, *STAFF_ROLES):
        return SentMessage.objects.none()
    return SentMessage.objects.filter(
        sent_by=user, delivery=Delivery.FAILED, client__in=clients_seen(user)
    ).select_related("client")


def portal_client(user: Viewer) -> Client:
    """The signed-in client's own record; 404 for anyone who is not a portal client."""
    if not has_role(user, Role.CLIENT):
        raise Http404("No such page")
    try:
        return Client.objects.get(portal_user=user)
    except Client.DoesNotExist:
        raise Http404("No such page") from None


def portal_authorizations(user: Viewer) -> QuerySet[Authorization]:
    """The client's own authorizations and joint-record ones they are asked to sign."""
    me = portal_client(user)
    joint = Q(case__participants__client=me, case__case_type__in=["couple", "family", "group"])
    ids = Authorization.objects.filter(Q(client=me) | joint).values("pk")
    return Authorization.objects.filter(pk__in=ids).prefetch_related("signatures")


def portal_joint_cases(user: Viewer) -> QuerySet[Case]:
    """The client's couple, family and group cases: joint records an authorization may name."""
    me = portal_client(user)
    return Case.objects.filter(
        participants__client=me, case_type__in=["couple", "family", "group"]
    ).distinct()


def get_portal_authorization(user: Viewer, pk: Any) -> Authorization:
    try:
        return portal_authorizations(user).get(pk=pk)
    except (Authorization.DoesNotExist, ValueError, TypeError):
        raise Http404("No such authorization") from None


def portal_releases(user: Viewer) -> QuerySet[Release]:
    return Release.objects.filter(client=portal_client(user)).prefetch_related("suspensions")
