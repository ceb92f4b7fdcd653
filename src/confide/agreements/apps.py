from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "confide.agreements"
    label = "agreements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from confide.agreements.attention import register_attention
        from confide.agreements.portal_views import waiting_to_sign
        from confide.portal.sections import PortalSection, register

        register_attention()
        register(
            PortalSection(
                key="agreements",
                title="Your confidentiality agreements",
                description="Read what stays private, sign, and keep a copy.",
                url_name="agreements:portal_list",
                order=10,
                flag=waiting_to_sign,
            )
        )
