from django.urls import URLPattern, URLResolver, path

from confide.agreements import portal_views, views

app_name = "agreements"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("defaults/", views.practice_defaults, name="defaults"),
    path("case/<int:pk>/", views.case_agreement, name="case"),
    path("case/<int:pk>/new/", views.build, name="build"),
    path("case/<int:pk>/override/", views.override, name="override"),
    path(
        "case/<int:pk>/override/<int:override_pk>/withdraw/",
        views.withdraw_override,
        name="withdraw_override",
    ),
    path("case/<int:pk>/intake/", views.intake, name="intake"),
    path("<int:pk>/", views.version, name="version"),
    path("<int:pk>/handout/", views.handout, name="handout"),
    path("<int:pk>/sign/<int:participant_pk>/", views.sign_office, name="sign_office"),
    path("mine/", portal_views.mine, name="portal_list"),
    path("mine/<int:pk>/", portal_views.read_and_sign, name="portal_sign"),
    path("mine/<int:pk>/copy/", portal_views.copy, name="portal_copy"),
    path("mine/<int:pk>/download/", portal_views.download, name="portal_download"),
]
