"""record_release: the contract other apps call. Every release is audited and accounted;
bad input and the wrong people change nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from confide.audit.models import AuditEvent
from confide.disclosures import actions
from confide.disclosures.models import Release
from confide.policy import decide, situation_from_dict
from tests.web.test_practice_records import make_case, make_client, make_user

pytestmark = pytest.mark.django_db
BASIS = [{"rule": "us.hipaa.serious_threat", "citation": "45 CFR 164.512(j)"}]


def release_args(**overrides: object) -> dict[str, object]:
    args: dict[str, object] = {
        "recipient": "Alex Doe",
        "recipient_address": "1 Main St",
        "description": "Warning of a threat",
        "purpose": "To protect an identifiable person",
        "categories": ["attendance"],
        "basis": BASIS,
    }
    return args | overrides


def test_a_release_is_stored_and_audited_in_one_step() -> None:
    rivera = make_user("rivera")
    sarah = make_client(rivera)
    make_case(rivera, sarah)
    situation = situation_from_dict(
        {
            "jurisdiction": "US-CA",
            "client": {"age": 24},
            "event": {"kind": "safety_concern", "concern": "threat_to_identifiable_person"},
        }
    )
    release = actions.record_release(
        acting_user=rivera, client=sarah, decision=decide(situation), **release_args()
    )
    release.refresh_from_db()
    assert release.recipient == "Alex Doe"
    assert release.basis == BASIS
    assert release.decision_json is not None and release.decision_json["basis"]
    event = AuditEvent.objects.get(action="disclose")
    assert event.client_id == sarah.pk and event.target_id == str(release.pk)


@pytest.mark.parametrize(
    "bad",
    [
        {"recipient": " "},
        {"description": ""},
        {"purpose": ""},
        {"categories": []},
        {"categories": ["everything"]},
        {"basis": []},
        {"basis": [{"rule": "x"}]},
        {"excluded_from_accounting_reason": "because"},
    ],
)
def test_bad_input_changes_nothing(bad: dict[str, object]) -> None:
    rivera = make_user("rivera")
    sarah = make_client(rivera)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        actions.record_release(acting_user=rivera, client=sarah, **release_args(**bad))
    assert Release.objects.count() == 0
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("role", ["clinician", "administrator", "supervisor", "client"])
def test_only_the_clients_own_clinician_may_record_a_release(role: str) -> None:
    rivera = make_user("rivera")
    sarah = make_client(rivera)
    make_case(rivera, sarah)
    outsider = make_user("other", role)
    with pytest.raises(PermissionDenied):
        actions.record_release(acting_user=outsider, client=sarah, **release_args())
    assert Release.objects.count() == 0
