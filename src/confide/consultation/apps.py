from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "confide.consultation"
    label = "consultation"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Consultation packets"

    def ready(self) -> None:
        # Dashboard items: packets shared with the user, drafts waiting.
        from confide.consultation import attention_providers

        attention_providers.register_attention()
