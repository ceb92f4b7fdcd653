from django.apps import AppConfig


class FollowupConfig(AppConfig):
    """Follow-through: staff emails when something needs them, and `confide remind`."""

    name = "confide.followup"
    label = "followup"
    default_auto_field = "django.db.models.BigAutoField"
