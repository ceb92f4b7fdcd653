from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "confide.disclosures"
    label = "disclosures"
    default_auto_field = "django.db.models.BigAutoField"
