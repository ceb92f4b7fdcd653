"""The portal's agreements section (views in `agreements.portal_views`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from confide.agreements.portal_views import waiting_to_sign
from confide.portal.sections import PortalSection, register

AGREEMENTS = PortalSection(
    key="agreements",
    title=_("Your confidentiality agreements"),
    description=_("Read what stays private, sign, and keep a copy."),
    url_name="agreements:portal_list",
    order=10,
    flag=waiting_to_sign,
)


def register_portal_sections() -> None:
    """Called from `AgreementsConfig.ready()`."""
    register(AGREEMENTS)
