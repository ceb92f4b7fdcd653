from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "confide.portal"
    label = "portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from confide.portal.sections import PortalSection, register

        register(
            PortalSection(
                key="contact",
                title=_("How we may contact you"),
                description=_("Choose whether we may call, text, email or write to you."),
                url_name="portal:contact",
                order=20,
            )
        )
