from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "confide.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The system checks for unsafe production settings live at the project level.
        from confide import checks  # noqa: F401
