from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "confide.training"
    label = "training"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from confide.training.attention import register_attention

        register_attention()
