"""Staff pages are marked for translation too (issue 18): no text a clinician, administrator or
privacy officer reads is left outside {% translate %} / {% blocktranslate %} in these apps'
templates, so a new catalog language reaches them without touching a template again.

Only marking is checked here: staff strings need no Spanish translation yet. The client-facing
templates, which must also be translated, are checked in test_portal_language.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import confide
from tests.web.test_portal_language import _unmarked_text

TEMPLATES = Path(confide.__file__).parent / "templates"
# The apps whose staff templates are marked; extend as the others are.
STAFF_DIRS = ("practice", "records", "accounts", "agreements", "audit", "policy")
STAFF_TEMPLATES = [
    *sorted(
        str(p.relative_to(TEMPLATES))
        for d in STAFF_DIRS
        for p in (TEMPLATES / d).rglob("*")
        if p.suffix in (".html", ".txt")
    ),
    "nav.html",
]


def test_the_staff_templates_were_found() -> None:
    assert len(STAFF_TEMPLATES) > 50
    assert "practice/dashboard.html" in STAFF_TEMPLATES


@pytest.mark.parametrize("name", STAFF_TEMPLATES)
def test_staff_templates_have_no_unmarked_text(name: str) -> None:
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert _unmarked_text(source) == [], name
