from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "confide.portal"
    label = "portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from confide.portal.sections import PortalSection, register

        register(
            PortalSection(
                key="contact",
                title="How we may contact you",
                description="Choose whether we may call, text, email or write to you.",
                url_name="portal:contact",
                order=20,
            )
        )
