"""`POST /api/v1/advise`: the decision engine over JSON, for signed-in staff.

The body is parsed by the engine's own `situation_from_dict` (not a pydantic model) so the API
rejects exactly what `confide advise` rejects, naming the same field.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Body, Router, Schema, Status
from ninja.security import SessionAuth

from confide.policy import SituationError, decide, situation_from_dict
from confide.policy.schema import situation_schema


class StaffSession(SessionAuth):
    """Django session of an active staff member; client (portal) accounts are refused."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or not getattr(user, "is_staff_member", False):
            return None
        return user


class BasisOut(Schema):
    rule: str
    citation: str
    confidence: str
    checked: str | None
    source: str


class DeadlineOut(Schema):
    action: str
    within_hours: int
    rule: str


class DecisionOut(Schema):
    outcome: str
    obligation: str
    actions: list[str]
    release_scope: list[str]
    basis: list[BasisOut]
    explanation: str
    requester_message: str | None
    verified: bool
    deadlines: list[DeadlineOut]


class FieldError(Schema):
    field: str
    detail: str


router = Router(tags=["advise"], auth=StaffSession())


@router.post(
    "/advise",
    response={200: DecisionOut, 422: FieldError},
    summary="Advise",
    # The body is parsed by the engine itself; publish its real shape rather than "any object".
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": situation_schema()}},
        }
    },
)
def advise(request: HttpRequest, situation: Body[dict[str, Any]]) -> Status[Any]:
    """One situation (spec/advise.md) in, one decision out; 422 names the bad field."""
    try:
        decision = decide(situation_from_dict(situation))
    except SituationError as error:
        return Status(422, {"field": error.field, "detail": str(error)})
    return Status(200, decision.to_dict())
