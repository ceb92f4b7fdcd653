from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "confide.agreements"
    label = "agreements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from confide.agreements.attention import register_attention
        from confide.portal.sections import PortalSection, register

        register_attention()
        register(
            PortalSection(
                key="agreements",
                title=_("Your confidentiality agreements"),
                description=_("Read what stays private, sign, and keep a copy."),
                url_name="agreements:portal_list",
                order=10,
            )
        )
