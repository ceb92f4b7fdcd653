from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "confide.training"
    label = "training"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Dashboard items: training due, for the trainee and the privacy officer.
        from confide.training import attention_providers

        attention_providers.register_attention()
