"""The situation contract (spec/advise.md) as JSON Schema, built from the parser's own
vocabularies so the published schema cannot drift from what `situation_from_dict` accepts.

The schema is a little stricter than the parser (it leaves out the nulls the parser reads as
"use the default"), so anything it calls valid is accepted.
"""

from __future__ import annotations

from typing import Any

from confide.policy.jurisdictions import STATE_CODES
from confide.policy.situation import (
    CASE_TYPES,
    CONCERNS,
    CONSULT_WITH,
    INFORMATION,
    LEGAL_PROCESSES,
    LICENSES,
    PERPETRATORS,
    PURPOSES,
    REQUESTERS,
    SECRETS_POLICIES,
    SETTINGS,
    VIOLATION_BY,
)

Schema = dict[str, Any]


def _enum(options: tuple[str, ...]) -> Schema:
    return {"type": "string", "enum": list(options)}


def _object(properties: Schema, required: tuple[str, ...] = ()) -> Schema:
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _categories(options: tuple[str, ...]) -> Schema:
    return {"type": "array", "items": _enum(options), "minItems": 1}


def _authorization() -> Schema:
    flags = (
        "recipient_matches",
        "expired",
        "revoked",
        "complete",
        "signed_by_all_participants",
    )
    properties: Schema = {"covers": _categories(INFORMATION)}
    properties.update({flag: {"type": "boolean"} for flag in flags})
    return {"anyOf": [{"type": "null"}, _object(properties, ("covers",))]}


def _events() -> list[Schema]:
    kind = lambda name: {"type": "string", "const": name}  # noqa: E731 - a one-line builder
    return [
        _object(
            {
                "kind": kind("information_request"),
                "requester": _enum(REQUESTERS),
                "requester_is_personal_representative": {"type": "boolean"},
                "information": _categories(INFORMATION),
                "purpose": _enum(PURPOSES),
                "legal_process": _enum(LEGAL_PROCESSES),
                "authorization": _authorization(),
                "emergency": {"type": "boolean"},
                "client_is_crime_victim": {"type": "boolean"},
            },
            ("kind", "requester", "information"),
        ),
        _object(
            {
                "kind": kind("safety_concern"),
                "concern": _enum(CONCERNS),
                "imminent": {"type": "boolean"},
                "serious": {"type": "boolean"},
                "alleged_perpetrator": _enum(PERPETRATORS),
                "victim_age": {"type": "integer", "minimum": 0, "maximum": 130},
            },
            ("kind", "concern"),
        ),
        _object(
            {
                "kind": kind("suspected_violation"),
                "by": _enum(VIOLATION_BY),
                "setting": _enum(SETTINGS),
            },
            ("kind", "by", "setting"),
        ),
        _object(
            {
                "kind": kind("consultation"),
                "with": _enum(CONSULT_WITH),
                "client_authorized": {"type": "boolean"},
            },
            ("kind", "with"),
        ),
    ]


def situation_schema() -> Schema:
    """JSON Schema (draft 2020-12 / OpenAPI 3.1) of one situation."""
    codes = ("US", *(f"US-{code}" for code in sorted(STATE_CODES)))
    return _object(
        {
            "jurisdiction": _enum(codes),
            "clinician_license": _enum(LICENSES),
            "client": _object(
                {
                    "age": {"type": "integer", "minimum": 0, "maximum": 130},
                    "has_capacity": {"type": "boolean"},
                    "consented_to_own_treatment": {"type": "boolean"},
                    "deceased": {"type": "boolean"},
                    "sessions_consented_alone": {
                        "type": "integer",
                        "minimum": 0,
                        "maximum": 10_000,
                    },
                },
                ("age",),
            ),
            "case": _object(
                {
                    "type": _enum(CASE_TYPES),
                    "secrets_policy": {"anyOf": [{"type": "null"}, _enum(SECRETS_POLICIES)]},
                }
            ),
            "event": {"oneOf": _events()},
        },
        ("jurisdiction", "client", "event"),
    )
