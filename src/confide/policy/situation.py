"""The situation a clinician faces, as typed, frozen values (see spec/advise.md).

Parsing lives here too so the CLI, the API and the web app reject the same bad input with the
same message naming the field at fault.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from confide.policy.jurisdictions import is_known_jurisdiction, jurisdiction
from confide.policy.vocabulary import (
    CASE_TYPES,
    CONCERNS,
    CONSULT_WITH,
    INFORMATION,
    JOINT_CASE_TYPES,
    LEGAL_PROCESSES,
    LICENSES,
    PERPETRATORS,
    PURPOSES,
    REQUESTERS,
    SECRETS_POLICIES,
    SETTINGS,
    VIOLATION_BY,
    CaseType,
    Concern,
    ConsultWith,
    Information,
    LegalProcess,
    License,
    Perpetrator,
    Purpose,
    Requester,
    SecretsPolicy,
    Setting,
    ViolationBy,
)

# The age of majority is the state's (Jurisdiction.age_of_majority: 19 in AL and NE, 21 in MS);
# parsing reads it from the situation's jurisdiction to default `consented_to_own_treatment`.


class SituationError(ValueError):
    """Bad input: `field` is the dotted path of the offending key (e.g. `event.requester`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Client:
    age: int
    has_capacity: bool = True
    consented_to_own_treatment: bool = True
    deceased: bool = False
    sessions_consented_alone: int | None = None


@dataclass(frozen=True, slots=True)
class Case:
    type: CaseType = "individual"
    secrets_policy: SecretsPolicy | None = None

    @property
    def is_joint(self) -> bool:
        return self.type in JOINT_CASE_TYPES


@dataclass(frozen=True, slots=True)
class Authorization:
    covers: frozenset[Information]
    recipient_matches: bool = True
    expired: bool = False
    revoked: bool = False
    complete: bool = True
    signed_by_all_participants: bool = True


@dataclass(frozen=True, slots=True)
class InformationRequest:
    requester: Requester
    information: tuple[Information, ...]
    requester_is_personal_representative: bool = False
    purpose: Purpose = "other"
    legal_process: LegalProcess = "none"
    authorization: Authorization | None = None
    emergency: bool = False
    client_is_crime_victim: bool = False
    kind: Literal["information_request"] = "information_request"


@dataclass(frozen=True, slots=True)
class SafetyConcern:
    concern: Concern
    imminent: bool = False
    serious: bool = True
    alleged_perpetrator: Perpetrator = "unknown"
    victim_age: int | None = None
    kind: Literal["safety_concern"] = "safety_concern"


@dataclass(frozen=True, slots=True)
class SuspectedViolation:
    by: ViolationBy
    setting: Setting
    kind: Literal["suspected_violation"] = "suspected_violation"


@dataclass(frozen=True, slots=True)
class Consultation:
    with_: ConsultWith
    client_authorized: bool = False
    kind: Literal["consultation"] = "consultation"


Event: TypeAlias = InformationRequest | SafetyConcern | SuspectedViolation | Consultation


@dataclass(frozen=True, slots=True)
class Situation:
    jurisdiction: str
    client: Client
    event: Event
    clinician_license: License = "psychologist"
    case: Case = Case()


# --- parsing -------------------------------------------------------------------------------


class _Fields:
    """Reads one JSON object, remembering which keys were used so leftovers are errors."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, Mapping):
            raise SituationError(path or "(root)", "must be a JSON object")
        self.data: Mapping[str, Any] = data
        self.path = path
        self.used: set[str] = set()

    def name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key: str, *, required: bool) -> Any:
        self.used.add(key)
        if key not in self.data:
            if required:
                raise SituationError(self.name(key), "is required")
            return None
        return self.data[key]

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> Any:
        value = self.raw(key, required=default is None)
        if value is None and default is not None:
            return default
        if not isinstance(value, str) or value not in options:
            raise SituationError(self.name(key), f"must be one of {', '.join(options)}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw(key, required=False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise SituationError(self.name(key), "must be true or false")
        return value

    def choices(self, key: str, options: tuple[str, ...], *, required: bool) -> tuple[Any, ...]:
        value = self.raw(key, required=required)
        if value is None:
            return ()
        if not isinstance(value, list) or (required and not value):
            raise SituationError(self.name(key), "must be a non-empty list")
        for item in value:
            if not isinstance(item, str) or item not in options:
                raise SituationError(self.name(key), f"{item!r} is not one of {', '.join(options)}")
        return tuple(dict.fromkeys(value))

    def done(self) -> None:
        for key in self.data:
            if key not in self.used:
                raise SituationError(self.name(str(key)), "is not a known field")


def situation_to_dict(situation: Situation) -> dict[str, Any]:
    """The contract's JSON for a situation; `situation_from_dict` reads it back unchanged."""
    event = situation.event
    data: dict[str, Any]
    if isinstance(event, InformationRequest):
        auth = event.authorization
        data = {
            "kind": event.kind,
            "requester": event.requester,
            "requester_is_personal_representative": event.requester_is_personal_representative,
            "information": list(event.information),
            "purpose": event.purpose,
            "legal_process": event.legal_process,
            "authorization": None
            if auth is None
            else {
                "covers": [name for name in INFORMATION if name in auth.covers],
                "recipient_matches": auth.recipient_matches,
                "expired": auth.expired,
                "revoked": auth.revoked,
                "complete": auth.complete,
                "signed_by_all_participants": auth.signed_by_all_participants,
            },
            "emergency": event.emergency,
            "client_is_crime_victim": event.client_is_crime_victim,
        }
    elif isinstance(event, SafetyConcern):
        data = {
            "kind": event.kind,
            "concern": event.concern,
            "imminent": event.imminent,
            "serious": event.serious,
            "alleged_perpetrator": event.alleged_perpetrator,
        }
        if event.victim_age is not None:
            data["victim_age"] = event.victim_age
    elif isinstance(event, SuspectedViolation):
        data = {"kind": event.kind, "by": event.by, "setting": event.setting}
    else:
        data = {
            "kind": event.kind,
            "with": event.with_,
            "client_authorized": event.client_authorized,
        }
    client = situation.client
    client_data: dict[str, Any] = {
        "age": client.age,
        "has_capacity": client.has_capacity,
        "consented_to_own_treatment": client.consented_to_own_treatment,
        "deceased": client.deceased,
    }
    if client.sessions_consented_alone is not None:
        client_data["sessions_consented_alone"] = client.sessions_consented_alone
    return {
        "jurisdiction": situation.jurisdiction,
        "clinician_license": situation.clinician_license,
        "client": client_data,
        "case": {"type": situation.case.type, "secrets_policy": situation.case.secrets_policy},
        "event": data,
    }


def situation_from_dict(data: object) -> Situation:
    """Build a Situation from decoded JSON, or raise SituationError naming the bad field."""
    root = _Fields(data, "")
    code = root.raw("jurisdiction", required=True)
    if not isinstance(code, str) or not is_known_jurisdiction(code):
        raise SituationError("jurisdiction", "must be US or US-XX for a state or DC")
    license_ = root.choice("clinician_license", LICENSES, "psychologist")
    client = _client(root.raw("client", required=True), jurisdiction(code).age_of_majority)
    case_data = root.raw("case", required=False)
    case = Case() if case_data is None else _case(case_data)
    event = _event(root.raw("event", required=True))
    root.done()
    return Situation(code, client, event, license_, case)


def _whole(fields: _Fields, key: str, top: int, *, required: bool) -> int | None:
    """A whole number 0..top; JSON has one number type, so 16.0 is a whole number too."""
    value = fields.raw(key, required=required)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
        raise SituationError(fields.name(key), f"must be a whole number (0-{top})")
    return value


def _client(data: object, majority: int) -> Client:
    fields = _Fields(data, "client")
    age = fields.raw("age", required=True)
    if isinstance(age, float) and age.is_integer():
        age = int(age)  # JSON has one number type: 16.0 is a whole number of years
    if not isinstance(age, int) or isinstance(age, bool) or not 0 <= age <= 130:
        raise SituationError("client.age", "must be a whole number of years (0-130)")
    capacity = fields.flag("has_capacity", True)
    consented = fields.flag("consented_to_own_treatment", age >= majority)
    deceased = fields.flag("deceased", False)
    sessions = _whole(fields, "sessions_consented_alone", 10_000, required=False)
    fields.done()
    return Client(age, capacity, consented, deceased, sessions)


def _case(data: object) -> Case:
    fields = _Fields(data, "case")
    type_ = fields.choice("type", CASE_TYPES, "individual")
    policy = fields.raw("secrets_policy", required=False)
    if policy is not None and policy not in SECRETS_POLICIES:
        raise SituationError(
            "case.secrets_policy", f"must be null or {', '.join(SECRETS_POLICIES)}"
        )
    fields.done()
    return Case(type_, policy)


def _event(data: object) -> Event:
    fields = _Fields(data, "event")
    kind = fields.choice(
        "kind", ("information_request", "safety_concern", "suspected_violation", "consultation")
    )
    event: Event
    if kind == "information_request":
        event = _request(fields)
    elif kind == "safety_concern":
        event = SafetyConcern(
            fields.choice("concern", CONCERNS),
            fields.flag("imminent", False),
            fields.flag("serious", True),
            fields.choice("alleged_perpetrator", PERPETRATORS, "unknown"),
            _whole(fields, "victim_age", 130, required=False),
        )
    elif kind == "suspected_violation":
        event = SuspectedViolation(
            fields.choice("by", VIOLATION_BY), fields.choice("setting", SETTINGS)
        )
    else:
        event = Consultation(
            fields.choice("with", CONSULT_WITH), fields.flag("client_authorized", False)
        )
    fields.done()
    return event


def _request(fields: _Fields) -> InformationRequest:
    requester = fields.choice("requester", REQUESTERS)
    representative = fields.flag("requester_is_personal_representative", False)
    information = fields.choices("information", INFORMATION, required=True)
    purpose = fields.choice("purpose", PURPOSES, "other")
    process = fields.choice("legal_process", LEGAL_PROCESSES, "none")
    auth_data = fields.raw("authorization", required=False)
    authorization = None if auth_data is None else _authorization(auth_data)
    emergency = fields.flag("emergency", False)
    crime_victim = fields.flag("client_is_crime_victim", False)
    return InformationRequest(
        requester,
        information,
        representative,
        purpose,
        process,
        authorization,
        emergency,
        crime_victim,
    )


def _authorization(data: object) -> Authorization:
    fields = _Fields(data, "event.authorization")
    covers = fields.choices("covers", INFORMATION, required=True)
    auth = Authorization(
        frozenset(covers),
        recipient_matches=fields.flag("recipient_matches", True),
        expired=fields.flag("expired", False),
        revoked=fields.flag("revoked", False),
        complete=fields.flag("complete", True),
        signed_by_all_participants=fields.flag("signed_by_all_participants", True),
    )
    fields.done()
    return auth
