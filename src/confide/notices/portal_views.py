"""The notice in the client portal: read the notice in effect and say it was received."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
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
            actions.acknowledge_in_portal(
                acting_user=request.user,
                request=request,
                language=_posted_language(request),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Thank you. We have recorded that you received the notice.")
            )
        return redirect("notices:portal")
    shown = access.reading(current, translation.get_language()) if current else None
    return render(
        request,
        "notices/portal.html",
        {
            "notice": current,
            "blocks": blocks(shown.text) if shown else [],
            "text_language": shown.language if shown else "",
            "acknowledged": access.portal_acknowledgment(request.user, current)
            if current
            else None,
        },
    )


def _posted_language(request: HttpRequest) -> str | None:
    """The language of the text the client read (the form says which), if confide ships it;
    otherwise the page's language decides."""
    language = request.POST.get("language", "")
    return language if language in dict(settings.LANGUAGES) else None
