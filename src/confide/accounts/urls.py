from django.urls import URLPattern, URLResolver, path

from confide.accounts import views

app_name = "accounts"
urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("two-factor/enrol/", views.totp_enrol, name="totp_enrol"),
    path("two-factor/verify/", views.totp_verify, name="totp_verify"),
    path("password/", views.password_change, name="password_change"),
    path("staff/", views.user_list, name="user_list"),
    path("staff/new/", views.user_create, name="user_create"),
    path("staff/<int:pk>/", views.user_edit, name="user_edit"),
    path("staff/<int:pk>/password/", views.user_reset_password, name="user_reset_password"),
    path("staff/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path(
        "staff/<int:pk>/two-factor/remove/", views.user_remove_devices, name="user_remove_devices"
    ),
]
