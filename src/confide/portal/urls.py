from django.urls import URLPattern, URLResolver, path

from confide.portal import views

app_name = "portal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("invite/<str:token>/", views.accept, name="accept"),
    path("invitations/new/<int:client_pk>/", views.invite_new, name="invite_new"),
    path("access/<int:client_pk>/revoke/", views.revoke, name="revoke"),
    path("contact/", views.contact, name="contact"),
    path("reset/", views.reset_request, name="reset"),
    path("reset/sent/", views.reset_sent, name="reset_sent"),
    path("reset/done/", views.reset_complete, name="reset_complete"),
    path("reset/<uidb64>/<token>/", views.reset_confirm, name="reset_confirm"),
]
