"""The portal sections of the disclosures app (views in `disclosures.portal_views`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from confide.portal.sections import PortalSection, register

AUTHORIZATIONS = PortalSection(
    key="disclosures_authorizations",
    title=_("Your authorizations"),
    description=_("Grant, read and revoke your permission to release your information."),
    url_name="disclosures:portal_authorizations",
    order=40,
)
ACCOUNTING = PortalSection(
    key="disclosures_accounting",
    title=_("Who has received your information"),
    description=_("The accounting of disclosures: every release of your information."),
    url_name="disclosures:portal_accounting",
    order=45,
)


def register_portal_sections() -> None:
    """Called from `DisclosuresConfig.ready()`."""
    register(AUTHORIZATIONS)
    register(ACCOUNTING)
