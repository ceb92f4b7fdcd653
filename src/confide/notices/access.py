"""Reads of notices, acknowledgments and policy documents, with the permission check built in.

The published notice is public (164.520(c)(3)(i): posted on the web site), so its reads need
no user. Drafts are the privacy officer's. Who has acknowledged is client data: a clinician
or administrator sees it for the clients on their own roster (`practice.access.clients_for`),
the privacy officer sees counts only, a client sees their own. The policy document is for
every staff member: the workforce must know it (164.530(b), (i)). Missing and forbidden are
the same `Http404`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from confide.accounts.models import Role
from confide.accounts.roles import has_role, is_staff_member
from confide.accounts.types import Viewer
from confide.notices.compose import LANGUAGE
from confide.notices.models import (
    NoticeAcknowledgment,
    NoticeTranslation,
    NoticeVersion,
    PolicyVersion,
)
from confide.notices.vocabulary import NoticeStatus, PolicyStatus
from confide.portal.access import own_client
from confide.practice import access as practice_access
from confide.practice.models import Client

PUBLISHED = NoticeStatus.PUBLISHED


def is_privacy_officer(user: Viewer) -> bool:
    return has_role(user, Role.PRIVACY_OFFICER)


def current_notice() -> NoticeVersion | None:
    """The notice in effect now (public)."""
    return (
        NoticeVersion.objects.filter(status=PUBLISHED, superseded_at__isnull=True)
        .order_by("-number")
        .first()
    )


def published_notices() -> QuerySet[NoticeVersion]:
    """Every published version, newest first: old ones stay readable (public)."""
    return NoticeVersion.objects.filter(status=PUBLISHED).order_by("-number")


def get_published_notice(number: Any) -> NoticeVersion:
    try:
        return published_notices().get(number=number)
    except (NoticeVersion.DoesNotExist, ValueError, TypeError):
        raise Http404("No such notice") from None


@dataclass(frozen=True)
class Reading:
    """A version's text in the language it is shown in."""

    language: str
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def reading(notice: NoticeVersion, language: str | None) -> Reading:
    """The version in `language` if it was composed in it, else in English (a version
    published before a language existed has no text in it; the page's `lang` says so)."""
    if language and language != LANGUAGE:
        found = NoticeTranslation.objects.filter(notice=notice, language=language).first()
        if found is not None:
            return Reading(language, found.text)
    return Reading(LANGUAGE, notice.text)


def latest_notice(user: Viewer) -> NoticeVersion | None:
    """The newest version of any status, which a new draft starts from (privacy officer only)."""
    return notices_for(user).order_by("-number").first()


def notices_for(user: Viewer) -> QuerySet[NoticeVersion]:
    """Every version, drafts included: the privacy officer's alone."""
    if not is_privacy_officer(user):
        return NoticeVersion.objects.none()
    return NoticeVersion.objects.select_related("created_by", "reviewed_by", "published_by")


def get_notice(user: Viewer, pk: Any) -> NoticeVersion:
    try:
        return notices_for(user).get(pk=pk)
    except (NoticeVersion.DoesNotExist, ValueError, TypeError):
        raise Http404("No such notice") from None


def _acknowledged_ids() -> QuerySet[NoticeAcknowledgment, dict[str, int]]:
    return NoticeAcknowledgment.objects.values("client_id")  # type: ignore[return-value]


def clients_without_acknowledgment(user: Viewer) -> QuerySet[Client]:
    """The user's roster clients with no acknowledgment and no good-faith record of any
    notice version (164.520(c)(2)(ii) asks for one, at the first service)."""
    return practice_access.clients_for(user).exclude(pk__in=_acknowledged_ids())


def count_without_acknowledgment(user: Viewer) -> int:
    """A count for the dashboard: the roster's for roster staff, the whole practice's (a
    number, no names) for the privacy officer."""
    if is_privacy_officer(user):
        return Client.objects.exclude(pk__in=_acknowledged_ids()).count()
    return clients_without_acknowledgment(user).count()


def acknowledgments_of(user: Viewer, client: Client) -> QuerySet[NoticeAcknowledgment]:
    """One client's acknowledgments, for staff who see the client."""
    checked = practice_access.get_client(user, client.pk)
    return NoticeAcknowledgment.objects.filter(client=checked).select_related(
        "notice", "recorded_by"
    )


def declined_for(user: Viewer) -> QuerySet[NoticeAcknowledgment]:
    """Good-faith records (the client declined) of the user's roster clients."""
    return NoticeAcknowledgment.objects.filter(
        client__in=practice_access.clients_for(user), outcome="declined"
    ).select_related("client", "notice")


def portal_client(user: Viewer) -> Client:
    return own_client(user)


def portal_acknowledgment(user: Viewer, notice: NoticeVersion) -> NoticeAcknowledgment | None:
    return NoticeAcknowledgment.objects.filter(client=own_client(user), notice=notice).first()


# Policies and procedures --------------------------------------------------------------------


def may_write_policy(user: Viewer) -> bool:
    return has_role(user, Role.PRIVACY_OFFICER, Role.ADMINISTRATOR)


def policies_for(user: Viewer) -> QuerySet[PolicyVersion]:
    """Approved versions for every staff member; drafts too for those who write them."""
    if not is_staff_member(user):
        return PolicyVersion.objects.none()
    found = PolicyVersion.objects.select_related("author", "approved_by")
    if may_write_policy(user):
        return found
    return found.filter(status=PolicyStatus.APPROVED)


def get_policy(user: Viewer, pk: Any) -> PolicyVersion:
    try:
        return policies_for(user).get(pk=pk)
    except (PolicyVersion.DoesNotExist, ValueError, TypeError):
        raise Http404("No such policy") from None


def current_policy(user: Viewer) -> PolicyVersion | None:
    return (
        policies_for(user)
        .filter(status=PolicyStatus.APPROVED, superseded_at__isnull=True)
        .order_by("-number")
        .first()
    )
