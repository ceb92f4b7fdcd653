"""Pages of the Notice of Privacy Practices, acknowledgments and the confidentiality policy.

The published notice is public and printable (164.520(c)(3)(i)); the privacy officer drafts,
reviews and publishes versions; clinicians and the administrator record acknowledgments in
the office for the clients on their roster; every staff member reads the approved policy.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confide.accounts.roles import role_required, staff_required
from confide.agreements.markup import blocks
from confide.audit.log import record_view
from confide.formerrors import apply_errors, submit
from confide.notices import access, actions
from confide.notices.compose import LANGUAGE
from confide.notices.forms import AcknowledgmentForm, ApproveForm, NoticeForm, PolicyForm
from confide.notices.policy_text import TITLE, default_policy
from confide.notices.vocabulary import NoticeStatus, PolicyStatus
from confide.practice import access as practice_access
from confide.practice.models import Practice
from confide.rulepack import fingerprint

PRIVACY_OFFICER = "privacy_officer"


# Public -----------------------------------------------------------------------------------


@require_GET
def public_notice(request: HttpRequest) -> HttpResponse:
    """The notice in effect, for anyone: no sign-in (164.520(c)(3)(i)), in the reader's
    language (the switch, the browser, or a client's record) when it was composed in it."""
    current = access.current_notice()
    return render(
        request,
        "notices/public.html",
        {
            **_shown(current),
            "earlier": access.published_notices().exclude(number=current.number) if current else [],
        },
    )


@require_GET
def public_version(request: HttpRequest, number: int) -> HttpResponse:
    """An earlier published version, kept readable (164.530(j))."""
    notice = access.get_published_notice(number)
    return render(request, "notices/public.html", {**_shown(notice), "earlier": [], "old": True})


def _shown(notice: Any) -> dict[str, Any]:
    """The version's text in the page's language, as blocks, and that text's language."""
    if notice is None:
        return {"notice": None, "blocks": [], "text_language": ""}
    shown = access.reading(notice, translation.get_language())
    return {"notice": notice, "blocks": blocks(shown.text), "text_language": shown.language}


# The privacy officer's notice pages ---------------------------------------------------------


def _initial_notice(user: Any) -> dict[str, Any]:
    last = access.latest_notice(user)
    practice = Practice.current()
    initial: dict[str, Any] = {"effective_on": timezone.localdate()}
    if last is not None:
        initial.update({name: getattr(last, name) for name in actions.NOTICE_FIELDS})
    if practice is not None:
        initial["holds_part2"] = practice.holds_substance_use_records
    return initial


@require_GET
@role_required(PRIVACY_OFFICER)
def manage(request: HttpRequest) -> HttpResponse:
    versions = list(access.notices_for(request.user))
    current = access.current_notice()
    practice = Practice.current()
    stale = False
    if current is not None and practice is not None:
        try:
            stale = fingerprint(practice.jurisdiction) != current.rules_fingerprint
        except KeyError:
            stale = True
    return render(
        request,
        "notices/manage.html",
        {
            "versions": versions,
            "current": current,
            "stale": stale,
            "missing": access.count_without_acknowledgment(request.user),
            "open_draft": next((v for v in versions if v.status != NoticeStatus.PUBLISHED), None),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(PRIVACY_OFFICER)
def notice_new(request: HttpRequest) -> HttpResponse:
    form = NoticeForm(request.POST or None, initial=_initial_notice(request.user))
    if answer := submit(
        request,
        form,
        lambda: actions.save_notice_draft(
            acting_user=request.user, data=form.cleaned_data, request=request
        ),
        done=lambda notice: (
            _("Draft version %(number)s is ready to review.") % {"number": notice.number}
        ),
        then=lambda notice: reverse("notices:detail", args=[notice.pk]),
    ):
        return answer
    return render(request, "notices/form.html", {"form": form, "notice": None})


@require_http_methods(["GET", "POST"])
@role_required(PRIVACY_OFFICER)
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    notice = access.get_notice(request.user, pk)
    initial = {name: getattr(notice, name) for name in actions.NOTICE_FIELDS}
    initial.update(effective_on=notice.effective_on, holds_part2=notice.holds_part2)
    form = NoticeForm(request.POST or None, initial=initial)
    if answer := submit(
        request,
        form,
        lambda: actions.save_notice_draft(
            acting_user=request.user, data=form.cleaned_data, notice=notice, request=request
        ),
        done=_("Draft version %(number)s is updated.") % {"number": notice.number},
        then=reverse("notices:detail", args=[notice.pk]),
    ):
        return answer
    return render(request, "notices/form.html", {"form": form, "notice": notice})


@require_GET
@role_required(PRIVACY_OFFICER)
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole version, in every language it was composed in: the privacy officer reviews
    (and publishes) each text a client may read."""
    notice = access.get_notice(request.user, pk)
    others = [
        {"language": code, "name": name, "blocks": blocks(shown.text)}
        for code, name in settings.LANGUAGES
        if code != LANGUAGE and (shown := access.reading(notice, code)).language == code
    ]
    return render(
        request,
        "notices/detail.html",
        {"notice": notice, "blocks": blocks(notice.text), "translations": others},
    )


def _step(request: HttpRequest, pk: int, step: Any, done: str) -> HttpResponse:
    notice = access.get_notice(request.user, pk)
    try:
        step(acting_user=request.user, notice=notice, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done % {"number": notice.number})
    return redirect("notices:detail", pk=notice.pk)


@require_POST
@role_required(PRIVACY_OFFICER)
def notice_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, actions.review_notice, _("Version %(number)s is marked reviewed."))


@require_POST
@role_required(PRIVACY_OFFICER)
def notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, actions.publish_notice, _("Version %(number)s is published."))


# Acknowledgments in the office --------------------------------------------------------------


@require_GET
@role_required("clinician", "administrator")
def pending(request: HttpRequest) -> HttpResponse:
    """Clients on the user's roster with no acknowledgment or good-faith record yet."""
    clients = sorted(
        access.clients_without_acknowledgment(request.user), key=lambda c: c.display_name
    )
    declined = list(access.declined_for(request.user))
    shown = [c.pk for c in clients] + [d.client_id for d in declined]
    if shown:
        record_view(request, "Viewed notice acknowledgments", page="notices", client_ids=shown)
    return render(
        request,
        "notices/pending.html",
        {"clients": clients, "declined": declined, "current": access.current_notice()},
    )


@require_http_methods(["GET", "POST"])
@role_required("clinician", "administrator")
def record_acknowledgment(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = practice_access.get_client(request.user, client_pk)
    form = AcknowledgmentForm(request.POST or None)
    if answer := submit(
        request,
        form,
        lambda: actions.record_acknowledgment(
            acting_user=request.user,
            client=client,
            outcome=form.cleaned_data["outcome"],
            good_faith_note=form.cleaned_data["good_faith_note"],
            request=request,
        ),
        done=_("Recorded for %(name)s.") % {"name": client.display_name},
        then="notices:pending",
    ):
        return answer
    record_view(request, "Viewed notice acknowledgment form", page="notices", client_id=client.pk)
    return render(
        request,
        "notices/acknowledge.html",
        {
            "client": client,
            "form": form,
            "current": access.current_notice(),
            "history": access.acknowledgments_of(request.user, client),
        },
    )


# Policies and procedures --------------------------------------------------------------------


@require_GET
@staff_required
def policies(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notices/policies.html",
        {
            "versions": access.policies_for(request.user),
            "current": access.current_policy(request.user),
            "may_write": access.may_write_policy(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(PRIVACY_OFFICER, "administrator")
def policy_new(request: HttpRequest) -> HttpResponse:
    practice = Practice.current()
    latest = access.policies_for(request.user).order_by("-number").first()
    if latest is not None:
        initial = {"title": latest.title, "text": latest.text}
    else:
        text = default_policy(practice.name, practice.jurisdiction) if practice else ""
        initial = {"title": TITLE, "text": text}
    form = PolicyForm(request.POST or None, initial=initial)
    if answer := submit(
        request,
        form,
        lambda: actions.save_policy_draft(
            acting_user=request.user, request=request, **form.cleaned_data
        ),
        done=lambda policy: _("Draft version %(number)s is saved.") % {"number": policy.number},
        then=lambda policy: reverse("notices:policy_detail", args=[policy.pk]),
    ):
        return answer
    return render(request, "notices/policy_form.html", {"form": form, "policy": None})


@require_http_methods(["GET", "POST"])
@role_required(PRIVACY_OFFICER, "administrator")
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy = access.get_policy(request.user, pk)
    form = PolicyForm(request.POST or None, initial={"title": policy.title, "text": policy.text})
    if answer := submit(
        request,
        form,
        lambda: actions.save_policy_draft(
            acting_user=request.user, policy=policy, request=request, **form.cleaned_data
        ),
        done=_("Draft version %(number)s is saved.") % {"number": policy.number},
        then=reverse("notices:policy_detail", args=[policy.pk]),
    ):
        return answer
    return render(request, "notices/policy_form.html", {"form": form, "policy": policy})


def _policy_page(request: HttpRequest, policy: Any, form: ApproveForm) -> HttpResponse:
    return render(
        request,
        "notices/policy_detail.html",
        {
            "policy": policy,
            "blocks": blocks(policy.text),
            "form": form,
            "may_approve": access.is_privacy_officer(request.user)
            and policy.status == PolicyStatus.DRAFT,
            "may_edit": access.may_write_policy(request.user)
            and policy.status == PolicyStatus.DRAFT,
        },
    )


@require_GET
@staff_required
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = access.get_policy(request.user, pk)
    return _policy_page(
        request, policy, ApproveForm(initial={"effective_on": timezone.localdate()})
    )


@require_POST
@role_required(PRIVACY_OFFICER)
def policy_approve(request: HttpRequest, pk: int) -> HttpResponse:
    policy = access.get_policy(request.user, pk)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            actions.approve_policy(
                acting_user=request.user,
                policy=policy,
                effective_on=form.cleaned_data["effective_on"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Version %(number)s is approved.") % {"number": policy.number}
            )
            return redirect("notices:policy_detail", pk=policy.pk)
    return _policy_page(request, policy, form)
