from django.urls import URLPattern, URLResolver, path

from confide.portal import views

app_name = "portal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("invite/<str:token>/", views.accept, name="accept"),
    path("invitations/new/<int:client_pk>/", views.invite_new, name="invite_new"),
    path("contact/", views.contact, name="contact"),
]
