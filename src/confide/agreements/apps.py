from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "confide.agreements"
    label = "agreements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Dashboard items (revisits, signatures) and the portal section.
        from confide.agreements import attention_providers, portal_section

        attention_providers.register_attention()
        portal_section.register_portal_sections()
