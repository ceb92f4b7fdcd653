from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "confide.consultation"
    label = "consultation"
    default_auto_field = "django.db.models.BigAutoField"
