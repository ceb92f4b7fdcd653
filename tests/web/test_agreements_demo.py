"""The agreements demo: each demo case at its own stage, and loading twice changes nothing."""

from __future__ import annotations

import pytest

from confide.agreements import gate
from confide.agreements.demo import load_demo
from confide.agreements.models import Agreement, GateOverride, Signature
from confide.practice.demo import load_demo as load_practice
from confide.practice.search import find_case, find_client
from tests.web.test_agreements_support import (
    issue,
    make_case,
    make_client,
    make_practice,
    make_user,
    sign_all,
)

pytestmark = pytest.mark.django_db


def test_demo_agreements_are_at_their_stages_and_idempotent() -> None:
    load_practice(say=lambda _s: None)
    load_demo()
    counts = (Agreement.objects.count(), Signature.objects.count(), GateOverride.objects.count())
    load_demo()
    assert counts == (
        Agreement.objects.count(),
        Signature.objects.count(),
        GateOverride.objects.count(),
    )

    def status(title: str) -> gate.GateStatus:
        return gate.gate_status(find_case(title))

    assert status("Sarah Miller: individual therapy").all_signed
    assert status("Nguyen family therapy").all_signed
    assert status("Jake Thompson: individual therapy").unsigned_names == ["Jake Thompson"]
    alvarez = status("Alvarez couple therapy")
    assert (
        alvarez.version == 2 and alvarez.overridden and alvarez.unsigned_names == ["David Alvarez"]
    )
    assert not status("Anxiety skills group").has_agreement
    sarah = find_client("Sarah Miller")
    assert sarah.portal_user is not None and sarah.portal_user.check_password("confide-demo-2026")


def test_signed_agreements_never_keep_a_case_from_being_deleted() -> None:
    make_practice()
    rivera = make_user("rivera")
    case = make_case(rivera, make_client(rivera, "Sarah"))
    sign_all(rivera, issue(rivera, case))
    case.delete()
    assert not Signature.objects.exists() and not Agreement.objects.exists()
