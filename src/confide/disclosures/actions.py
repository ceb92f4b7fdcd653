"""Every write of the disclosures app: one transaction each, with its audit event inside it.

Callers pass objects they obtained through `access` (so sight is checked); these functions
check what only a writer can: the acting user's role and that the data make sense. Invalid
data raise `ValidationError` and change nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from confide.accounts.models import Role
from confide.accounts.roles import account, has_role
from confide.accounts.types import Actor
from confide.audit.log import record
from confide.disclosures import authorizations as rules
from confide.disclosures import channels
from confide.disclosures.models import (
    AccountingSuspension,
    Authorization,
    AuthorizationSignature,
    InformationRequest,
    Release,
    RequestDecision,
    SentMessage,
)
from confide.disclosures.routes import choose_route
from confide.disclosures.vocabulary import (
    INFORMATION_CHOICES,
    AccountingExclusion,
    AuthorizationKind,
    Channel,
    ClinicianChoice,
    Delivery,
    RequestSource,
    RequestStatus,
)
from confide.policy.decision import OUTCOMES, RELEASING_OUTCOMES, Decision
from confide.policy.situation import LEGAL_PROCESSES, PURPOSES, REQUESTERS, SituationError
from confide.practice import access as practice_access
from confide.practice.models import Case, Client, ContactPoint

CATEGORIES = {code for code, _ in INFORMATION_CHOICES}
ORAL_SUSPENSION_DAYS = 30


# --- who may write ---------------------------------------------------------------------------


def _require_clinician_of(user: Actor, client: Client, case: Case | None) -> None:
    """Only a clinician who writes the record's case acts on it (never under emergency
    access); a record naming no case is client-level (`practice.access.check_filing`)."""
    practice_access.check_filing(user, client, case)


def _require_request_keeper(user: Actor) -> None:
    if not practice_access.sees_roster(user):
        raise PermissionDenied


def _require_request_recorder(user: Actor, client: Client | None, case: Case | None) -> None:
    """Roster staff record requests; the front desk records only unmatched ones (a caller's
    message), since it may not know, or show, whether the person asked about is a client."""
    front_desk = has_role(user, Role.FRONT_DESK)
    if front_desk and client is None and case is None:
        return
    _require_request_keeper(user)


def _require_portal_client(user: Actor, client: Client) -> None:
    if not has_role(user, Role.CLIENT) or client.portal_user_id != user.pk:
        raise PermissionDenied


# --- releases (the contract other apps call) ----------------------------------------------


def _decision_parts(decision: Any) -> tuple[RequestDecision | None, dict[str, Any] | None]:
    """Accept a RequestDecision, a policy Decision or its JSON dict; keep both forms."""
    if decision is None:
        return None, None
    if isinstance(decision, RequestDecision):
        return decision, dict(decision.engine_decision)
    if isinstance(decision, Decision):
        return None, decision.to_dict()
    if isinstance(decision, Mapping):
        return None, dict(decision)
    raise ValidationError({"decision": _("Pass a RequestDecision, a policy Decision or its JSON.")})


def _clean_basis(basis: Iterable[Mapping[str, str]]) -> list[dict[str, str]]:
    cleaned = []
    for entry in basis:
        rule, citation = str(entry.get("rule", "")).strip(), str(entry.get("citation", "")).strip()
        if not rule or not citation:
            raise ValidationError({"basis": _("Each basis entry needs a rule and a citation.")})
        cleaned.append({"rule": rule, "citation": citation})
    if not cleaned:
        raise ValidationError({"basis": _("Name the legal basis of the release.")})
    return cleaned


def record_release(
    *,
    acting_user: Actor,
    client: Client,
    recipient: str,
    recipient_address: str = "",
    description: str,
    purpose: str,
    categories: Iterable[str],
    basis: Iterable[Mapping[str, str]],
    decision: Any = None,
    excluded_from_accounting_reason: str = "",
    authorization: Authorization | None = None,
    content: str = "",
    case: Case | None = None,
    request: Any = None,
) -> Release:
    """Record information that left the practice: it enters the client's accounting.

    `categories` are the engine's information words (spec/advise.md); `basis` a non-empty list
    of {rule, citation}; `decision` a RequestDecision, a `confide.policy.Decision` or its JSON.
    `excluded_from_accounting_reason` is "" (listed in the accounting) or one of
    `AccountingExclusion` (164.528(a)(1)): the release is still shown to the client, marked.
    Safety warnings and abuse reports are releases too, and are never excluded.
    `case` is the case whose records were released (it decides who sees the entry); without
    one the release is client-level.
    """
    _require_clinician_of(acting_user, client, case)
    cats = list(dict.fromkeys(categories))
    errors: dict[str, str] = {}
    if not recipient.strip():
        errors["recipient"] = _("Name the recipient.")
    if not description.strip():
        errors["description"] = _("Describe what was released.")
    if not purpose.strip():
        errors["purpose"] = _("State the purpose of the release.")
    if not cats or not set(cats) <= CATEGORIES:
        errors["categories"] = _("Choose the information categories released.")
    if excluded_from_accounting_reason not in AccountingExclusion.values:
        errors["excluded_from_accounting_reason"] = _("Unknown accounting exclusion.")
    if errors:
        raise ValidationError(errors)
    clean_basis = _clean_basis(basis)
    decision_row, decision_json = _decision_parts(decision)
    with transaction.atomic():
        release = Release.objects.create(
            client=client,
            case=case,
            recipient=recipient.strip(),
            recipient_address=recipient_address.strip(),
            description=description.strip(),
            purpose=purpose.strip(),
            categories=cats,
            basis=clean_basis,
            decision=decision_row,
            decision_json=decision_json,
            authorization=authorization,
            excluded_from_accounting_reason=excluded_from_accounting_reason,
            content=content,
            released_by=account(acting_user),
        )
        record(
            actor=acting_user,
            action="disclose",
            target=release,
            client_id=client.pk,
            summary="Information released",
            detail={
                "categories": cats,
                "basis": clean_basis,
                "excluded_from_accounting": excluded_from_accounting_reason,
                "authorization": authorization.pk if authorization else None,
                "case": case.pk if case else None,
            },
            request=request,
        )
        return release


def suspend_accounting(
    *,
    acting_user: Actor,
    release: Release,
    agency: str,
    statement: str,
    in_writing: bool,
    ends_on: dt.date,
    request: Any = None,
) -> AccountingSuspension:
    """Leave a release out of the accounting for the time an agency asked (164.528(a)(2))."""
    _require_clinician_of(acting_user, release.client, release.case)
    today = timezone.localdate()
    if not agency.strip() or not statement.strip():
        raise ValidationError({"agency": _("Name the agency and record its statement.")})
    if ends_on <= today:
        raise ValidationError({"ends_on": _("The suspension must end after today.")})
    if not in_writing and ends_on > today + dt.timedelta(days=ORAL_SUSPENSION_DAYS):
        raise ValidationError({"ends_on": _("An oral request suspends for 30 days at most.")})
    with transaction.atomic():
        suspension = AccountingSuspension.objects.create(
            release=release,
            agency=agency.strip(),
            statement=statement.strip(),
            in_writing=in_writing,
            starts_on=today,
            ends_on=ends_on,
            recorded_by=account(acting_user),
        )
        record(
            actor=acting_user,
            action="change",
            target=suspension,
            client_id=release.client_id,
            summary="Accounting entry suspended",
            detail={"release": release.pk, "ends_on": ends_on, "in_writing": in_writing},
            request=request,
        )
        return suspension


# --- requests ------------------------------------------------------------------------------

REQUEST_FIELDS = (
    "requester_name",
    "requester_kind",
    "relationship",
    "requester_contact",
    "requester_is_personal_representative",
    "subject_name",
    "subject_date_of_birth",
    "information",
    "information_detail",
    "purpose",
    "purpose_detail",
    "legal_process",
    "client_is_crime_victim",
    "urgency",
)


def _new_request(data: Mapping[str, Any], source: str, user: Actor) -> InformationRequest:
    fields = {name: data[name] for name in REQUEST_FIELDS if name in data}
    req = InformationRequest(source=source, recorded_by=account(user), **fields)
    if not req.information or not set(req.information) <= CATEGORIES:
        raise ValidationError({"information": _("Choose what information is asked for.")})
    words = {
        "requester_kind": (req.requester_kind, REQUESTERS, "Say who is asking."),
        "purpose": (req.purpose, PURPOSES, "Choose the purpose of the request."),
        "legal_process": (req.legal_process, LEGAL_PROCESSES, "Choose the legal process."),
    }
    for field, (value, allowed, message) in words.items():
        if value not in allowed:
            raise ValidationError({field: message})
    if req.client_is_crime_victim and req.requester_kind != "law_enforcement":
        raise ValidationError(
            {"client_is_crime_victim": _("Only law enforcement asks about a crime victim here.")}
        )
    req.full_clean(exclude=["legal_document", "client", "case", "recorded_by"])
    return req


def _save_request(
    req: InformationRequest, document: UploadedFile | None, actor: Actor, request: Any
) -> InformationRequest:
    with transaction.atomic():
        req.save()
        if document is not None:
            req.legal_document.save(document.name or "document", document)
        record(
            actor=actor,
            action="create",
            target=req,
            client_id=req.client_id,
            summary=f"Information request recorded ({req.source})",
            detail={"requester_kind": req.requester_kind, "legal_process": req.legal_process},
            request=request,
        )
        return req


def submit_public_request(
    *, data: Mapping[str, Any], document: UploadedFile | None = None, request: Any = None
) -> InformationRequest:
    """A request from the public form. It is never matched here: matching is staff work."""
    req = _new_request(data, RequestSource.PUBLIC, None)
    return _save_request(req, document, None, request)


def record_request(
    *,
    acting_user: Actor,
    data: Mapping[str, Any],
    client: Client | None = None,
    case: Case | None = None,
    document: UploadedFile | None = None,
    request: Any = None,
) -> InformationRequest:
    """A request taken by phone, mail or at the desk, recorded by staff."""
    _require_request_recorder(acting_user, client, case)
    req = _new_request(data, RequestSource.STAFF, acting_user)
    case = case or (_only_case(client) if client is not None else None)
    _check_match(acting_user, client, case)
    if client is not None:
        req.client, req.case, req.status = client, case, RequestStatus.MATCHED
    return _save_request(req, document, acting_user, request)


def _check_match(user: Actor, client: Client | None, case: Case | None) -> None:
    """The client and case a request is filed under must be the recorder's to see: the whole
    roster for an administrator (who keeps the inbox), for a clinician a case they write (or,
    with no case, a client whose client-level records they keep: `_require_clinician_of`)."""
    if client is None:
        if case is not None:
            raise ValidationError({"case": _("Choose the client first.")})
        return
    try:
        practice_access.get_client(user, client.pk)
        if case is not None:
            practice_access.get_case(user, case.pk)
    except Http404:
        raise PermissionDenied from None
    if case is not None and not case.participants.filter(client=client).exists():
        raise ValidationError({"case": _("The client does not take part in this case.")})
    if practice_access.is_clinician(user):
        _require_clinician_of(user, client, case)


def match_request(
    *,
    acting_user: Actor,
    info_request: InformationRequest,
    client: Client,
    case: Case | None = None,
    request: Any = None,
) -> InformationRequest:
    """Say which client (and case) a request is about: staff-side only. A client in exactly
    one case has the request filed under it when no case is named."""
    _require_request_keeper(acting_user)
    case = case or _only_case(client)
    _check_match(acting_user, client, case)
    with transaction.atomic():
        req = InformationRequest.objects.select_for_update().get(pk=info_request.pk)
        if req.status in (RequestStatus.DECIDED, RequestStatus.CLOSED):
            raise ValidationError({"client": _("A decided request cannot be matched again.")})
        req.client, req.case, req.status = client, case, RequestStatus.MATCHED
        req.save(update_fields=["client", "case", "status"])
        record(
            actor=acting_user,
            action="change",
            target=req,
            client_id=client.pk,
            summary="Request matched to a client",
            request=request,
        )
        return req


def confirm_authorization_match(
    *,
    acting_user: Actor,
    info_request: InformationRequest,
    authorization: Authorization,
    request: Any = None,
) -> InformationRequest:
    """The clinician confirms that an authorization whose recipient only nearly matches the
    requester names this requester after all; from now on the advice relies on it. Only a
    near match on file for this request, and only before the request is decided."""
    from confide.disclosures.situations import naming_requester

    if info_request.client is None:
        raise ValidationError({"__all__": _("Match the request to a client first.")})
    _require_clinician_of(acting_user, info_request.client, info_request.case)
    if info_request.status != RequestStatus.MATCHED:
        raise ValidationError({"__all__": _("This request has already been decided.")})
    _naming, near = naming_requester(info_request, acting_user)
    if authorization.pk not in {a.pk for a in near}:
        raise ValidationError(
            {"__all__": _("That authorization is not a near match for this requester.")}
        )
    with transaction.atomic():
        info_request.confirmed_authorizations.add(authorization)
        record(
            actor=acting_user,
            action="change",
            target=info_request,
            client_id=info_request.client_id,
            summary="Authorization confirmed as naming the requester",
            detail={"authorization": authorization.pk},
            request=request,
        )
    return info_request


def decide_request(
    *,
    acting_user: Actor,
    info_request: InformationRequest,
    choice: str,
    outcome: str | None = None,
    release_scope: Iterable[str] = (),
    reason: str = "",
    reply: str = "",
    request: Any = None,
) -> RequestDecision:
    """Keep the engine's advice and the clinician's decision together.

    Accepting takes the engine's outcome and scope. Overriding needs a written reason; an
    override may narrow the scope but never widen it past what the engine allowed, so that
    a release always has the legal basis the engine named.
    """
    from confide.disclosures.situations import advise

    if info_request.client is None:
        raise ValidationError({"choice": _("Match the request to a client first.")})
    _require_clinician_of(acting_user, info_request.client, info_request.case)
    if info_request.status != RequestStatus.MATCHED:
        raise ValidationError({"choice": _("This request has already been decided.")})
    try:
        situation, decision, auth = advise(info_request, acting_user)
    except SituationError as error:
        raise ValidationError(
            {"choice": f"confide cannot advise on this request: {error}"}
        ) from None
    engine = decision.to_dict()
    allowed = list(decision.release_scope)
    final_outcome: str
    if choice == ClinicianChoice.ACCEPT:
        final_outcome, scope = decision.outcome, allowed
    elif choice == ClinicianChoice.OVERRIDE:
        if not reason.strip():
            raise ValidationError({"reason": _("Write the reason for overriding the advice.")})
        if outcome not in OUTCOMES:
            raise ValidationError({"outcome": _("Choose the outcome you decided on.")})
        scope = [c for c in release_scope if c in allowed]
        if outcome in RELEASING_OUTCOMES and not scope:
            raise ValidationError(
                {
                    "release_scope": _(
                        "Nothing here has a legal basis for release; choose a "
                        "non-releasing outcome or obtain an authorization."
                    )
                }
            )
        final_outcome = str(outcome)
        scope = scope if outcome in RELEASING_OUTCOMES else []
    else:
        raise ValidationError({"choice": _("Accept or override the advice.")})
    with transaction.atomic():
        req = InformationRequest.objects.select_for_update().get(pk=info_request.pk)
        if req.status != RequestStatus.MATCHED:
            raise ValidationError({"choice": _("This request has already been decided.")})
        row = RequestDecision.objects.create(
            request=req,
            situation=situation,
            engine_decision=engine,
            choice=choice,
            outcome=final_outcome,
            release_scope=scope,
            reason=reason.strip(),
            authorization=auth,
            reply=reply.strip(),
            decided_by=account(acting_user),
        )
        req.status = RequestStatus.DECIDED
        req.save(update_fields=["status"])
        if "discuss_with_client" in decision.actions:
            _agenda_for_request(acting_user, req, request)
        record(
            actor=acting_user,
            action="decide",
            target=row,
            client_id=req.client_id,
            summary=f"Request decided: {final_outcome} ({choice})",
            detail={
                "engine_outcome": decision.outcome,
                "outcome": final_outcome,
                "release_scope": scope,
                "basis": engine["basis"],
            },
            request=request,
        )
        return row


def _agenda_for_request(acting_user: Actor, req: InformationRequest, request: Any) -> None:
    """The advice says to discuss the request with the client: put that on the client's next
    session (their individual one when there is one), naming who asked and linking to it."""
    from django.urls import reverse

    from confide.practice import actions as practice_actions
    from confide.practice.vocabulary import AgendaSource

    assert req.client is not None
    session = practice_access.next_session_about(acting_user, req.client)
    if session is None:
        return
    who = req.requester_name + (f" ({req.relationship})" if req.relationship else "")
    asked = ", ".join(dict(INFORMATION_CHOICES)[c].lower() for c in req.information)
    practice_actions.add_agenda_item(
        acting_user=acting_user,
        session=session,
        text=f"Discuss the request with the client: {who} asked "
        f"for {asked} on {timezone.localdate(req.received_at):%Y-%m-%d}.",
        source=AgendaSource.OTHER,
        about=req.client,
        link=reverse("disclosures:request_detail", args=[req.pk]),
        request=request,
    )


# --- authorizations ------------------------------------------------------------------------

AUTH_FIELDS = (
    "kind",
    "information",
    "information_description",
    "discloser",
    "recipient_name",
    "recipient_address",
    "purpose",
    "expires_on",
    "expiry_event",
    "substance_use_description",
    "statements_acknowledged",
)


def _new_authorization(
    data: Mapping[str, Any], client: Client, case: Case | None, user: Actor
) -> Authorization:
    fields = {name: data[name] for name in AUTH_FIELDS if name in data}
    auth = Authorization(client=client, case=case, created_by=account(user), **fields)
    if auth.kind not in AuthorizationKind.values:
        raise ValidationError({"kind": _("Choose the kind of authorization.")})
    if not auth.information or not set(auth.information) <= CATEGORIES:
        raise ValidationError({"information": _("Choose the information to be released.")})
    missing = rules.missing_elements(auth)
    if missing:
        raise ValidationError(
            {"__all__": _("The authorization lacks: %(missing)s") % {"missing": "; ".join(missing)}}
        )
    if auth.expires_on is not None and auth.expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("The expiry date is in the past.")})
    if case is not None and not case.participants.filter(client=client).exists():
        raise ValidationError({"case": _("The client does not take part in this case.")})
    auth.full_clean(exclude=["client", "case", "created_by", "revoked_by"])
    return auth


def _sign(
    auth: Authorization, signer: Client, typed_name: str, authority: str, user: Actor
) -> None:
    if signer.pk not in rules.required_signers(auth):
        raise ValidationError({"typed_name": _("Only the people this record concerns sign it.")})
    if not typed_name.strip():
        raise ValidationError({"typed_name": _("Type your full name to sign.")})
    if auth.signatures.filter(signer=signer).exists():
        raise ValidationError({"typed_name": _("This person has already signed.")})
    AuthorizationSignature.objects.create(
        authorization=auth,
        signer=signer,
        typed_name=typed_name.strip(),
        representative_authority=authority.strip(),
        signed_by_user=account(user),
    )


def create_authorization(
    *,
    acting_user: Actor,
    client: Client,
    data: Mapping[str, Any],
    case: Case | None = None,
    signed_name: str = "",
    representative_authority: str = "",
    request: Any = None,
) -> Authorization:
    """An authorization granted by the client in the portal, or recorded by their clinician
    from a signed paper form. The creator's signature (typed name) is taken at once."""
    if getattr(acting_user, "role", None) == Role.CLIENT:
        _require_portal_client(acting_user, client)
    else:
        _require_clinician_of(acting_user, client, case)
    auth = _new_authorization(data, client, case, acting_user)
    with transaction.atomic():
        auth.save()
        _sign(auth, client, signed_name, representative_authority, acting_user)
        record(
            actor=acting_user,
            action="create",
            target=auth,
            client_id=client.pk,
            summary="Authorization granted",
            detail={"kind": auth.kind, "information": auth.information, "case": auth.case_id},
            request=request,
        )
        return auth


