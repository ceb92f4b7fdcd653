"""Staff pages for requests, decisions, releases, authorizations and the accounting, plus
the public request form and the "Ask confide" page.

Reads go through `access`, writes through `actions`; each page showing client data writes one
audit event (a "view", or the write it reports).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confide import ratelimit
from confide.accounts.roles import role_required
from confide.audit.log import client_ip, record, record_view
from confide.disclosures import access, accounting, actions, replies
from confide.disclosures import authorizations as auth_rules
from confide.disclosures.channels import ChannelRefused
from confide.disclosures.forms import AuthorizationForm, RequestForm, RevokeForm
from confide.disclosures.models import Authorization, InformationRequest, RequestDecision
from confide.disclosures.situations import (
    advise,
    joint_standing,
    lapsed_authorization,
    naming_requester,
    practice_place,
    weekly_limit,
)
from confide.disclosures.staff_forms import (
    AskForm,
    DecisionForm,
    MatchForm,
    ReleaseForm,
    StaffRequestForm,
    SuspensionForm,
)
from confide.disclosures.vocabulary import (
    NO_CONDITIONING,
    PART2_NOTICE,
    REDISCLOSURE,
    REDISCLOSURE_NOTICE,
    RIGHT_TO_REVOKE,
    Delivery,
)
from confide.formerrors import apply_errors
from confide.licences import clinician_license
from confide.policy import SituationError, decide, situation_from_dict
from confide.practice import access as practice_access
from confide.practice.models import Practice

roster_required = role_required("clinician", "administrator")
clinician_required = role_required("clinician")

PUBLIC_LIMIT = 5  # requests per address per window
PUBLIC_WINDOW_SECONDS = 60 * 60
STATEMENTS = {
    "right_to_revoke": RIGHT_TO_REVOKE,
    "no_conditioning": NO_CONDITIONING,
    "redisclosure": REDISCLOSURE,
    "part2": PART2_NOTICE,
}


def _viewed(
    request: HttpRequest,
    summary: str,
    *,
    target: Any = None,
    client_id: Any = None,
    case_ids: Iterable[int | None] = (),
) -> None:
    """The one audit "view" event of a page; a read under emergency access names the access
    (the target's case and every case of the records listed, `case_ids`)."""
    cases = [getattr(target, "case_id", None), *case_ids]
    detail = practice_access.emergency_detail(request.user, cases)
    record_view(
        request, summary, page="disclosures", target=target, client_id=client_id, detail=detail
    )


def authorization_from_form(
    request: HttpRequest, form: AuthorizationForm, client: Any
) -> Authorization | None:
    """Record the authorization a valid form describes, or put the action's errors on the form
    (None): the clinician's page and the client's portal take the same path."""
    data = dict(form.cleaned_data)
    case, name = data.pop("case"), data.pop("signed_name")
    authority = data.pop("representative_authority")
    try:
        return actions.create_authorization(
            acting_user=request.user,
            client=client,
            data=data,
            case=case,
            signed_name=name,
            representative_authority=authority,
            request=request,
        )
    except ValidationError as error:
        apply_errors(form, error)
        return None


# --- the public request form ---------------------------------------------------------------


def _over_limit(request: HttpRequest) -> bool:
    """Count this address's submissions in a fixed window, in the cache every worker shares."""
    return ratelimit.hit(
        "disclosures:public",
        client_ip(request) or "unknown",
        limit=PUBLIC_LIMIT,
        window_seconds=PUBLIC_WINDOW_SECONDS,
    )


@require_http_methods(["GET", "POST"])
def public_request(request: HttpRequest) -> HttpResponse:
    """Anyone may ask. The answer never depends on whether the person named is a client:
    nothing here reads client records, and every valid request gets the same page."""
    if request.method == "POST":
        if _over_limit(request):
            return render(request, "disclosures/public_limited.html", status=429)
        form = RequestForm(request.POST, request.FILES)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "legal_document"}
            try:
                actions.submit_public_request(
                    data=data, document=form.cleaned_data.get("legal_document"), request=request
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect("disclosures:public_sent")
    else:
        form = RequestForm()
    return render(request, "disclosures/public_form.html", {"form": form})


@require_GET
def public_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "disclosures/public_sent.html")


# --- the request inbox ---------------------------------------------------------------------


@require_GET
@roster_required
def request_list(request: HttpRequest) -> HttpResponse:
    reqs = list(access.requests_for(request.user).select_related("client")[:200])
    _viewed(request, "Request inbox viewed", case_ids=[r.case_id for r in reqs])
    return render(request, "disclosures/request_list.html", {"requests": reqs})


