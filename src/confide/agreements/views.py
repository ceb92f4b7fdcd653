"""Clinician pages for agreements. Reads go through `access`, writes through `actions`; every
page showing client data writes one audit event (a "view", or the write it reports)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confide.accounts.models import Role
from confide.accounts.roles import has_role, role_required
from confide.agreements import access, actions, gate
from confide.agreements.changes import reasons_for_new_version
from confide.agreements.forms import (
    BuilderForm,
    DefaultsForm,
    IntakeForm,
    OverrideForm,
    SignForm,
)
from confide.agreements.languages import languages_of, reading
from confide.agreements.markup import blocks
from confide.agreements.models import Agreement, IntakeStep, ParticipantTerms
from confide.agreements.text import sha256
from confide.audit.log import record_view
from confide.formerrors import apply_errors, submit
from confide.portal import access as portal_access
from confide.practice import actions as practice_actions
from confide.practice.forms import TimeZoneForm
from confide.practice.models import Case, Practice
from confide.practice.search import sorted_cases
from confide.practice.vocabulary import SECRETS_POLICY_EXPLANATIONS, SecretsPolicy

clinician_required = role_required("clinician")
defaults_required = role_required("clinician", "administrator")

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _viewed(request: HttpRequest, summary: str, *, target: Any, client_ids: Iterable[int]) -> None:
    """The one audit "view" event of a page showing client data."""
    record_view(request, summary, page="agreements", target=target, client_ids=client_ids)


def signature_rows(
    user: Any, agreement: Agreement, terms: Iterable[ParticipantTerms]
) -> list[dict[str, Any]]:
    """Per participant: which signatures the version needs and which are in."""
    signed = {(s.participant_id, s.signer_role): s for s in access.signatures_of(user, agreement)}
    rows = []
    for t in terms:
        needed = gate.required_roles(t.guardian_required)
        done = [signed[(t.participant_id, r)] for r in needed if (t.participant_id, r) in signed]
        rows.append(
            {
                "terms": t,
                "participant": t.participant,
                "signatures": done,
                "missing": [r for r in needed if (t.participant_id, r) not in signed],
                "portal": portal_access.access_state(t.participant.client),
            }
        )
    return rows


@require_GET
@clinician_required
def index(request: HttpRequest) -> HttpResponse:
    """Every open case of the clinician with where its agreement stands."""
    cases = sorted_cases(access.open_cases(request.user))  # titles are sealed: sort decrypted
    rows = [{"case": case, "status": gate.gate_status(case)} for case in cases]
    client_ids = [p.client_id for case in cases for p in access.participants_of(request.user, case)]
    _viewed(request, "Viewed agreements overview", target=None, client_ids=client_ids)
    return render(request, "agreements/index.html", {"rows": rows})


@require_GET
@clinician_required
def case_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for_clinician(request.user, pk)
    practice = Practice.current()
    versions = list(access.agreements_of(request.user, case))
    current = versions[0] if versions else None
    terms = list(access.terms_of(request.user, current)) if current else []
    participants = list(access.participants_of(request.user, case))
    done = {i.step: i for i in access.intake_of(request.user, case)}
    context = {
        "case": case,
        "participants": participants,
        "status": gate.gate_status(case),
        "current": current,
        "rows": signature_rows(request.user, current, terms) if current else [],
        "versions": versions,
        "reasons": (
            reasons_for_new_version(current, case, practice) if current and practice else []
        ),
        "overrides": list(access.overrides_of(request.user, case)[:5]),
        "override_form": OverrideForm(),
        "intake_steps": [(value, label, done.get(value)) for value, label in IntakeStep.choices],
        "intake_open": gate.intake_allowed(case),
        "policy_outdated": gate.policy_outdates_agreement(case),
        "intake_form": IntakeForm(),
    }
    _viewed(
        request,
        "Viewed case agreement",
        target=case,
        client_ids=[p.client_id for p in participants],
    )
    return render(request, "agreements/case.html", context)


def _builder_form(request: HttpRequest, case: Case, practice: Practice) -> BuilderForm:
    participants = list(access.participants_of(request.user, case, current=True))
    guardians = access.representatives_of(request.user, case)
    current = gate.current_agreement(case)
    previous = (
        {t.participant_id: t for t in access.terms_of(request.user, current)} if current else {}
    )
    settings = actions.practice_settings(practice)
    initial = {
        "licence": current.licence if current else (practice.licence_types or ["other"])[0],
        "revisit_on": timezone.localdate() + dt.timedelta(days=settings.revisit_days),
        "concern_contact": (current.concern_contact if current else settings.concern_contact)
        or _default_contact(request),
        "extra_terms": current.extra_terms if current else "",
    }
    return BuilderForm(
        request.POST or None,
        initial=initial,
        participants=participants,
        guardians=guardians,
        jurisdiction=practice.jurisdiction,
        licences=list(practice.licence_types or []),
        previous=previous,
    )


def _default_contact(request: HttpRequest) -> str:
    user: Any = request.user
    name = user.get_full_name() or user.username
    return f"{name}, your clinician, in person or by phone at the practice"


@require_http_methods(["GET", "POST"])
@clinician_required
def build(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for_clinician(request.user, pk)
    practice = Practice.current()
    if practice is None:
        messages.error(request, _("Set up the practice first."))
        return redirect("agreements:case", pk=case.pk)
    form = _builder_form(request, case, practice)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = actions.issue_version(
                acting_user=request.user, case=case, choices=form.choices(), request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(version)s issued. Every participant signs it now.")
                % {"version": agreement.version},
            )
            return redirect("agreements:case", pk=case.pk)
    _viewed(
        request,
        "Viewed agreement builder",
        target=case,
        client_ids=[p.client_id for p in form.participants],
    )
    return render(
        request,
        "agreements/build.html",
        {
            "case": case,
            "form": form,
            "practice": practice,
            "secrets_explanation": SECRETS_POLICY_EXPLANATIONS.get(
                SecretsPolicy(case.secrets_policy), ""
            )
            if case.secrets_policy in SecretsPolicy.values
            else "",
        },
    )


@require_GET
@clinician_required
def version(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.get_agreement(request.user, pk)
    terms = list(access.terms_of(request.user, agreement))
    current = gate.current_agreement(agreement.case)
    context = {
        "agreement": agreement,
        "case": agreement.case,
        "is_current": current is not None and current.pk == agreement.pk,
        "shared": blocks(agreement.shared_text),
        "own": [(t, blocks(t.own_text)) for t in terms],
        "rows": signature_rows(request.user, agreement, terms),
        "changes": agreement.change_summary.splitlines(),
    }
    _viewed(
        request,
        f"Viewed agreement version {agreement.version}",
        target=agreement,
        client_ids=[t.participant.client_id for t in terms],
    )
    return render(request, "agreements/version.html", context)


@require_GET
@clinician_required
def handout(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable plain-language agreement for the whole case (shared text only)."""
    agreement = access.get_agreement(request.user, pk)
    client_ids = [p.client_id for p in access.participants_of(request.user, agreement.case)]
    _viewed(request, "Printed agreement handout", target=agreement, client_ids=client_ids)
    return render(
        request,
        "agreements/handout.html",
        {"agreement": agreement, "shared": blocks(agreement.shared_text), "own": None},
    )


