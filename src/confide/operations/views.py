"""`/healthz`: proof of life for a load balancer or monitor, and the bare baseline for load tests.

Public and touches no database and no client data, so it reveals nothing and costs nothing.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
