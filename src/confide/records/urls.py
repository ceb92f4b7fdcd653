from django.urls import URLPattern, URLResolver, path

from confide.records import views

app_name = "records"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.note_list, name="note_list"),
    path("cases/<int:case_pk>/", views.case_notes, name="case_notes"),
    path("cases/<int:case_pk>/notes/new/", views.note_create, name="note_create"),
    path("cases/<int:case_pk>/notes/segment-row/", views.segment_row, name="segment_row"),
    path(
        "cases/<int:case_pk>/psychotherapy/new/",
        views.psychotherapy_create,
        name="psychotherapy_create",
    ),
    path("notes/<int:pk>/", views.note_detail, name="note_detail"),
    path("notes/<int:pk>/edit/", views.note_edit, name="note_edit"),
    path("notes/<int:pk>/sign/", views.note_sign, name="note_sign"),
    path("notes/<int:pk>/addendum/", views.note_addendum, name="note_addendum"),
    path("search/", views.note_search, name="note_search"),
    path("notes/<int:pk>/export.txt", views.note_export, name="note_export"),
    path("segments/<int:pk>/label/", views.segment_relabel, name="segment_relabel"),
    path("psychotherapy/<int:pk>/", views.psychotherapy_detail, name="psychotherapy_detail"),
    path("emergency/", views.emergency_open, name="emergency_open"),
    path("emergency/<int:pk>/", views.emergency_review, name="emergency_review"),
    path("portal/", views.portal_notes, name="portal_notes"),
]