@require_http_methods(["GET", "POST"])
@clinician_required
def sign_office(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    """Sign on the clinician's screen: the signer reads their text and signs here, in the
    language on their client record (English for a version issued before that language), or
    in the one chosen on the page (`?language=`): a guardian signing for a minor may read
    another language, the one on their own record."""
    agreement = access.get_agreement(request.user, pk)
    terms = access.get_terms(request.user, agreement, participant_pk)
    available = languages_of(agreement)
    chosen = request.GET.get("language", "")
    if chosen not in available:
        chosen = terms.participant.client.preferred_language
    read = reading(agreement, terms, chosen)
    text = read.text
    row = signature_rows(request.user, agreement, [terms])[0]
    form = SignForm(
        request.POST or None, roles=row["missing"], initial={"text_sha256": sha256(text)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.sign(
                acting_user=request.user,
                terms=terms,
                signer_role=form.cleaned_data["signer_role"],
                signer_name=form.cleaned_data["signer_name"],
                method="office",
                text_sha256=form.cleaned_data["text_sha256"],
                language=read.language,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Signature recorded."))
            return redirect("agreements:case", pk=agreement.case_id)
    _viewed(
        request,
        "Showed agreement for signing in the office",
        target=agreement,
        client_ids=[terms.participant.client_id],
    )
    return render(
        request,
        "agreements/sign.html",
        {
            "agreement": agreement,
            "terms": terms,
            "text_language": read.language,
            "shared": blocks(read.shared_text),
            "own": blocks(read.own_text),
            "form": form,
            "row": row,
            "digest": sha256(text),
            "languages": [(code, LANGUAGE_NAMES.get(code, code)) for code in available],
            "guardian": terms.guardian if terms.guardian_required else None,
        },
    )


@require_POST
@clinician_required
def override(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for_clinician(request.user, pk)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            actions.override_gate(
                acting_user=request.user,
                case=case,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Override recorded. Intake and notes may go ahead."))
    else:
        messages.error(request, _("Write the reason for the override (10 characters or more)."))
    return redirect("agreements:case", pk=case.pk)


@require_POST
@clinician_required
def withdraw_override(request: HttpRequest, pk: int, override_pk: int) -> HttpResponse:
    case = access.case_for_clinician(request.user, pk)
    found = access.overrides_of(request.user, case).filter(pk=override_pk).first()
    if found is None:
        messages.error(request, _("No such override."))
    else:
        try:
            actions.withdraw_override(acting_user=request.user, override=found, request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Override withdrawn."))
    return redirect("agreements:case", pk=case.pk)


@require_POST
@clinician_required
def intake(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.case_for_clinician(request.user, pk)
    form = IntakeForm(request.POST)
    if form.is_valid():
        try:
            actions.complete_intake_step(
                acting_user=request.user,
                case=case,
                step=form.cleaned_data["step"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Intake step marked done."))
    else:
        messages.error(request, _("Choose an intake step."))
    return redirect("agreements:case", pk=case.pk)


@require_http_methods(["GET", "POST"])
@defaults_required
def practice_defaults(request: HttpRequest) -> HttpResponse:
    """The practice settings page: the revisit interval and privacy-concern contact for new
    versions, and for the administrator the practice's time zone."""
    practice = Practice.current()
    if practice is None:
        messages.error(request, _("Set up the practice first."))
        return redirect("practice:dashboard")
    is_admin = has_role(request.user, Role.ADMINISTRATOR)
    posted_zone = request.method == "POST" and "save_time_zone" in request.POST
    zone_form = TimeZoneForm(
        request.POST if posted_zone else None, initial={"time_zone": practice.time_zone}
    )
    if posted_zone and not is_admin:
        raise PermissionDenied  # the time zone is the administrator's setting
    # Unbound unless the zone was posted, so only then is anything submitted.
    if answer := submit(
        request,
        zone_form,
        lambda: practice_actions.set_time_zone(
            acting_user=request.user,
            time_zone=zone_form.cleaned_data["time_zone"],
            request=request,
        ),
        done=_("Time zone saved: every time is shown in it from now on."),
        then="agreements:defaults",
    ):
        return answer
    current = actions.practice_settings(practice)
    form = DefaultsForm(
        request.POST if request.method == "POST" and not posted_zone else None,
        initial={
            "revisit_days": current.revisit_days,
            "concern_contact": current.concern_contact,
        },
    )
    if request.method == "POST" and not posted_zone and form.is_valid():
        try:
            actions.set_practice_defaults(
                acting_user=request.user,
                revisit_days=form.cleaned_data["revisit_days"],
                concern_contact=form.cleaned_data["concern_contact"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Agreement defaults saved. They apply to new versions."))
            return redirect("agreements:defaults")
    context = {
        "form": form,
        "practice": practice,
        "zone_form": zone_form if is_admin else None,
    }
    return render(request, "agreements/defaults.html", context)
