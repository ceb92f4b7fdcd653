from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "confide.disclosures"
    label = "disclosures"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Requests and disclosures"

    def ready(self) -> None:
        # Dashboard warnings before authorizations expire, and the portal sections.
        from confide.disclosures import attention_providers, portal_section

        attention_providers.register_attention()
        portal_section.register_portal_sections()
