"""Every read of agreements, permission checked; missing and forbidden both raise Http404.

- A clinician assigned to a case sees its agreements, everyone's choices and signatures.
- A client (portal) sees the versions of cases they take part in: the shared text and their
  own part only, never another participant's choices.
- Everyone else sees nothing: agreements hold clinical content (private topics).

These functions write no audit events; the view that shows the data does, once per page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeGuard

from django.db.models import QuerySet
from django.http import Http404

from confide.accounts.models import Role
from confide.accounts.types import Viewer
from confide.agreements.models import (
    Agreement,
    GateOverride,
    IntakeItem,
    ParticipantTerms,
    Signature,
)
from confide.practice import access as practice_access
from confide.practice.models import Case, Client, Participant, RelatedPerson

if TYPE_CHECKING:
    from confide.accounts.models import User


def _is_client(user: Viewer) -> TypeGuard[User]:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "role", None) == Role.CLIENT
    )


# Clinicians -----------------------------------------------------------------------------


def case_for_clinician(user: Viewer, pk: Any) -> Case:
    """A case the user is an assigned clinician of."""
    if not practice_access.is_clinician(user):
        raise Http404("No such case")
    return practice_access.get_case(user, pk)


def agreements_of(user: Viewer, case: Case) -> QuerySet[Agreement]:
    case = case_for_clinician(user, case.pk)
    return Agreement.objects.filter(case=case).order_by("-version")


def get_agreement(user: Viewer, pk: Any) -> Agreement:
    if not practice_access.is_clinician(user):
        raise Http404("No such agreement")
    try:
        return Agreement.objects.select_related("case").get(
            pk=pk, case__in=practice_access.cases_for(user)
        )
    except (Agreement.DoesNotExist, ValueError, TypeError):
        raise Http404("No such agreement") from None


def terms_of(user: Viewer, agreement: Agreement) -> QuerySet[ParticipantTerms]:
    agreement = get_agreement(user, agreement.pk)
    return agreement.terms.select_related("participant__client", "guardian").order_by(
        "participant_id"
    )


def signatures_of(user: Viewer, agreement: Agreement) -> QuerySet[Signature]:
    agreement = get_agreement(user, agreement.pk)
    return agreement.signatures.select_related("participant__client", "related_person")


def get_terms(user: Viewer, agreement: Agreement, participant_pk: Any) -> ParticipantTerms:
    try:
        return terms_of(user, agreement).get(participant_id=participant_pk)
    except (ParticipantTerms.DoesNotExist, ValueError, TypeError):
        raise Http404("No such participant") from None


def overrides_of(user: Viewer, case: Case) -> QuerySet[GateOverride]:
    case = case_for_clinician(user, case.pk)
    return GateOverride.objects.filter(case=case).select_related("created_by")


def intake_of(user: Viewer, case: Case) -> QuerySet[IntakeItem]:
    case = case_for_clinician(user, case.pk)
    return IntakeItem.objects.filter(case=case).select_related("completed_by")


def participants_of(user: Viewer, case: Case, current: bool = False) -> QuerySet[Participant]:
    """The participants of a case the user is an assigned clinician of, with their clients
    (`current`: only those who have not left, the people a new version is for)."""
    case = case_for_clinician(user, case.pk)
    found = Participant.objects.filter(case=case)
    if current:
        found = found.filter(left_on__isnull=True)
    return found.select_related("client").order_by("pk")


def representatives_of(user: Viewer, case: Case) -> dict[int, list[RelatedPerson]]:
    """Per participant id: the client's personal representatives (who may sign for them)."""
    participants = list(participants_of(user, case))
    found: dict[int, list[RelatedPerson]] = {p.pk: [] for p in participants}
    by_client = {p.client_id: p.pk for p in participants}
    people = RelatedPerson.objects.filter(
        client_id__in=by_client, is_personal_representative=True
    ).order_by("pk")
    for person in people:
        found[by_client[person.client_id]].append(person)
    return found


def open_cases(user: Viewer) -> QuerySet[Case]:
    """The open cases of an assigned clinician (for the dashboard)."""
    if not practice_access.is_clinician(user):
        return Case.objects.none()
    return practice_access.cases_for(user).filter(status="open")


# Clients (portal) -----------------------------------------------------------------------


def portal_client(user: Viewer) -> Client:
    """The client record of a signed-in portal user."""
    if not _is_client(user):
        raise Http404("No such client")
    try:
        return Client.objects.get(portal_user=user)
    except Client.DoesNotExist:
        raise Http404("No such client") from None


def portal_participations(user: Viewer) -> QuerySet[Participant]:
    client = portal_client(user)
    return Participant.objects.filter(client=client, case__status="open").select_related("case")


def portal_agreement(user: Viewer, pk: Any) -> tuple[Agreement, ParticipantTerms]:
    """A version of an agreement the client takes part in, with their own terms only."""
    client = portal_client(user)
    try:
        terms = ParticipantTerms.objects.select_related(
            "agreement__case", "participant__client", "guardian"
        ).get(agreement_id=pk, participant__client=client)
    except (ParticipantTerms.DoesNotExist, ValueError, TypeError):
        raise Http404("No such agreement") from None
    return terms.agreement, terms


def portal_own_signatures(user: Viewer, terms: ParticipantTerms) -> QuerySet[Signature]:
    """Signatures on the client's own terms (never other participants')."""
    client = portal_client(user)
    if terms.participant.client_id != client.pk:
        raise Http404("No such agreement")
    return Signature.objects.filter(agreement=terms.agreement, participant=terms.participant)


def portal_own_terms(
    user: Viewer, agreement: Agreement, participation: Participant
) -> ParticipantTerms | None:
    """The client's own terms in a version, for one of their own participations."""
    client = portal_client(user)
    if participation.client_id != client.pk:
        raise Http404("No such agreement")
    return (
        ParticipantTerms.objects.filter(agreement=agreement, participant=participation)
        .select_related("agreement")
        .first()
    )
