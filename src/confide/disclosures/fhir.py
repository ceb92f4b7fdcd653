"""FHIR R5 export: a Consent for each authorization and an AuditEvent for each release.

Built as plain dicts and validated by `fhir.resources` (R5, pydantic v2) before writing, so a
file on disk is always a valid resource. Clients are referenced as `Patient/<id>`; free text
(descriptions, purposes) goes out as it is stored, so treat the export as PHI.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.utils import timezone
from fhir.resources.auditevent import AuditEvent
from fhir.resources.consent import Consent

from confide.disclosures import authorizations as auth_rules
from confide.disclosures.models import Authorization, Release
from confide.practice.models import Practice

CONSENT_CATEGORY = {
    "system": "http://loinc.org",
    "code": "64292-6",
    "display": "Release of information consent",
}
INFO_SYSTEM = "urn:confide:information-category"
RULE_SYSTEM = "urn:confide:rule"
# Consent.status for each authorization status.
CONSENT_STATUS = {
    "active": "active",
    "expired": "inactive",
    "revoked": "inactive",
    "awaiting_signatures": "draft",
    "incomplete": "draft",
}


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).isoformat()


def _organization() -> dict[str, Any]:
    practice = Practice.current()
    return {"display": practice.name if practice else "The practice"}


def consent(auth: Authorization) -> dict[str, Any]:
    state = auth_rules.status(auth)
    period: dict[str, Any] = {"start": timezone.localdate(auth.created_at).isoformat()}
    if auth.expires_on is not None:
        period["end"] = auth.expires_on.isoformat()
    regulatory = [{"text": "45 CFR 164.508"}]
    if "substance_use_records" in auth.information:
        regulatory.append({"text": "42 CFR 2.31"})
    resource: dict[str, Any] = {
        "resourceType": "Consent",
        "id": f"authorization-{auth.pk}",
        "status": CONSENT_STATUS[state.code],
        "category": [{"coding": [CONSENT_CATEGORY], "text": auth.get_kind_display()}],
        "subject": {"reference": f"Patient/{auth.client_id}"},
        "date": timezone.localdate(auth.created_at).isoformat(),
        "period": period,
        "grantor": [{"reference": f"Patient/{s.signer_id}"} for s in auth.signatures.all()]
        or [{"reference": f"Patient/{auth.client_id}"}],
        "grantee": [{"display": auth.recipient_name}],
        "controller": [_organization()],
        "regulatoryBasis": regulatory,
        "decision": "permit",
        "provision": [
            {
                "period": period,
                "purpose": [
                    {
                        "system": "urn:confide:purpose",
                        "code": "stated",
                        "display": auth.purpose[:200],
                    }
                ],
                "documentType": [
                    {"system": INFO_SYSTEM, "code": code} for code in auth.information
                ],
            }
        ],
    }
    return resource


def audit_event(release: Release) -> dict[str, Any]:
    basis = [
        {"coding": [{"system": RULE_SYSTEM, "code": b["rule"], "display": b["citation"]}]}
        for b in release.basis
    ]
    return {
        "resourceType": "AuditEvent",
        "id": f"release-{release.pk}",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/audit-event-type",
                        "code": "rest",
                        "display": "Disclosure",
                    }
                ],
                "text": "Disclosure of health information",
            }
        ],
        "code": {
            "coding": [{"system": "urn:confide:audit", "code": "disclose"}],
            "text": release.description,
        },
        "action": "R",
        "occurredDateTime": _when(release.released_at),
        "recorded": _when(release.released_at),
        "outcome": {
            "code": {
                "system": "http://terminology.hl7.org/CodeSystem/audit-event-outcome",
                "code": "0",
                "display": "Success",
            }
        },
        "authorization": basis,
        "patient": {"reference": f"Patient/{release.client_id}"},
        "agent": [
            {
                "who": {"display": _actor(release)},
                "requestor": False,
            },
            {
                "who": {"display": release.recipient},
                "requestor": True,
            },
        ],
        "source": {"observer": _organization()},
        "entity": [
            {
                "what": {"reference": f"Patient/{release.client_id}"},
                "detail": [
                    {"type": {"text": "categories"}, "valueString": ", ".join(release.categories)},
                    {"type": {"text": "purpose"}, "valueString": release.purpose},
                    {
                        "type": {"text": "accounting"},
                        "valueString": release.excluded_from_accounting_reason or "listed",
                    },
                ],
            }
        ],
    }


def _actor(release: Release) -> str:
    user = release.released_by
    return (user.get_full_name() or user.get_username()) if user else "confide"


def validated(resource: dict[str, Any]) -> dict[str, Any]:
    """Parse with fhir.resources (raises on anything invalid) and return its JSON form."""
    model = Consent if resource["resourceType"] == "Consent" else AuditEvent
    parsed = model.model_validate(resource)
    return dict(json.loads(parsed.model_dump_json(exclude_none=True)))


def export(
    out: Path, auths: Iterable[Authorization], releases: Iterable[Release]
) -> tuple[int, int]:
    """Write one JSON file per resource under `out`; returns (consents, audit events)."""
    out.mkdir(parents=True, exist_ok=True)
    counts = [0, 0]
    for index, (items, build) in enumerate(((auths, consent), (releases, audit_event))):
        for item in items:
            resource = validated(build(item))  # type: ignore[operator]
            path = out / f"{resource['resourceType']}-{resource['id']}.json"
            path.write_text(json.dumps(resource, indent=2, sort_keys=True) + "\n")
            path.chmod(0o600)
            counts[index] += 1
    return counts[0], counts[1]
