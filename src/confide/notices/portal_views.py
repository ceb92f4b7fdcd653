"""The notice in the client portal: read the notice in effect and say it was received."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from confide.accounts.roles import client_required
from confide.agreements.markup import blocks
from confide.notices import access, actions


@require_http_methods(["GET", "POST"])
@client_required
def portal_notice(request: HttpRequest) -> HttpResponse:
    current = access.current_notice()
    if request.method == "POST":
        try:
            actions.acknowledge_in_portal(acting_user=request.user, request=request)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Thank you. We have recorded that you received the notice.")
        return redirect("notices:portal")
    return render(
        request,
        "notices/portal.html",
        {
            "notice": current,
            "blocks": blocks(current.text) if current else [],
            "acknowledged": access.portal_acknowledgment(request.user, current)
            if current
            else None,
        },
    )
