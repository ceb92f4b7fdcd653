"""Staff pages are marked for translation too (issue 18): no text a clinician, administrator or
privacy officer reads is left outside {% translate %} / {% blocktranslate %} in any
template, so a new catalog language reaches them without touching a template again.

Only marking is checked here: staff strings need no Spanish translation yet. The client-facing
templates, which must also be translated, are checked in test_portal_language.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import confide
from tests.web.test_portal_language import _unmarked_text

TEMPLATES = Path(confide.__file__).parent / "templates"
# Every template confide ships, staff and client alike (the client ones are also checked for
# their Spanish translation in test_portal_language).
STAFF_TEMPLATES = sorted(
    str(p.relative_to(TEMPLATES))
    for p in TEMPLATES.rglob("*")
    if p.is_file() and p.suffix in (".html", ".txt")
)


def test_the_staff_templates_were_found() -> None:
    assert len(STAFF_TEMPLATES) > 130
    for name in ("nav.html", "practice/dashboard.html", "disclosures/request_detail.html"):
        assert name in STAFF_TEMPLATES


@pytest.mark.parametrize("name", STAFF_TEMPLATES)
def test_staff_templates_have_no_unmarked_text(name: str) -> None:
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert _unmarked_text(source) == [], name
