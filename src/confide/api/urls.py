"""The JSON API, `/api/v1/`, with its OpenAPI schema at `/api/v1/openapi.json`.

No app_name here: django-ninja names its own namespace (`v1`) and must find it at the top.
Each capability adds a router module and registers it in `confide.api.routers`.
"""

from django.urls import URLPattern, URLResolver, path

from confide.api.routers import api

urlpatterns: list[URLPattern | URLResolver] = [path("v1/", api.urls)]
