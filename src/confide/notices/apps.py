from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "confide.notices"
    label = "notices"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Dashboard items (clients without an acknowledgment), and the portal's notice section.
        from confide.notices import attention_providers, portal_section

        attention_providers.register_attention()
        portal_section.register_portal_sections()
