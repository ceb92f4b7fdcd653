from django.urls import URLPattern, URLResolver, path

from confide.incidents import views

app_name = "incidents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("safety/new/", views.safety_new, name="safety_new"),
    path("safety/<int:pk>/", views.safety_detail, name="safety_detail"),
    path("safety/<int:pk>/steps/<int:step_pk>/done/", views.step_done, name="step_done"),
    path("safety/<int:pk>/close/", views.safety_close, name="safety_close"),
    path("violations/new/", views.violation_new, name="violation_new"),
    path("violations/<int:pk>/", views.violation_detail, name="violation_detail"),
    path("violations/<int:pk>/agenda/", views.violation_agenda, name="violation_agenda"),
    path("violations/<int:pk>/resolve/", views.violation_resolve, name="violation_resolve"),
    path("breaches/new/", views.breach_new, name="breach_new"),
    path("breaches/<int:pk>/", views.breach_detail, name="breach_detail"),
    path("breaches/<int:pk>/assess/", views.breach_assess, name="breach_assess"),
    path("breaches/<int:pk>/letter/", views.breach_letter, name="breach_letter"),
    path("breaches/<int:pk>/letters/", views.breach_letters, name="breach_letters"),
    path("breaches/<int:pk>/notices/<str:key>/", views.breach_notice, name="breach_notice"),
    path("breaches/<int:pk>/close/", views.breach_close, name="breach_close"),
    path("portal/concern/", views.portal_concern, name="portal_concern"),
    path("portal/concern/sent/", views.portal_concern_sent, name="portal_concern_sent"),
]
