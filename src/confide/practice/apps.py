from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "confide.practice"
    label = "practice"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Practice records"

    def ready(self) -> None:
        # The practice app's own dashboard attention items.
        from confide.practice import attention_providers

        attention_providers.register_attention()
