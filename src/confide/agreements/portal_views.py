"""The agreements section of the client portal: read, sign and keep a copy.

A client sees the shared text and their own part only; other participants' choices never
reach these pages (`access.portal_agreement` returns the client's own terms alone).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from confide.accounts.roles import client_required
from confide.agreements import access, actions, gate
from confide.agreements.forms import SignForm
from confide.agreements.languages import Reading, reading
from confide.agreements.markup import blocks
from confide.agreements.models import ParticipantTerms, SignerRole
from confide.agreements.text import sha256
from confide.audit.log import record


def _viewed(request: HttpRequest, summary: str, target: Any, client_id: int) -> None:
    record(
        actor=request.user,
        action="view",
        target=target,
        client_id=client_id,
        summary=summary,
        request=request,
    )


def _own_missing(user: Any, terms: ParticipantTerms) -> list[str]:
    """What the client can still sign themselves: never the guardian's part."""
    done = {s.signer_role for s in access.portal_own_signatures(user, terms)}
    needed = gate.required_roles(terms.guardian_required)
    return [r for r in needed if r not in done and r != SignerRole.GUARDIAN]


def waiting_to_sign(user: Any, _client: Any = None) -> str:
    """The portal home's flag: how many of the client's current agreements wait for their
    own signature (a guardian's part is not theirs to give)."""
    count = 0
    for participation in access.portal_participations(user):
        current = gate.current_agreement(participation.case)
        terms = access.portal_own_terms(user, current, participation) if current else None
        if terms is not None and _own_missing(user, terms):
            count += 1
    if not count:
        return ""
    return ngettext(
        "%(count)d agreement waiting for you to sign",
        "%(count)d agreements waiting for you to sign",
        count,
    ) % {"count": count}


@require_GET
@client_required
def mine(request: HttpRequest) -> HttpResponse:
    client = access.portal_client(request.user)
    rows = []
    for participation in access.portal_participations(request.user):
        current = gate.current_agreement(participation.case)
        terms = access.portal_own_terms(request.user, current, participation) if current else None
        rows.append(
            {
                "case": participation.case,
                "agreement": current,
                "terms": terms,
                "to_sign": _own_missing(request.user, terms) if terms else [],
            }
        )
    _viewed(request, "Viewed own agreements in the portal", client, client.pk)
    return render(request, "agreements/portal_list.html", {"rows": rows, "client": client})


def _reading(agreement: Any, terms: ParticipantTerms) -> Reading:
    """The version in the language the client reads the portal in (English if it was issued
    before that language existed)."""
    return reading(agreement, terms, get_language() or "en")


@require_http_methods(["GET", "POST"])
@client_required
def read_and_sign(request: HttpRequest, pk: int) -> HttpResponse:
    agreement, terms = access.portal_agreement(request.user, pk)
    read = _reading(agreement, terms)
    text = read.text
    current = gate.current_agreement(agreement.case)
    is_current = current is not None and current.pk == agreement.pk
    roles = _own_missing(request.user, terms) if is_current else []
    form = SignForm(request.POST or None, roles=roles, initial={"text_sha256": sha256(text)})
    if request.method == "POST" and roles and form.is_valid():
        try:
            actions.sign(
                acting_user=request.user,
                terms=terms,
                signer_role=form.cleaned_data["signer_role"],
                signer_name=form.cleaned_data["signer_name"],
                method="portal",
                text_sha256=form.cleaned_data["text_sha256"],
                language=read.language,
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            messages_ = getattr(error, "messages", [_("This signature cannot be recorded.")])
            form.add_error(None, messages_)
        else:
            messages.success(request, _("Thank you. Your signature is recorded."))
            return redirect("agreements:portal_sign", pk=agreement.pk)
    _viewed(
        request,
        f"Read agreement version {agreement.version} in the portal",
        agreement,
        terms.participant.client_id,
    )
    return render(
        request,
        "agreements/portal_sign.html",
        {
            "agreement": agreement,
            "terms": terms,
            "is_current": is_current,
            "text_language": read.language,
            "shared": blocks(read.shared_text),
            "own": blocks(read.own_text),
            "signatures": list(access.portal_own_signatures(request.user, terms)),
            "form": form,
            "roles": roles,
            "digest": sha256(text),
        },
    )


@require_GET
@client_required
def copy(request: HttpRequest, pk: int) -> HttpResponse:
    """The client's printable copy: the shared text and their own part."""
    agreement, terms = access.portal_agreement(request.user, pk)
    read = _reading(agreement, terms)
    _viewed(request, "Printed own agreement copy", agreement, terms.participant.client_id)
    return render(
        request,
        "agreements/handout.html",
        {
            "agreement": agreement,
            "text_language": read.language,
            "shared": blocks(read.shared_text),
            "own": blocks(read.own_text),
            "signatures": list(access.portal_own_signatures(request.user, terms)),
            "digest": sha256(read.text),
        },
    )


@require_GET
@client_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """The exact text the client signs, as a file: its SHA-256 matches the signature's."""
    agreement, terms = access.portal_agreement(request.user, pk)
    _viewed(request, "Downloaded own agreement text", agreement, terms.participant.client_id)
    response = HttpResponse(
        _reading(agreement, terms).text.encode("utf-8"),
        content_type="text/plain; charset=utf-8",
    )
    name = f"confidentiality-agreement-v{agreement.version}.txt"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
