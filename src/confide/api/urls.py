"""The JSON API, `/api/v1/`, with its OpenAPI schema at `/api/v1/openapi.json`.

Each capability adds a router module here and registers it in `confide.api.routers`.
"""

from django.urls import URLPattern, URLResolver, path

from confide.api.routers import api

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [path("v1/", api.urls)]