def sign_authorization(
    *,
    acting_user: Actor,
    authorization: Authorization,
    signer: Client,
    typed_name: str,
    representative_authority: str = "",
    request: Any = None,
) -> Authorization:
    """Another participant of a joint record signs (in the portal, or via their clinician)."""
    if getattr(acting_user, "role", None) == Role.CLIENT:
        _require_portal_client(acting_user, signer)
    else:
        _require_clinician_of(acting_user, authorization.client, authorization.case)
    if authorization.revoked_at is not None:
        raise ValidationError({"typed_name": _("This authorization has been revoked.")})
    with transaction.atomic():
        _sign(authorization, signer, typed_name, representative_authority, acting_user)
        record(
            actor=acting_user,
            action="change",
            target=authorization,
            client_id=signer.pk,
            summary="Authorization signed",
            request=request,
        )
        return authorization


def revoke_authorization(
    *, acting_user: Actor, authorization: Authorization, request: Any = None
) -> Authorization:
    """Revocation takes effect at once: from now on the authorization covers nothing."""
    client = authorization.client
    if getattr(acting_user, "role", None) == Role.CLIENT:
        signers = rules.required_signers(authorization)
        me = getattr(getattr(acting_user, "client_record", None), "pk", None)
        if me not in signers:
            raise PermissionDenied
    else:
        _require_clinician_of(acting_user, client, authorization.case)
    with transaction.atomic():
        auth = Authorization.objects.select_for_update().get(pk=authorization.pk)
        if auth.revoked_at is not None:
            raise ValidationError({"__all__": _("This authorization was already revoked.")})
        auth.revoked_at, auth.revoked_by = timezone.now(), account(acting_user)
        auth.save(update_fields=["revoked_at", "revoked_by"])
        # The caller's copy stops covering anything too, not only the database row.
        authorization.revoked_at, authorization.revoked_by = auth.revoked_at, account(acting_user)
        record(
            actor=acting_user,
            action="change",
            target=auth,
            client_id=client.pk,
            summary="Authorization revoked",
            request=request,
        )
        return auth


