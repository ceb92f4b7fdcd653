"""The portal's "Raise a privacy concern" section; its views live in `incidents.views`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from confide.portal.sections import PortalSection, register

CONCERN = PortalSection(
    key="privacy_concern",
    title=_("Raise a privacy concern"),
    description=_("If you think something you said in therapy was shared, tell your clinician."),
    url_name="incidents:portal_concern",
    order=80,
)


def register_portal_sections() -> None:
    """Called from `IncidentsConfig.ready()`."""
    register(CONCERN)
