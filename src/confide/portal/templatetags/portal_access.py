"""`{% portal_access_panel client %}`: the client page's panel on portal access.

Shown to the client's clinicians and the administrator only (account management: no clinical
content); everyone else gets nothing. The page that includes it writes the view event.
"""

from __future__ import annotations

from typing import Any

from django import template

from confide.portal import access

register = template.Library()


@register.inclusion_tag("portal/_access_panel.html", takes_context=True)
def portal_access_panel(context: Any, client: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not access.may_manage(user, client):
        return {"shown": False}
    return {
        "shown": True,
        "client": client,
        "state": access.access_state(client),
        "may_invite": access.treats(user, client),
        "csrf_token": context.get("csrf_token"),
    }