# --- releasing what a decision allows ------------------------------------------------------

AUTH_RULES = {"us.hipaa.authorization_valid"}
REPRESENTATIVE_RULES = {
    "us.hipaa.personal_representative",
    "us.hipaa.minor_personal_representative",
}


def _exclusion_for(row: RequestDecision) -> str:
    """Why the release may stay out of the required accounting (164.528(a)(1)), if it may."""
    req = row.request
    rules_used = {b["rule"] for b in row.engine_decision.get("basis", [])}
    if req.requester_kind == "client_self" or rules_used & REPRESENTATIVE_RULES:
        # A personal representative stands in for the client (164.502(g)).
        return AccountingExclusion.TO_INDIVIDUAL
    if row.authorization is not None and rules_used & AUTH_RULES:
        return AccountingExclusion.AUTHORIZATION
    if req.purpose in ("treatment", "payment") and req.legal_process == "none":
        return AccountingExclusion.TPO
    return ""


def _check_authorization_still_covers(row: RequestDecision, categories: list[str]) -> None:
    """A decision that relied on an authorization releases only while it is still in force:
    revoking or expiry blocks the very next release."""
    rules_used = {b["rule"] for b in row.engine_decision.get("basis", [])}
    if not rules_used & AUTH_RULES:
        return
    auth = row.authorization
    if auth is None:
        raise ValidationError(
            {"categories": _("The authorization this decision relied on is gone.")}
        )
    auth = Authorization.objects.get(pk=auth.pk)
    confirmed = row.request.confirmed_authorizations.filter(pk=auth.pk).exists()
    if not rules.covers(
        auth,
        categories,
        row.request.requester_name,
        confirmed=confirmed,
        relationship=row.request.relationship,
    ):
        state = rules.status(auth)
        raise ValidationError(
            {
                "categories": "The authorization this decision relied on no longer covers this "
                f"release ({state.text[:1].lower()}{state.text[1:]}). Nothing was released."
            }
        )


