"""URL map: one prefix per capability; each app owns its own urls.py."""

from django.urls import include, path

urlpatterns = [
    path("", include("confide.practice.urls")),
    path("accounts/", include("confide.accounts.urls")),
    path("audit/", include("confide.audit.urls")),
    path("agreements/", include("confide.agreements.urls")),
    path("records/", include("confide.records.urls")),
    path("disclosures/", include("confide.disclosures.urls")),
    path("incidents/", include("confide.incidents.urls")),
    path("consultation/", include("confide.consultation.urls")),
    path("portal/", include("confide.portal.urls")),
    path("notices/", include("confide.notices.urls")),
    path("training/", include("confide.training.urls")),
    path("api/", include("confide.api.urls")),
    path("healthz", include("confide.operations.urls")),
    # The language switch (Django's set_language: POST with CSRF, a safe `next` only).
    path("i18n/", include("django.conf.urls.i18n")),
]
