from django.urls import URLPattern, URLResolver, path

from confide.consultation import views

app_name = "consultation"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("new/", views.pick_case, name="pick_case"),
    path("new/<int:case_pk>/", views.new_packet, name="new"),
    path("peer-groups/", views.peer_groups, name="peer_groups"),
    path("<int:pk>/", views.packet_detail, name="packet"),
    path("<int:pk>/settings/", views.update_draft, name="update_draft"),
    path("<int:pk>/keep/", views.restore, name="restore"),
    path("<int:pk>/keep/<int:restoration_pk>/remove/", views.remove_again, name="remove_again"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/share/", views.share, name="share"),
]
