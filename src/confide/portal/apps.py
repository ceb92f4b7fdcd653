from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "confide.portal"
    label = "portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The portal's own section (contact preferences).
        from confide.portal import portal_section

        portal_section.register_portal_sections()
