"""The portal app's own section: the client's contact preferences (views in `portal.views`)."""

from __future__ import annotations

from confide.portal.sections import PortalSection, register

CONTACT = PortalSection(
    key="contact",
    title="How we may contact you",
    description="Choose whether we may call, text, email or write to you.",
    url_name="portal:contact",
    order=20,
)


def register_portal_sections() -> None:
    """Called from `PortalConfig.ready()`."""
    register(CONTACT)