@require_http_methods(["GET", "POST"])
@roster_required
def request_create(request: HttpRequest) -> HttpResponse:
    """Record a request taken by staff. The client and case lists hold only the viewer's own
    (the roster for an administrator), and showing them is a view of those clients."""
    clients = practice_access.clients_for(request.user)
    cases = practice_access.cases_for(request.user)
    form = StaffRequestForm(
        request.POST or None, request.FILES or None, clients=clients, cases=cases
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        client, case = data.pop("client"), data.pop("case")
        document = data.pop("legal_document")
        try:
            req = actions.record_request(
                acting_user=request.user,
                data=data,
                client=client,
                case=case,
                document=document,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Request recorded."))
            return redirect("disclosures:request_detail", pk=req.pk)
    record_view(
        request,
        "Viewed client list to record a request",
        page="disclosures",
        client_ids=list(clients.values_list("pk", flat=True)),
    )
    return render(request, "disclosures/request_form.html", {"form": form})


def _advice(req: InformationRequest, user: Any) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """The engine's advice now, and the situation it was given (empty if none)."""
    if req.client is None:
        return None, {}
    try:
        situation, decision, _auth = advise(req, user)
    except SituationError:
        return None, {}
    return decision.to_dict(), situation


@require_GET
@roster_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = access.get_request(request.user, pk)
    context: dict[str, Any] = {"req": req, "clinical": access.sees_decisions(request.user, req)}
    if req.client is None:
        context["match_form"] = MatchForm(
            clients=practice_access.clients_for(request.user),
            cases=practice_access.cases_for(request.user),
        )
    if context["clinical"]:
        context.update(_clinical_context(req, request.user))
    _viewed(request, "Information request viewed", target=req, client_id=req.client_id)
    return render(request, "disclosures/request_detail.html", context)


def _clinical_context(
    req: InformationRequest,
    user: Any,
    decision_form: DecisionForm | None = None,
    release_form: ReleaseForm | None = None,
) -> dict[str, Any]:
    row: RequestDecision | None = getattr(req, "decision", None)
    lapsed = lapsed_authorization(row) if row is not None else None
    # Undecided, or the authorization the decision rested on has lapsed: advise afresh from
    # the authorizations as they stand now, never from the stored advice.
    fresh = row is None or lapsed is not None
    place, _licence = practice_place()
    if fresh:
        advice, situation = _advice(req, user)
    else:
        advice, situation = row.engine_decision, row.situation  # type: ignore[union-attr]
    context: dict[str, Any] = {
        "advice": advice,
        "record_facts": (situation or {}).get("client", {}),
        "weekly_limit": None if req.client is None else weekly_limit(req.client, place),
        "decided": row,
        "lapsed": lapsed,
        "joint": joint_standing(req, user),
    }
    if row is None:
        naming, near = naming_requester(req, user)
        context["auth_naming"] = [(a, auth_rules.status(a)) for a in naming]
        context["auth_near"] = [(a, auth_rules.status(a)) for a in near]
    if advice is not None:
        context["drafts"] = replies.drafts_for(advice)
    if row is None and advice is not None:
        context["decision_form"] = decision_form or DecisionForm(
            initial={"choice": "accept", "reply": replies.combined(advice)}
        )
    if row is not None:
        context["releases"] = list(row.releases.all())
        if row.release_scope and lapsed is None:
            context["release_form"] = release_form or ReleaseForm(
                scope=list(row.release_scope), initial={"recipient_address": req.requester_contact}
            )
    return context


@require_POST
@roster_required
def request_match(request: HttpRequest, pk: int) -> HttpResponse:
    req = access.get_request(request.user, pk, write=True)
    form = MatchForm(
        request.POST,
        clients=practice_access.clients_for(request.user),
        cases=practice_access.cases_for(request.user),
    )
    if form.is_valid():
        try:
            actions.match_request(
                acting_user=request.user,
                info_request=req,
                client=form.cleaned_data["client"],
                case=form.cleaned_data["case"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Request matched to the client."))
            return redirect("disclosures:request_detail", pk=req.pk)
    return render(
        request, "disclosures/request_detail.html", {"req": req, "match_form": form}, status=400
    )


@require_POST
@clinician_required
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    req = access.get_request(request.user, pk, write=True)
    if not access.sees_decisions(request.user, req, write=True):
        raise Http404
    form = DecisionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.decide_request(
                acting_user=request.user,
                info_request=req,
                choice=d["choice"],
                outcome=d["outcome"] or None,
                release_scope=d["release_scope"],
                reason=d["reason"],
                reply=d["reply"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("disclosures:request_detail", pk=req.pk)
    context = {
        "req": req,
        "clinical": True,
        **_clinical_context(req, request.user, decision_form=form),
    }
    return render(request, "disclosures/request_detail.html", context, status=400)


@require_POST
@clinician_required
def request_confirm_authorization(request: HttpRequest, pk: int) -> HttpResponse:
    """The clinician confirms a near match: this authorization names this requester."""
    req = access.get_request(request.user, pk, write=True)
    if not access.sees_decisions(request.user, req, write=True):
        raise Http404
    try:
        auth_pk = int(request.POST.get("authorization", ""))
    except ValueError:
        raise Http404 from None
    auth = access.get_authorization(request.user, auth_pk)
    try:
        actions.confirm_authorization_match(
            acting_user=request.user, info_request=req, authorization=auth, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Confirmed: the advice now relies on this authorization."))
    return redirect("disclosures:request_detail", pk=req.pk)


@require_POST
@clinician_required
def request_release(request: HttpRequest, pk: int) -> HttpResponse:
    req = access.get_request(request.user, pk, write=True)
    row: RequestDecision | None = getattr(req, "decision", None)
    if row is None or not access.sees_decisions(request.user, req, write=True):
        raise Http404
    form = ReleaseForm(request.POST, scope=list(row.release_scope))
    if form.is_valid():
        try:
            release = actions.release_for_decision(
                acting_user=request.user,
                decision=row,
                categories=form.cleaned_data["categories"],
                recipient_address=form.cleaned_data["recipient_address"],
                summary=form.cleaned_data["summary"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Release recorded. Print it from this page."))
            return redirect("disclosures:release_detail", pk=release.pk)
    context = {
        "req": req,
        "clinical": True,
        **_clinical_context(req, request.user, release_form=form),
    }
    return render(request, "disclosures/request_detail.html", context, status=400)


@require_GET
@roster_required
def request_document(request: HttpRequest, pk: int) -> HttpResponse:
    req = access.get_request(request.user, pk)
    if not req.legal_document:
        raise Http404
    _viewed(request, "Legal document opened", target=req, client_id=req.client_id)
    response: Any = FileResponse(req.legal_document.open("rb"), as_attachment=True)
    return response


# --- releases ------------------------------------------------------------------------------


@require_GET
@clinician_required
def release_detail(request: HttpRequest, pk: int) -> HttpResponse:
    release = access.get_release(request.user, pk)
    _viewed(request, "Release viewed", target=release, client_id=release.client_id)
    return render(request, "disclosures/release_detail.html", _release_context(release))


def _release_context(release: Any, form: SuspensionForm | None = None) -> dict[str, Any]:
    return {
        "release": release,
        "practice": Practice.current(),
        "notice": REDISCLOSURE_NOTICE,
        "part2": PART2_NOTICE if "substance_use_records" in release.categories else "",
        "suspensions": list(release.suspensions.all()),
        "suspension_form": form or SuspensionForm(),
    }


@require_POST
@clinician_required
def release_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    release = access.get_release(request.user, pk, write=True)
    form = SuspensionForm(request.POST)
    if form.is_valid():
        try:
            actions.suspend_accounting(
                acting_user=request.user, release=release, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The accounting entry is suspended until the date given."))
            return redirect("disclosures:release_detail", pk=release.pk)
    context = _release_context(release, form)
    return render(request, "disclosures/release_detail.html", context, status=400)


# --- a client's authorizations, releases and accounting ----------------------------------


@require_GET
@clinician_required
def client_disclosures(request: HttpRequest, pk: int) -> HttpResponse:
    client = access.get_clinical_client(request.user, pk)
    auths = [(a, auth_rules.status(a)) for a in access.authorizations_of(request.user, client)]
    releases = list(access.releases_of(request.user, client))
    entries = accounting.entries(releases, for_client=False)
    shown = [a.case_id for a, _status in auths] + [r.case_id for r in releases]
    _viewed(
        request,
        "Disclosures of a client viewed",
        target=client,
        client_id=client.pk,
        case_ids=shown,
    )
    context = {"client": client, "auths": auths, "entries": entries}
    return render(request, "disclosures/client_disclosures.html", context)


@require_http_methods(["GET", "POST"])
@clinician_required
def authorization_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a client's authorization, for a case the clinician writes (or, naming no case,
    as one of the client's individual-case clinicians: `disclosures.access`)."""
    client = practice_access.get_client(request.user, pk)
    cases = practice_access.cases_of_client(request.user, client)
    practice = Practice.current()
    initial = {"discloser": practice.name if practice else ""}
    form = AuthorizationForm(request.POST or None, cases=cases, initial=initial)
    if request.method == "POST" and form.is_valid():
        auth = authorization_from_form(request, form, client)
        if auth is not None:
            messages.success(request, _("Authorization recorded."))
            return redirect("disclosures:authorization_detail", pk=auth.pk)
    _viewed(request, "Authorization form opened", target=client, client_id=client.pk)
    context = {"client": client, "form": form, "statements": STATEMENTS}
    return render(request, "disclosures/authorization_form.html", context)


@require_GET
@clinician_required
def authorization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    auth = access.get_authorization(request.user, pk)
    _viewed(request, "Authorization viewed", target=auth, client_id=auth.client_id)
    context = {"auth": auth, "status": auth_rules.status(auth), "statements": STATEMENTS}
    return render(request, "disclosures/authorization_detail.html", context)


@require_http_methods(["GET", "POST"])
@clinician_required
def authorization_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a revocation once the box saying what it means is ticked; without it nothing
    changes and the page asks again."""
    auth = access.get_authorization(request.user, pk, write=True)
    if auth.revoked_at is not None:
        messages.info(request, _("This authorization was already revoked."))
        return redirect("disclosures:authorization_detail", pk=auth.pk)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.revoke_authorization(
                acting_user=request.user, authorization=auth, request=request
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Authorization revoked: it no longer covers any release."))
        return redirect("disclosures:authorization_detail", pk=auth.pk)
    _viewed(request, "Authorization revocation form opened", target=auth, client_id=auth.client_id)
    context = {"auth": auth, "status": auth_rules.status(auth), "form": form}
    return render(
        request,
        "disclosures/authorization_revoke.html",
        context,
        status=422 if form.errors else 200,
    )


@require_POST
@clinician_required
def authorization_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Tell the client their authorization expires soon, only through a channel they allowed."""
    auth = access.get_authorization(request.user, pk, write=True)
    # A date is written in the client's language by the wording; an event stays as typed.
    when: Any = auth.expires_on or auth.expiry_event or None
    try:
        sent = actions.send_to_client(
            auth.client,
            "authorization_expiring",
            context={"when": when},
            acting_user=request.user,
        )
    except ChannelRefused as refused:
        messages.error(request, _("Not sent: %(reason)s") % {"reason": refused})
    else:
        if sent.delivery == Delivery.FAILED:
            messages.warning(
                request,
                _(
                    "The reminder is recorded, but the email could not be sent. "
                    "It will be tried again."
                ),
            )
        else:
            messages.success(
                request,
                _("Reminder sent by %(channel)s.")
                % {"channel": sent.get_channel_display().lower()},
            )
    return redirect("disclosures:authorization_detail", pk=auth.pk)


@require_GET
@clinician_required
def accounting_print(request: HttpRequest, pk: int) -> HttpResponse:
    client = access.get_clinical_client(request.user, pk)
    # The copy handed to the client: the same allow-listed lines as the portal's.
    releases = list(access.releases_of(request.user, client))
    # Handed to the client: in the language on their record, like the portal's copy.
    with translation.override(client.preferred_language):
        entries = accounting.client_copy(releases)
    _viewed(
        request,
        "Accounting of disclosures printed",
        target=client,
        client_id=client.pk,
        case_ids=[r.case_id for r in releases],
    )
    context = {"client": client, "entries": entries, "today": timezone.localdate()}
    return render(request, "disclosures/accounting_print.html", context)


# --- Ask confide ---------------------------------------------------------------------------

FIELD_OF = {
    "client.age": "age",
    "client.sessions_consented_alone": "sessions_consented_alone",
    "event.victim_age": "victim_age",
    "event.requester": "requester",
    "event.information": "information",
    "event.concern": "concern",
    "event.by": "by",
    "event.setting": "setting",
    "event.with": "consult_with",
    "event.authorization.covers": "auth_covers",
    "case.secrets_policy": "secrets_policy",
}


@require_GET
@clinician_required
def ask(request: HttpRequest) -> HttpResponse:
    """A clinician describes a situation and reads the engine's decision with its citations:
    the same `decide()` the API and the CLI use."""
    place, _practice_licence = practice_place()
    initial = {
        "jurisdiction": place,
        "clinician_license": clinician_license(request.user),
        "age": 18,
        "kind": "information_request",
        "has_capacity": "true",
        "case_type": "individual",
    }
    form = AskForm(request.GET or None, initial=initial)
    decision = None
    situation: dict[str, Any] | None = None
    if request.GET and form.is_valid():
        situation = form.situation()
        try:
            decision = decide(situation_from_dict(situation)).to_dict()
        except SituationError as error:
            form.add_error(FIELD_OF.get(error.field), error.message)
        else:
            record(
                actor=request.user,
                action="advise",
                target_type="policy.situation",
                summary=f"Asked confide: {decision['outcome']}",
                detail={"situation": situation, "outcome": decision["outcome"]},
                request=request,
            )
    context = {
        "form": form,
        "decision": decision,
        "situation_json": json.dumps(situation, indent=2) if situation else "",
        "api_url": "/api/v1/advise",
    }
    return render(request, "disclosures/ask.html", context)
