"""The one NinjaAPI instance; routers are added by the capability modules below."""

from ninja import NinjaAPI

api = NinjaAPI(title="confide", version="1", urls_namespace="v1")
api.add_router("/", "confide.api.advise.router")
api.add_router("/records", "confide.records.api.router")
