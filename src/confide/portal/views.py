"""The portal's core pages: home (the sections list), invitations, contact preferences.

Other apps add their sections through `portal.sections` and keep their own views.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from confide.accounts.roles import client_required, role_required
from confide.audit.log import record_view
from confide.portal import access, actions
from confide.portal.forms import ChoosePasswordForm, InviteForm, PreferencesForm
from confide.portal.sections import sections_for

roster_required = role_required("clinician", "administrator")


def _viewed(request: HttpRequest, summary: str, client_id: int, target: Any = None) -> None:
    record_view(request, summary, page="portal", target=target, client_id=client_id)


@require_GET
@client_required
def home(request: HttpRequest) -> HttpResponse:
    client = access.own_client(request.user)
    _viewed(request, "Opened the portal", client.pk)
    return render(
        request,
        "portal/home.html",
        {"client": client, "sections": sections_for(request.user, client)},
    )


@require_http_methods(["GET", "POST"])
@roster_required
def invite_new(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = access.client_to_invite(request.user, client_pk)
    email_point = client.contact_points.filter(kind="email").first()
    form = InviteForm(
        request.POST or None, initial={"email": email_point.value if email_point else ""}
    )
    back = request.GET.get("case", "")
    back_url = (
        reverse("agreements:case", args=[back])
        if back.isdigit()
        else reverse("practice:client_detail", args=[client.pk])
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.invite_client(
                acting_user=request.user,
                client=client,
                email=form.cleaned_data["email"],
                link_for=lambda token: request.build_absolute_uri(
                    reverse("portal:accept", args=[token])
                ),
                request=request,
            )
        except ValidationError as error:
            form.add_error("email" if hasattr(error, "error_dict") else None, error.messages)
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect(back_url)
    _viewed(request, "Opened the portal invitation form", client.pk, target=client)
    return render(
        request, "portal/invite_new.html", {"client": client, "form": form, "back_url": back_url}
    )


@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the invitation link. Sets a password, signs the client in, opens the portal."""
    if request.user.is_authenticated:
        return redirect("portal:home")
    invite = access.open_invite(token)
    form = ChoosePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.accept_invite(
                acting_user=None,
                invite=invite,
                password=form.cleaned_data["password1"],
                request=request,
            )
        except ValidationError as error:
            form.add_error("password1", error.messages)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, f"Welcome. Your username is {user.username}. Keep it for next time."
            )
            return redirect("portal:home")
    return render(request, "portal/accept.html", {"form": form, "email": invite.email})


@require_http_methods(["GET", "POST"])
@client_required
def contact(request: HttpRequest) -> HttpResponse:
    client = access.own_client(request.user)
    points = list(access.own_contact_points(request.user))
    form = PreferencesForm(request.POST or None, points=points)
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.update_own_preferences(
                acting_user=request.user, changes=form.changes(), request=request
            )
        except (ValidationError, PermissionDenied):
            form.add_error(None, "Your preferences could not be saved. Nothing was changed.")
        else:
            messages.success(
                request, "Your contact preferences are saved." if changed else "Nothing changed."
            )
            return redirect("portal:contact")
    _viewed(request, "Viewed own contact preferences", client.pk)
    return render(request, "portal/contact.html", {"client": client, "form": form})
