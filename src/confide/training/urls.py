from django.urls import path

from confide.training import views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("complete/", views.complete, name="complete"),
    path("record/", views.report, name="report"),
    path("front-desk/", views.front_desk, name="front_desk"),
    path("situations/<slug:key>/", views.exercise, name="exercise"),
]
