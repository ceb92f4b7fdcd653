"""The portal's Notice of Privacy Practices section (views in `notices.portal_views`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from confide.portal.sections import PortalSection, register

NOTICE = PortalSection(
    key="notice",
    title=_("Notice of Privacy Practices"),
    description=_("How we use and protect your information, and your rights."),
    url_name="notices:portal",
    order=50,
)


def register_portal_sections() -> None:
    """Called from `NoticesConfig.ready()`."""
    register(NOTICE)
