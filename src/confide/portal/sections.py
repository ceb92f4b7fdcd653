"""The client portal's home page is a list of sections; each app adds its own.

An app defines its sections in its `portal_section.py` and registers them with an explicit
call from its `AppConfig.ready()` (never as an import side effect); it keeps the sections'
views in its own modules (under its own URLs):

    from confide.portal.sections import PortalSection, register

    ACCOUNTING = PortalSection(
        key="disclosures",
        title="Who has seen your information",
        description="The list of releases of your records.",
        url_name="disclosures:portal_accounting",
        order=40,
    )

    def register_portal_sections() -> None:
        register(ACCOUNTING)

`visible(user, client)` (optional) hides a section that does not apply to this client; it
must read through the app's own `access` module. A section that fails is skipped and logged:
one broken app must not hide the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PortalSection:
    key: str
    # Usually gettext_lazy strings: they are read in the language of each request.
    title: str | Promise
    description: str | Promise
    # A URL name without arguments (e.g. "agreements:portal_list"), or a literal path.
    url_name: str
    order: int = 100
    visible: Callable[[Any, Any], bool] | None = None
    # `flag(user, client)`: what waits for the client here ("1 agreement to sign"), "" if
    # nothing; shown on the home page in words beside the section.
    flag: Callable[[Any, Any], str] | None = None

    def url(self) -> str:
        if self.url_name.startswith("/"):
            return self.url_name
        return reverse(self.url_name)


@dataclass(frozen=True)
class ShownSection:
    key: str
    title: str
    description: str
    url: str
    flag: str = ""


_sections: dict[str, PortalSection] = {}


def register(section: PortalSection) -> PortalSection:
    """Add or replace a section by key (idempotent, so a re-run `ready()` is harmless)."""
    _sections[section.key] = section
    return section


def unregister(key: str) -> None:
    _sections.pop(key, None)


def registered() -> list[PortalSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, str(s.title)))


def sections_for(user: Any, client: Any) -> list[ShownSection]:
    """The sections this client sees on the portal home, in order."""
    shown: list[ShownSection] = []
    for section in registered():
        try:
            if section.visible is not None and not section.visible(user, client):
                continue
            flag = _flag(section, user, client)
            shown.append(
                ShownSection(
                    section.key, str(section.title), str(section.description), section.url(), flag
                )
            )
        except Exception:
            logger.exception("portal section %r failed", section.key)
    return shown


def _flag(section: PortalSection, user: Any, client: Any) -> str:
    """The section's flag, or none if it cannot say: a failing flag never hides its section."""
    if section.flag is None:
        return ""
    try:
        return section.flag(user, client)
    except Exception:
        logger.exception("portal section %r flag failed", section.key)
        return ""
