from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "confide.incidents"
    label = "incidents"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Safety events and incidents"

    def ready(self) -> None:
        # Dashboard items, and the portal's "raise a privacy concern" section.
        from confide.incidents import attention_providers, portal_section

        attention_providers.register_attention()
        portal_section.register_portal_sections()
