from django.urls import path

from confide.practice import views

app_name = "practice"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("clients/", views.client_list, name="client_list"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<int:pk>/", views.client_detail, name="client_detail"),
    path("clients/<int:pk>/edit/", views.client_edit, name="client_edit"),
    path("clients/<int:pk>/contact-points/", views.contact_point_add, name="contact_point_add"),
    path("clients/<int:pk>/related/new/", views.related_person_add, name="related_person_add"),
    path(
        "clients/<int:pk>/related/<int:person_pk>/document/",
        views.related_person_document,
        name="related_person_document",
    ),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/close/", views.case_close, name="case_close"),
    path("cases/<int:pk>/reopen/", views.case_reopen, name="case_reopen"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path(
        "cases/<int:pk>/participants/<int:participant_pk>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("calendar/", views.calendar, name="calendar"),
    path("cases/<int:pk>/participants/new/", views.participant_add, name="participant_add"),
    path("cases/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/status/", views.session_status, name="session_status"),
    path("sessions/<int:pk>/agenda/", views.agenda_item_add, name="agenda_item_add"),
    path(
        "sessions/<int:pk>/agenda/<int:item_pk>/addressed/",
        views.agenda_item_address,
        name="agenda_item_address",
    ),
]
