from django.urls import URLPattern, URLResolver, path

from confide.operations import views

app_name = "operations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.healthz, name="healthz"),
]
