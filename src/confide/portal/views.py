"""The portal's core pages: home (the sections list), invitations, taking one up, revoking
access, password reset, contact preferences.

Other apps add their sections through `portal.sections` and keep their own views.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from confide.accounts.models import Role
from confide.accounts.roles import client_required, role_required
from confide.audit.log import client_ip, record_view
from confide.formerrors import apply_errors
from confide.portal import access, actions, limits
from confide.portal.forms import (
    AcceptForm,
    InviteForm,
    PreferencesForm,
    ResetRequestForm,
    ResetSetPasswordForm,
    RevokeForm,
)
from confide.portal.middleware import follow_client_language, follow_invited_language
from confide.portal.sections import sections_for
from confide.practice import access as practice_access

roster_required = role_required("clinician", "administrator")
clinician_required = role_required("clinician")
View = TypeVar("View", bound=Callable[..., HttpResponse])


def refusals_audited(view: View) -> View:
    """Missing and forbidden answer the same 404, and each refusal is audited."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (Http404, PermissionDenied):
            practice_access.record_refusal(request)  # once per request, shared with the middleware
            raise Http404 from None

    return wrapped  # type: ignore[return-value]


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


def _back_url(request: HttpRequest, client_pk: int) -> str:
    back = request.GET.get("case", "")
    if back.isdigit():
        return str(reverse("agreements:case", args=[back]))
    return str(reverse("practice:client_detail", args=[client_pk]))


@require_http_methods(["GET", "POST"])
@clinician_required
@refusals_audited
def invite_new(request: HttpRequest, client_pk: int) -> HttpResponse:
    """Invite a client: only to an email address on file that allows email, chosen from a
    list, and only by a clinician on one of the client's cases."""
    client = access.client_to_invite(request.user, client_pk)
    points = access.invite_points(client)
    form = InviteForm(request.POST or None, points=points)
    back_url = _back_url(request, client.pk)
    if request.method == "POST" and form.is_valid():
        try:
            invite = actions.invite_client(
                acting_user=request.user,
                client=client,
                contact_point=form.cleaned_data["contact_point"],
                link_for=lambda token: request.build_absolute_uri(
                    reverse("portal:accept", args=[token])
                ),
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invite.email})
            return redirect(back_url)
    _viewed(request, "Opened the portal invitation form", client.pk, target=client)
    context = {
        "client": client,
        "form": form,
        "back_url": back_url,
        "has_points": points.exists(),
        "state": access.access_state(client),
    }
    return render(request, "portal/invite_new.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@roster_required
@refusals_audited
def revoke(request: HttpRequest, client_pk: int) -> HttpResponse:
    """End a client's portal access now (every session) and void pending invitations, once
    the box saying so is ticked; without it nothing changes."""
    client = access.client_to_manage(request.user, client_pk)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if actions.revoke_access(acting_user=request.user, client=client, request=request):
            messages.success(request, _("Portal access revoked. Every sign-in to it has ended."))
        else:
            messages.info(request, _("There was no portal access to revoke."))
        return redirect("practice:client_detail", pk=client.pk)
    _viewed(request, "Opened the portal revocation form", client.pk, target=client)
    context = {"client": client, "form": form, "state": access.access_state(client)}
    return render(request, "portal/revoke.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the invitation link. Asks for the date of birth and a password, then signs the
    client in. A wrong date of birth counts against the link, whatever the password."""
    if request.user.is_authenticated:
        return redirect("portal:home")
    invite = access.open_invite(token)
    follow_invited_language(request, invite.client)
    form = AcceptForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                user = actions.accept_invite(
                    acting_user=None,
                    invite=invite,
                    date_of_birth=form.cleaned_data["date_of_birth"],
                    password=form.cleaned_data["password1"],
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                follow_client_language(request)
                messages.success(
                    request,
                    _(
                        "Welcome. Your username is %(username)s. Keep it for next time; "
                        "you can also sign in with your email address."
                    )
                    % {"username": user.username},
                )
                return redirect("portal:home")
        else:
            actions.note_incomplete_attempt(invite=invite, request=request)
        invite.refresh_from_db()
        if invite.withdrawn_at is not None:
            return render(request, "portal/accept_void.html", status=410)
    return render(
        request,
        "portal/accept.html",
        {"form": form, "email": invite.email},
        status=400 if form.errors else 200,
    )


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
            form.add_error(None, _("Your preferences could not be saved. Nothing was changed."))
        else:
            messages.success(
                request,
                _("Your contact preferences are saved.") if changed else _("Nothing changed."),
            )
            return redirect("portal:contact")
    _viewed(request, "Viewed own contact preferences", client.pk)
    return render(request, "portal/contact.html", {"client": client, "form": form})


# --- password reset (Django's views, limited to the address on file) ------------------------


class ResetRequestView(auth_views.PasswordResetView):
    """Ask for a reset link. The answer is the same page whether or not the address belongs
    to anyone; a link goes only to a client account's address on file, within the limits."""

    form_class = ResetRequestForm
    template_name = "portal/reset_request.html"
    email_template_name = "portal/reset_email.txt"
    subject_template_name = "portal/reset_subject.txt"
    success_url = reverse_lazy("portal:reset_sent")

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        limited = limits.reset_over_limit(email, client_ip(self.request) or "")
        actions.record_reset_request(
            email=email, users=access.reset_users(email), limited=limited, request=self.request
        )
        if limited:
            return HttpResponseRedirect(str(self.success_url))
        return super().form_valid(form)


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ResetSetPasswordForm
    template_name = "portal/reset_confirm.html"
    success_url = reverse_lazy("portal:reset_complete")

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)
        if user is None or getattr(user, "role", None) != Role.CLIENT:
            return None
        return user

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        actions.complete_reset(acting_user=form.user, request=self.request)
        return response


reset_request = ResetRequestView.as_view()
reset_sent = auth_views.PasswordResetDoneView.as_view(template_name="portal/reset_sent.html")
reset_confirm = ResetConfirmView.as_view()
reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="portal/reset_complete.html"
)
