"""The portal's "Session notes shared with me" section (views in `records.views`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from confide.portal.sections import PortalSection, register

SECTION = PortalSection(
    key="records_notes",
    title=_("Session notes shared with me"),
    description=_(
        "What your clinician wrote that is shared with you: the parts labelled for "
        "everyone in your case, and what you said privately."
    ),
    url_name="records:portal_notes",
    order=30,
)


def register_portal_sections() -> None:
    """Called from `RecordsConfig.ready()`."""
    register(SECTION)