def release_for_decision(
    *,
    acting_user: Actor,
    decision: RequestDecision,
    categories: Iterable[str],
    recipient_address: str = "",
    summary: str = "",
    request: Any = None,
) -> Release:
    """Release what the clinician's decision allows, assembled through the visibility rule.

    Only a releasing outcome releases anything, only within its scope, and, where the basis
    is an authorization, only while that authorization still covers the release.
    """
    from confide.disclosures.assembly import assemble

    req = decision.request
    if req.client is None:
        raise ValidationError({"categories": _("The request is not matched to a client.")})
    case = req.case or _only_case(req.client)
    _require_clinician_of(acting_user, req.client, case)
    cats = list(dict.fromkeys(categories))
    if decision.outcome not in RELEASING_OUTCOMES or not decision.release_scope:
        raise ValidationError({"categories": _("This decision releases nothing.")})
    if not cats or not set(cats) <= set(decision.release_scope):
        raise ValidationError({"categories": _("Choose only categories the decision allows.")})
    if SUMMARY_NEEDED & set(cats) and not summary.strip():
        raise ValidationError({"summary": _("Write the summary the recipient will receive.")})
    _check_authorization_still_covers(decision, cats)
    basis = [dict(b) for b in decision.engine_decision.get("basis", [])]
    content = assemble(
        user=acting_user,
        client=req.client,
        case=case,
        categories=cats,
        basis=[(b["rule"], b["citation"]) for b in basis],
        summary=summary,
    )
    labels = dict(INFORMATION_CHOICES)
    return record_release(
        acting_user=acting_user,
        client=req.client,
        recipient=req.requester_name,
        recipient_address=recipient_address or req.requester_contact,
        description=", ".join(labels[c] for c in cats),
        purpose=_purpose_text(req),
        categories=cats,
        basis=basis,
        decision=decision,
        excluded_from_accounting_reason=_exclusion_for(decision),
        authorization=decision.authorization,
        content=content.as_text(),
        case=case,
        request=request,
    )


