from django.urls import path

from confide.notices import portal_views, views

app_name = "notices"

urlpatterns = [
    path("public/", views.public_notice, name="public"),
    path("public/<int:number>/", views.public_version, name="public_version"),
    path("", views.manage, name="manage"),
    path("new/", views.notice_new, name="new"),
    path("<int:pk>/", views.notice_detail, name="detail"),
    path("<int:pk>/edit/", views.notice_edit, name="edit"),
    path("<int:pk>/review/", views.notice_review, name="review"),
    path("<int:pk>/publish/", views.notice_publish, name="publish"),
    path("acknowledgments/", views.pending, name="pending"),
    path("acknowledgments/<int:client_pk>/", views.record_acknowledgment, name="acknowledge"),
    path("portal/", portal_views.portal_notice, name="portal"),
    path("policies/", views.policies, name="policies"),
    path("policies/new/", views.policy_new, name="policy_new"),
    path("policies/<int:pk>/", views.policy_detail, name="policy_detail"),
    path("policies/<int:pk>/edit/", views.policy_edit, name="policy_edit"),
    path("policies/<int:pk>/approve/", views.policy_approve, name="policy_approve"),
]
