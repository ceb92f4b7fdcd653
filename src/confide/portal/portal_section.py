"""The portal app's own section: the client's contact preferences (views in `portal.views`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from confide.portal.sections import PortalSection, register

CONTACT = PortalSection(
    key="contact",
    title=_("How we may contact you"),
    description=_("Choose whether we may call, text, email or write to you."),
    url_name="portal:contact",
    order=20,
)


def register_portal_sections() -> None:
    """Called from `PortalConfig.ready()`."""
    register(CONTACT)