SUMMARY_NEEDED = {"general_progress", "treatment_progress", "diagnosis"}


def _only_case(client: Client) -> Case | None:
    cases = list(Case.objects.filter(participants__client=client).distinct()[:2])
    return cases[0] if len(cases) == 1 else None


def _purpose_text(req: InformationRequest) -> str:
    from confide.disclosures.vocabulary import PURPOSE_CHOICES

    words = dict(PURPOSE_CHOICES).get(req.purpose, req.purpose)
    return f"{words}: {req.purpose_detail}" if req.purpose_detail else words


# --- messages to clients ---------------------------------------------------------------------

# A pending email older than this was lost between commit and send (a crash): retry it.
STALE_PENDING = dt.timedelta(minutes=5)


def send_to_client(
    client: Client,
    message_kind: str,
    *,
    channel: str | None = None,
    context: Mapping[str, Any] | None = None,
    acting_user: Actor = None,
) -> SentMessage:
    """Record one message through an allowed channel, or raise ChannelRefused and record only
    the refusal. The contact point's permissions are read fresh, so a client's change of mind
    takes effect for the very next message.

    An email is handed to the mail server only after the record commits
    (`transaction.on_commit`): a failed send leaves the record, marked failed for a retry, and
    a record rolled back by an enclosing transaction never sends."""
    points = list(ContactPoint.objects.filter(client=client))
    route = choose_route([channels.facts(p) for p in points], channel)
    if route is None:
        with transaction.atomic():
            record(
                actor=acting_user,
                action="message_refused",
                client_id=client.pk,
                summary=f"No allowed channel for {message_kind}",
                detail={"channel": channel},
            )
        raise channels.ChannelRefused(
            _("The client has not allowed %(channel)s for messages like this.")
            % {"channel": channel or _("any channel")}
        )
    point = next(p for p in points if p.pk == route.point_id)
    _subject, body = channels.wording(
        message_kind, route.discreet, context or {}, client.preferred_language
    )
    by_email = route.channel == Channel.EMAIL
    with transaction.atomic():
        sent = SentMessage.objects.create(
            client=client,
            contact_point=point,
            channel=route.channel,
            message_kind=message_kind,
            body=body,
            discreet=route.discreet,
            sent_by=account(acting_user),
            delivery=Delivery.PENDING if by_email else Delivery.BY_STAFF,
        )
        record(
            actor=acting_user,
            action="message_sent",
            target=sent,
            client_id=client.pk,
            summary=f"{message_kind} sent by {route.channel}",
            detail={"channel": route.channel, "discreet": route.discreet},
        )
        if by_email:
            pk = sent.pk
            transaction.on_commit(lambda: deliver_message(pk, acting_user=acting_user), robust=True)
    sent.refresh_from_db()
    return sent


