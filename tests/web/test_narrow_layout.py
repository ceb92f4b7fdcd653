"""The 360 px guarantees the browser test measures rest on markup and style the server sends:
the portal's accounting tables sit in their own labelled scroll region, and the note's label
menu is a wrapping row."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from confide.disclosures import actions as disclosure_actions
from tests.web.test_records_fixtures import (
    family_note,
    make_family,
    make_user,
    portal_user,
    signed_in,
)

pytestmark = pytest.mark.django_db
CSS = Path(__file__).parents[2] / "src/confide/static/confide/confide.css"


def test_the_portal_accounting_tables_scroll_in_their_own_region() -> None:
    family = make_family(make_user("rivera"))
    user = portal_user(family.mother)
    disclosure_actions.record_release(
        acting_user=family.clinician,
        client=family.mother.client,
        recipient="Dr. Park",
        description="Attendance",
        purpose="Care coordination",
        categories=["attendance"],
        basis=[{"rule": "us.hipaa.authorization_valid", "citation": "45 CFR 164.508(a)(1)"}],
        case=family.case,
    )
    page = signed_in(user).get("/disclosures/portal/accounting/").content.decode()
    regions = re.findall(r'<div class="table-scroll" role="region" aria-label="[^"]+"', page)
    assert regions and page.count("<table") == len(regions)
    assert re.search(r"\.table-scroll \{[^}]*overflow-x: auto", CSS.read_text())


def test_the_label_menu_wraps_within_the_segment() -> None:
    family = make_family(make_user("rivera"))
    note = family_note(family, "private", "case", "private")
    page = signed_in(family.clinician).get(f"/records/notes/{note.pk}/").content.decode()
    assert page.count('class="relabel"') == 4
    style = CSS.read_text()
    assert re.search(r"\.relabel \{[^}]*flex-wrap: wrap", style)
    assert re.search(r"\.relabel select \{[^}]*max-width: 100%", style)
