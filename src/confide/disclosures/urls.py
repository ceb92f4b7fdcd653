from django.urls import URLPattern, URLResolver, path

from confide.disclosures import portal_views, views

app_name = "disclosures"
urlpatterns: list[URLPattern | URLResolver] = [
    path("public/", views.public_request, name="public_request"),
    path("public/sent/", views.public_sent, name="public_sent"),
    path("", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/match/", views.request_match, name="request_match"),
    path("requests/<int:pk>/decide/", views.request_decide, name="request_decide"),
    path(
        "requests/<int:pk>/confirm-authorization/",
        views.request_confirm_authorization,
        name="request_confirm_authorization",
    ),
    path("requests/<int:pk>/release/", views.request_release, name="request_release"),
    path("requests/<int:pk>/document/", views.request_document, name="request_document"),
    path("releases/<int:pk>/", views.release_detail, name="release_detail"),
    path("releases/<int:pk>/suspend/", views.release_suspend, name="release_suspend"),
    path("clients/<int:pk>/", views.client_disclosures, name="client_disclosures"),
    path(
        "clients/<int:pk>/authorizations/new/",
        views.authorization_create,
        name="authorization_create",
    ),
    path("clients/<int:pk>/accounting/", views.accounting_print, name="accounting_print"),
    path("authorizations/<int:pk>/", views.authorization_detail, name="authorization_detail"),
    path(
        "authorizations/<int:pk>/revoke/",
        views.authorization_revoke,
        name="authorization_revoke",
    ),
    path(
        "authorizations/<int:pk>/remind/",
        views.authorization_remind,
        name="authorization_remind",
    ),
    path("ask/", views.ask, name="ask"),
    path("portal/authorizations/", portal_views.authorization_list, name="portal_authorizations"),
    path(
        "portal/authorizations/new/",
        portal_views.authorization_grant,
        name="portal_authorization_grant",
    ),
    path(
        "portal/authorizations/<int:pk>/",
        portal_views.authorization_detail,
        name="portal_authorization",
    ),
    path(
        "portal/authorizations/<int:pk>/sign/",
        portal_views.authorization_sign,
        name="portal_authorization_sign",
    ),
    path(
        "portal/authorizations/<int:pk>/revoke/",
        portal_views.authorization_revoke,
        name="portal_authorization_revoke",
    ),
    path("portal/accounting/", portal_views.accounting_view, name="portal_accounting"),
]