def deliver_message(pk: int, *, acting_user: Actor = None) -> SentMessage:
    """Hand a recorded email to the mail server and record the outcome in one transaction.

    Called after the message's record commits, and by `retry_undelivered`. Nothing is sent
    while the client no longer allows email at that address."""
    sent = SentMessage.objects.select_related("contact_point", "client").get(pk=pk)
    if sent.delivery not in (Delivery.PENDING, Delivery.FAILED):
        return sent
    point = sent.contact_point
    error = "" if point.may_email else "The client no longer allows email at this address."
    if not error:
        subject, _body = channels.wording(
            sent.message_kind, sent.discreet, {}, sent.client.preferred_language
        )
        try:
            channels.email(point, subject, sent.body)
        except Exception as failure:  # the mail backend's errors are not one class
            error = f"{type(failure).__name__}: {failure}"[:300]
    outcome = Delivery.FAILED if error else Delivery.DELIVERED
    with transaction.atomic():
        SentMessage.objects.filter(pk=pk).update(
            delivery=outcome, attempts=F("attempts") + 1, last_error=error
        )
        sent.refresh_from_db()
        record(
            actor=acting_user,
            action="message_failed" if error else "message_delivered",
            target=sent,
            client_id=sent.client_id,
            summary=f"{sent.message_kind} by email: {sent.get_delivery_display().lower()}",
            detail={"attempt": sent.attempts, "error": error.split(":", 1)[0]},
        )
    return sent


def retry_undelivered(*, acting_user: Actor = None, now: dt.datetime | None = None) -> list[int]:
    """Try again every failed email, and every pending one lost in a crash; returns the ids
    tried. Run by `confide messages retry` (a timer)."""
    cutoff = (now or timezone.now()) - STALE_PENDING
    ids = list(
        SentMessage.objects.filter(
            Q(delivery=Delivery.FAILED) | Q(delivery=Delivery.PENDING, sent_at__lt=cutoff)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        deliver_message(pk, acting_user=acting_user)
    return ids
