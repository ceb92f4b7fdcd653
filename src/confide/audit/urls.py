from django.urls import URLPattern, URLResolver, path

from confide.audit import views

app_name = "audit"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.trail, name="trail"),
    path("export.csv", views.export, name="export"),
]
