"""The one place a recorded request becomes the engine's `Situation` (docs/architecture.md §2).

Everything the engine needs that the requester could not know comes from the records: the
client's age, the case type and secrets policy, the authorizations on file, the practice's
jurisdiction and licence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from confide.disclosures import authorizations as rules
from confide.disclosures.models import Authorization, InformationRequest, RequestDecision
from confide.disclosures.vocabulary import Urgency
from confide.licences import clinician_license, practice_license
from confide.policy import decide, situation_from_dict
from confide.policy.decision import Decision
from confide.policy.jurisdictions import jurisdiction
from confide.policy.situation import JOINT_CASE_TYPES, Situation
from confide.practice import access as practice_access
from confide.practice.models import Case, Client, Practice, RelatedPerson, Session
from confide.practice.vocabulary import CaseType, SessionStatus


def practice_place() -> tuple[str, str]:
    """(jurisdiction, licence) of this practice; federal rules only if none is set up."""
    practice = Practice.current()
    if practice is None:
        return "US", "psychologist"
    return practice.jurisdiction or "US", practice_license()


def _case_of(req: InformationRequest) -> Case | None:
    if req.case is not None:
        return req.case
    if req.client is None:
        return None
    cases = list(Case.objects.filter(participants__client=req.client).distinct()[:2])
    return cases[0] if len(cases) == 1 else None


def authorizations_on_file(req: InformationRequest, user: Any = None) -> list[Authorization]:
    """The client's authorizations that can bear on this request: those of the request's case
    and the client's own (naming no case), never another case's; and, for a clinician, only
    those within their sight (`practice.access.in_sight`), so a decision never rests on an
    authorization its clinician cannot see."""
    if req.client is None:
        return []
    found = Authorization.objects.filter(client=req.client)
    if req.case_id is not None:
        found = found.filter(Q(case_id=req.case_id) | Q(case__isnull=True))
    if practice_access.is_clinician(user):
        found = practice_access.in_sight(found, user)
    return list(found.prefetch_related("signatures"))


def confirmed_ids(req: InformationRequest) -> set[int]:
    if req.pk is None:
        return set()
    return set(req.confirmed_authorizations.values_list("pk", flat=True))


def naming_requester(
    req: InformationRequest, user: Any = None
) -> tuple[list[Authorization], list[Authorization]]:
    """(authorizations naming this requester, near matches still to confirm).

    A recipient matches by normalised name and relationship ("Emma Bennett" asking as the
    client's sister is the "Emma Bennett (my sister)" of the authorization). A near match
    ("E. Bennett", a typo, a different relationship) is relied on only once the clinician
    confirms it; until then it is shown on the request page, never used silently."""
    confirmed = confirmed_ids(req)
    naming, near = [], []
    for auth in authorizations_on_file(req, user):
        how = rules.match(auth, req.requester_name, req.relationship)
        if how == "exact" or (how == "near" and auth.pk in confirmed):
            naming.append(auth)
        elif how == "near":
            near.append(auth)
    return naming, near


def authorization_facts(
    req: InformationRequest, user: Any = None
) -> tuple[dict[str, Any] | None, Authorization | None]:
    """What the engine hears of the authorizations naming this requester.

    Active ones (a standard one and a separate psychotherapy-notes one may both apply) pool
    what they cover; if none is active, the best defective one is reported as such.
    """
    naming, _near = naming_requester(req, user)
    if not naming:
        return None, None
    active = [a for a in naming if rules.status(a).is_active]
    if active:
        covers = sorted({c for a in active for c in a.information})
        facts = {"covers": covers, "recipient_matches": True}
        return facts, active[0]
    auth = naming[0]
    code = rules.status(auth).code
    facts = {
        "covers": list(auth.information),
        "recipient_matches": True,
        "expired": code == "expired",
        "revoked": code == "revoked",
        "complete": code != "incomplete",
        "signed_by_all_participants": code != "awaiting_signatures",
    }
    return facts, auth


@dataclass(frozen=True)
class ParticipantStanding:
    """One participant of a joint record: they hold the privilege in what they said, and a
    release of it needs their own signature on an authorization naming the requester."""

    name: str
    role: str
    signed: bool


def joint_standing(req: InformationRequest, user: Any = None) -> list[ParticipantStanding]:
    """Every participant of the request's couple, family or group case, with whether they
    signed an authorization naming this requester (empty for an individual case)."""
    case = _case_of(req)
    if case is None or case.case_type not in JOINT_CASE_TYPES:
        return []
    naming, _near = naming_requester(req, user)
    standing = [a for a in naming if rules.status(a).code in ("active", "awaiting_signatures")]
    signed = {s.signer_id for a in standing for s in a.signatures.all()}
    people = case.participants.select_related("client").order_by("pk")
    return [
        ParticipantStanding(p.client.display_name, p.role_in_case, p.client_id in signed)
        for p in people
    ]


AUTHORIZATION_RULES = frozenset({"us.hipaa.authorization_valid"})


def lapsed_authorization(row: RequestDecision) -> rules.Status | None:
    """The standing of the authorization a decision rested on, if it no longer holds
    (revoked, expired): the decision's advice is then stale and must be recomputed."""
    used = {b.get("rule") for b in row.engine_decision.get("basis", [])}
    if row.authorization_id is None or not used & AUTHORIZATION_RULES:
        return None
    auth = Authorization.objects.prefetch_related("signatures").get(pk=row.authorization_id)
    standing = rules.status(auth)
    return None if standing.is_active else standing


def is_personal_representative(req: InformationRequest) -> bool:
    """Only the records make someone a personal representative: a related person of the
    client, marked as one, with the requester's name. A requester's own claim is shown to the
    clinician but never widens what the engine allows (fail closed)."""
    if req.client is None:
        return False
    wanted = rules.party(req.requester_name).name
    people = RelatedPerson.objects.filter(client=req.client, is_personal_representative=True)
    return bool(wanted) and any(rules.party(p.name).name == wanted for p in people)


def sessions_on_own_consent(client: Client, since: dt.datetime | None = None) -> int:
    """The sessions a minor has had on their own consent, counted from the records: those
    held in the minor's own individual cases since treatment began (or since `since`). A
    couple, family or group case is not the minor's own treatment, and cancelled or missed
    sessions were not held."""
    held = Session.objects.filter(
        case__case_type=CaseType.INDIVIDUAL,
        case__participants__client=client,
        status=SessionStatus.HELD,
    )
    if since is not None:
        held = held.filter(starts_at__gte=since)
    return held.distinct().count()


def weekly_limit(client: Client, place: str) -> dict[str, int] | None:
    """For a minor in a state that limits own-consent visits per week (Florida's two): the
    visits held in the last seven days beside that limit. The contract has no field for it, so
    the engine states the limit as a condition and the request page shows this count."""
    where = jurisdiction(place)
    rule = where.state.minor_consent if where.state is not None else None
    if rule is None or not rule.sessions_per_week or client.deceased:
        return None
    if not where.is_minor(client.age):
        return None
    since = timezone.now() - dt.timedelta(days=7)
    return {"held": sessions_on_own_consent(client, since), "limit": rule.sessions_per_week}


def client_facts(client: Client, place: str) -> dict[str, Any]:
    """What the records say of the client that the engine weighs (contract version 2): a
    death, and for a minor the sessions held on their own consent."""
    # confide holds no record of who consented to a minor's treatment, so it takes the
    # protective assumption that the client did; the engine still checks whether the state
    # lets a minor of this age consent, and treats the parent as the personal
    # representative where it does not.
    facts: dict[str, Any] = {"age": client.age, "consented_to_own_treatment": True}
    if client.deceased:
        facts["deceased"] = True
    elif jurisdiction(place).is_minor(client.age):
        facts["sessions_consented_alone"] = sessions_on_own_consent(client)
    return facts


def situation_dict(
    req: InformationRequest, user: Any = None
) -> tuple[dict[str, Any], Authorization | None]:
    """The request as the JSON of spec/advise.md, and the authorization it relied on. Duties
    differ by licence, so the advice is for `user` (the deciding clinician) when given."""
    if req.client is None:
        raise ValueError("a request must be matched to a client before it can be advised on")
    place, practice_licence = practice_place()
    licence = clinician_license(user) if user is not None else practice_licence
    case = _case_of(req)
    auth_facts, auth = authorization_facts(req, user)
    event: dict[str, Any] = {
        "kind": "information_request",
        "requester": req.requester_kind,
        "requester_is_personal_representative": is_personal_representative(req),
        "information": list(req.information),
        "purpose": req.purpose,
        "legal_process": req.legal_process,
        "authorization": auth_facts,
        "emergency": req.urgency == Urgency.EMERGENCY,
        "client_is_crime_victim": req.client_is_crime_victim,
    }
    data = {
        "jurisdiction": place,
        "clinician_license": licence,
        "client": client_facts(req.client, place),
        "case": {
            "type": case.case_type if case else "individual",
            "secrets_policy": case.secrets_policy if case else None,
        },
        "event": event,
    }
    return data, auth


def to_situation(req: InformationRequest, user: Any = None) -> Situation:
    """The engine's Situation for a matched request (parsed, so bad records fail loudly)."""
    return situation_from_dict(situation_dict(req, user)[0])


def advise(
    req: InformationRequest, user: Any = None
) -> tuple[dict[str, Any], Decision, Authorization | None]:
    data, auth = situation_dict(req, user)
    situation = situation_from_dict(data)
    return data, decide(situation, situation.jurisdiction), auth
