"""Typed rule data, and the small validator that turns one TOML table into it.

A hand-written validator rather than pydantic keeps `confide advise` start-up fast; every
error names the file and the dotted key at fault so a rule editor can fix it at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias, get_args

from confide.policy.situation import LICENSES

Confidence: TypeAlias = Literal["verified", "secondary", "conflict"]
DutyCategory: TypeAlias = Literal[
    "mandatory", "mandatory_law_enforcement_only", "case_law", "permissive", "none"
]
Recipient: TypeAlias = Literal[
    "threatened_person", "law_enforcement", "mental_health_authority", "medical_personnel"
]
ParentAccess: TypeAlias = Literal["none", "with_minor_consent", "discretionary", "full"]
ExceptionKind: TypeAlias = Literal[
    "imminent_harm", "abuse_reporting", "court_order", "minors", "law_enforcement", "emergency"
]

CONFIDENCES: tuple[str, ...] = get_args(Confidence)
DUTY_CATEGORIES: tuple[str, ...] = get_args(DutyCategory)
RECIPIENTS: tuple[str, ...] = get_args(Recipient)
PARENT_ACCESS: tuple[str, ...] = get_args(ParentAccess)
EXCEPTION_KINDS: tuple[str, ...] = get_args(ExceptionKind)
ABUSE_CONCERNS: tuple[str, ...] = ("elder_abuse", "dependent_adult_abuse")


class RuleDataError(ValueError):
    """Rule data that does not fit the schema; names the file and the key."""

    def __init__(self, file: str, key: str, message: str) -> None:
        super().__init__(f"{file}: {key}: {message}")
        self.file = file
        self.key = key


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    citation: str
    summary: str
    source: str
    checked: dt.date
    confidence: Confidence
    note: str = ""
    exception: ExceptionKind | None = None
    licenses: frozenset[str] = frozenset()

    def applies_to(self, license_: str) -> bool:
        return not self.licenses or license_ in self.licenses


@dataclass(frozen=True, slots=True)
class DutyToProtect:
    rule: Rule
    category: DutyCategory
    must_tell: tuple[Recipient, ...]
    may_tell: tuple[Recipient, ...]
    by_license: Mapping[str, DutyCategory] = field(default_factory=dict)

    def category_for(self, license_: str) -> DutyCategory:
        return self.by_license.get(license_, self.category)


@dataclass(frozen=True, slots=True)
class MinorConsent:
    rule: Rule
    age: int
    parent_access: ParentAccess
    limits: str
    licenses: frozenset[str] = frozenset()

    def lets_minor_consent(self, age: int, license_: str) -> bool:
        """Whether a minor of this age may consent alone to outpatient care by this licence."""
        if self.licenses and license_ not in self.licenses:
            return False
        return age >= self.age


@dataclass(frozen=True, slots=True)
class AbuseReporting:
    rule: Rule
    mandatory: bool
    reporters: frozenset[str]
    report_to: str
    deadline_hours: int
    deadline: str
    covers: tuple[str, ...] = ()

    def required_of(self, license_: str) -> bool:
        return self.mandatory and license_ in self.reporters


class Table:
    """One TOML table being read: typed getters that fail with file and key named."""

    def __init__(self, file: str, path: str, data: object) -> None:
        if not isinstance(data, Mapping):
            raise RuleDataError(file, path or "(top level)", "must be a table")
        self.file = file
        self.path = path
        self.data: Mapping[str, Any] = data
        self.used: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, message: str) -> RuleDataError:
        return RuleDataError(self.file, self.key(name), message)

    def get(self, name: str, kind: type, default: Any = ...) -> Any:
        self.used.add(name)
        if name not in self.data:
            if default is ...:
                raise self.fail(name, "is required")
            return default
        value = self.data[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(name, f"must be {kind.__name__}, not {type(value).__name__}")
        return value

    def text(self, name: str, default: Any = ...) -> str:
        value: str = self.get(name, str, default)
        if default is ... and not value.strip():
            raise self.fail(name, "must not be empty")
        return value

    def choice(self, name: str, options: tuple[str, ...], default: Any = ...) -> Any:
        value = self.get(name, str, default)
        if value is not None and value not in options:
            raise self.fail(name, f"{value!r} is not one of {', '.join(options)}")
        return value

    def choices(self, name: str, options: tuple[str, ...], default: Any = ...) -> tuple[Any, ...]:
        values = self.get(name, list, default)
        for value in values:
            if value not in options:
                raise self.fail(name, f"{value!r} is not one of {', '.join(options)}")
        return tuple(values)

    def sub(self, name: str) -> Table:
        self.used.add(name)
        return Table(self.file, self.key(name), self.data.get(name, {}))

    def done(self) -> None:
        for name in self.data:
            if name not in self.used:
                raise self.fail(name, "is not a known key")


def read_rule(table: Table) -> Rule:
    """The fields every rule carries, whatever it is about."""
    checked = table.get("checked", dt.date)
    if isinstance(checked, dt.datetime):
        raise table.fail("checked", "must be a date (YYYY-MM-DD), not a date-time")
    rule = Rule(
        id=table.text("id"),
        title=table.text("title"),
        citation=table.text("citation"),
        summary=table.text("summary"),
        source=table.text("source"),
        checked=checked,
        confidence=table.choice("confidence", CONFIDENCES),
        note=table.text("note", ""),
        exception=table.choice("exception", EXCEPTION_KINDS, None),
        licenses=frozenset(table.choices("licenses", LICENSES, [])),
    )
    if rule.confidence == "conflict" and not rule.note:
        raise table.fail("note", "is required when confidence is conflict")
    return rule


def read_duty(table: Table) -> DutyToProtect:
    rule = read_rule(table)
    by_license = table.sub("by_license")
    overrides = {name: by_license.choice(name, DUTY_CATEGORIES) for name in list(by_license.data)}
    for name in overrides:
        if name not in LICENSES:
            raise by_license.fail(name, f"is not a licence ({', '.join(LICENSES)})")
    return DutyToProtect(
        rule,
        table.choice("category", DUTY_CATEGORIES),
        table.choices("must_tell", RECIPIENTS),
        table.choices("may_tell", RECIPIENTS),
        overrides,
    )


def read_minor_consent(table: Table) -> MinorConsent:
    rule = read_rule(table)
    age = table.get("age", int)
    if not 0 <= age <= 18:
        raise table.fail("age", "must be between 0 (any age) and 18 (no provision)")
    return MinorConsent(
        rule,
        age,
        table.choice("parent_access", PARENT_ACCESS),
        table.text("limits"),
        frozenset(table.choices("treating_licenses", LICENSES, [])),
    )


def read_abuse(table: Table, *, covers_required: bool) -> AbuseReporting:
    rule = read_rule(table)
    hours = table.get("deadline_hours", int)
    if hours <= 0:
        raise table.fail("deadline_hours", "must be a positive number of hours")
    return AbuseReporting(
        rule,
        table.get("mandatory", bool),
        frozenset(table.choices("reporters", LICENSES)),
        table.text("report_to"),
        hours,
        table.text("deadline"),
        table.choices("covers", ABUSE_CONCERNS) if covers_required else (),
    )
