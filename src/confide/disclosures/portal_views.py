"""The client's portal pages for authorizations and the accounting of disclosures.

A client grants, reads, signs (for a joint record) and revokes their authorizations here, and
reads and prints their accounting. Each page is read through `access` and audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confide.accounts.roles import client_required
from confide.disclosures import access, accounting, actions
from confide.disclosures import authorizations as auth_rules
from confide.disclosures.forms import AuthorizationForm, RevokeForm, SignForm
from confide.disclosures.models import Authorization
from confide.disclosures.views import STATEMENTS, _viewed, authorization_from_form
from confide.formerrors import apply_errors
from confide.practice.models import Practice


@require_GET
@client_required
def authorization_list(request: HttpRequest) -> HttpResponse:
    me = access.portal_client(request.user)
    auths = [
        (a, auth_rules.status(a), me.pk in auth_rules.missing_signers(a))
        for a in access.portal_authorizations(request.user)
    ]
    _viewed(request, "Portal: authorizations viewed", client_id=me.pk)
    return render(request, "disclosures/portal_authorizations.html", {"auths": auths})


@require_http_methods(["GET", "POST"])
@client_required
def authorization_grant(request: HttpRequest) -> HttpResponse:
    me = access.portal_client(request.user)
    practice = Practice.current()
    form = AuthorizationForm(
        request.POST or None,
        cases=access.portal_joint_cases(request.user),
        initial={"discloser": practice.name if practice else "", "purpose": _("At my request")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            auth = authorization_from_form(request, form, me)
        except PermissionDenied:
            raise Http404 from None
        if auth is not None:
            messages.success(
                request, _("Your authorization is signed. Keep a copy from this page.")
            )
            return redirect("disclosures:portal_authorization", pk=auth.pk)
    return render(
        request, "disclosures/portal_grant.html", {"form": form, "statements": STATEMENTS}
    )


def _auth_context(
    request: HttpRequest,
    auth: Authorization,
    sign_form: SignForm | None = None,
    revoke_form: RevokeForm | None = None,
) -> dict[str, Any]:
    me = access.portal_client(request.user)
    needs_me = me.pk in auth_rules.missing_signers(auth)
    return {
        "auth": auth,
        "status": auth_rules.status(auth),
        "statements": STATEMENTS,
        "sign_form": (sign_form or SignForm()) if needs_me and auth.revoked_at is None else None,
        "revoke_form": revoke_form or RevokeForm(auto_id="revoke_%s"),
        "me": me,
    }


@require_GET
@client_required
def authorization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    auth = access.get_portal_authorization(request.user, pk)
    context = _auth_context(request, auth)
    _viewed(request, "Portal: authorization viewed", target=auth, client_id=context["me"].pk)
    return render(request, "disclosures/portal_authorization.html", context)


@require_POST
@client_required
def authorization_sign(request: HttpRequest, pk: int) -> HttpResponse:
    auth = access.get_portal_authorization(request.user, pk)
    me = access.portal_client(request.user)
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            actions.sign_authorization(
                acting_user=request.user,
                authorization=auth,
                signer=me,
                typed_name=form.cleaned_data["typed_name"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("You signed the authorization."))
            return redirect("disclosures:portal_authorization", pk=auth.pk)
    context = _auth_context(request, auth, sign_form=form)
    return render(request, "disclosures/portal_authorization.html", context, status=400)


@require_POST
@client_required
def authorization_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke once the box saying what it means is ticked; without it nothing changes."""
    auth = access.get_portal_authorization(request.user, pk)
    form = RevokeForm(request.POST, auto_id="revoke_%s")
    if not form.is_valid():
        context = _auth_context(request, auth, revoke_form=form)
        return render(request, "disclosures/portal_authorization.html", context, status=422)
    try:
        actions.revoke_authorization(acting_user=request.user, authorization=auth, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("Revoked. From now on it does not allow any release."))
    return redirect("disclosures:portal_authorization", pk=auth.pk)


@require_GET
@client_required
def accounting_view(request: HttpRequest) -> HttpResponse:
    me = access.portal_client(request.user)
    copy = accounting.client_copy(access.portal_releases(request.user))
    _viewed(request, "Portal: accounting of disclosures viewed", client_id=me.pk)
    context = {
        "client": me,
        "required": [e for e in copy if not e.not_required_because],
        "excluded": [e for e in copy if e.not_required_because],
        "today": timezone.localdate(),
        "start": accounting.window_start(timezone.localdate()),
    }
    return render(request, "disclosures/portal_accounting.html", context)
