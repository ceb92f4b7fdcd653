from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "confide.records"
    label = "records"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Session notes"

    def ready(self) -> None:
        # Dashboard items (emergency access) and the portal section.
        from confide.records import attention_providers, portal_section

        attention_providers.register_attention()
        portal_section.register_portal_sections()
