"""The one NinjaAPI instance; routers are added by the capability modules below."""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI

from confide.practice.access import record_refusal

api = NinjaAPI(title="confide", version="1", urls_namespace="v1")
api.add_router("/", "confide.api.advise.router")
api.add_router("/records", "confide.records.api.router")


@api.exception_handler(Http404)
def refused(request: HttpRequest, _exc: Exception) -> HttpResponse:
    """Missing and not yours answer the same 404 as the pages, and, as on the pages, every
    refusal writes `access_denied` (the API answers its 404s itself, so the refusal middleware
    never sees them)."""
    record_refusal(request)
    return api.create_response(request, {"detail": "Not Found"}, status=404)
