from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "confide.notices"
    label = "notices"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from confide.notices.attention import register_attention
        from confide.portal.sections import PortalSection, register

        register_attention()
        register(
            PortalSection(
                key="notice",
                title=_("Notice of Privacy Practices"),
                description=_("How we use and protect your information, and your rights."),
                url_name="notices:portal",
                order=50,
            )
        )
