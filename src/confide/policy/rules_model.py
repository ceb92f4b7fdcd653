"""Typed rule data, and the small validator that turns one TOML table into it.

A hand-written validator rather than pydantic keeps `confide advise` start-up fast; every
error names the file and the dotted key at fault so a rule editor can fix it at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeAlias, get_args

from confide.policy.vocabulary import LICENSES

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
Trigger: TypeAlias = Literal["serious_threat", "imminent_threat"]
Discharge: TypeAlias = Literal["all", "any"]
Precaution: TypeAlias = Literal[
    "warn_threatened_person",
    "notify_law_enforcement",
    "arrange_emergency_evaluation",
    "report_to_authority",
]
TRIGGERS: tuple[str, ...] = get_args(Trigger)
DISCHARGES: tuple[str, ...] = get_args(Discharge)
PRECAUTIONS: tuple[str, ...] = get_args(Precaution)
EXCERPT_LIMIT = 300
CLAUSE_WORDS = 25
DEFAULT_MAJORITY = 18
UNEXCERPTED_NOTE = (
    "Marked verified in the rule data without a quoted excerpt, so confide treats it as "
    "secondary until an excerpt of the official text is added."
)


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
    excerpt: str = ""
    # True when the file says "verified" but quotes no excerpt: the loader downgrades such a
    # rule to secondary (a clinician is never told "verified" on an uncheckable claim) and
    # `confide rules audit` fails on it, so the data gets fixed rather than silently trusted.
    unexcerpted: bool = False

    @property
    def verified(self) -> bool:
        return self.confidence == "verified"

    def applies_to(self, license_: str) -> bool:
        return not self.licenses or license_ in self.licenses


@dataclass(frozen=True, slots=True)
class DutyToProtect:
    rule: Rule
    category: DutyCategory
    must_tell: tuple[Recipient, ...]
    may_tell: tuple[Recipient, ...]
    by_license: Mapping[str, DutyCategory] = field(default_factory=dict)
    trigger: Trigger = "serious_threat"
    discharge: Discharge = "all"
    precautions: tuple[Precaution, ...] = ()
    deadline_hours: int | None = None
    # A step the statute adds to whichever precaution discharges the duty (N.J.S.A.
    # 2A:62A-16 since 2018: identifying information to law enforcement for a firearms check).
    also_required: str = ""
    also_required_action: Precaution | None = None

    def category_for(self, license_: str) -> DutyCategory:
        return self.by_license.get(license_, self.category)


@dataclass(frozen=True, slots=True)
class MinorConsent:
    rule: Rule
    age: int
    parent_access: ParentAccess
    limits: str
    licenses: frozenset[str] = frozenset()
    max_sessions: int | None = None
    max_days: int | None = None
    sessions_per_week: int | None = None
    purposes: tuple[str, ...] = ()
    after_limit: str = ""
    counselor_may_inform_parents: bool = False
    # A maturity test in the law's words (a mature minor may consent whatever `age` says;
    # with `maturity_required`, a minor of `age` or older only once found mature). confide
    # never assumes the clinician's judgment: it is stated as a condition to make and document.
    maturity_test: str = ""
    maturity_required: bool = False
    # The condition on which a licence left out of `licenses` may still treat the minor on
    # their own consent (KRS 214.185(3): an unaccompanied youth); a condition, never assumed.
    other_licenses_condition: str = ""
    # Wherever the parent has access (as representative, or `parent_access = "full"`), the
    # finding that lets it be denied and the licences that may make it (Va. Code
    # 20-124.6(A): a written statement by the treating physician, clinical psychologist or
    # clinical social worker).
    access_denial_test: str = ""
    access_denial_licenses: frozenset[str] = frozenset()
    # A narrower own-consent route below `age` (Miss. Code 41-41-14: 15 or older, to a
    # physician or psychologist, for alcohol- or drug-related problems): a condition to check.
    route_age: int | None = None
    route_condition: str = ""
    route_licenses: frozenset[str] = frozenset()

    def route_may_admit(self, age: int, license_: str) -> bool:
        """A minor below the age who may still consent alone on the narrower route's terms."""
        return (
            self.route_age is not None
            and self.route_age <= age < self.age
            and (not self.route_licenses or license_ in self.route_licenses)
        )

    def maturity_may_admit(self, age: int) -> bool:
        """A minor below the age whose consent a maturity judgment could still make lawful."""
        return bool(self.maturity_test) and not self.maturity_required and age < self.age

    def limit_reached(self, sessions: int | None) -> bool:
        """Whether the minor's own-consent sessions are used up (unknown count: not reached)."""
        return (
            self.max_sessions is not None and sessions is not None and sessions >= self.max_sessions
        )

    @property
    def has_limits(self) -> bool:
        return bool(self.max_sessions or self.max_days or self.sessions_per_week or self.purposes)

    def covers(self, license_: str) -> bool:
        """Whether the own-consent statute names this licence (no list: every licence)."""
        return not self.licenses or license_ in self.licenses

    def may_not_cover(self, license_: str) -> bool:
        """The statute's licence list leaves this licence out, but the rule is not verified:
        the outcome keeps the age rule and the clinician is told to check the text."""
        return not self.covers(license_) and not self.rule.verified

    def lets_minor_consent(self, age: int, license_: str) -> bool:
        """Whether a minor of this age may consent alone to outpatient care by this licence.

        Only a verified licence list takes the minor's own consent away from a licence it
        leaves out; an unverified one is a caution (`may_not_cover`), never an outcome, so an
        unchecked reading cannot hand a young person's record to a parent."""
        if not self.covers(license_) and self.rule.verified:
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
    written_report_hours: int | None = None
    report_to_caretaker: str = ""
    report_to_other: str = ""
    also_report_to: str = ""
    victim_min_age: int | None = None
    mandatory_condition: str = ""
    # Licences the statute excuses from reporting what the client told them in a privileged
    # communication (ORS 124.060(2): psychiatrists and psychologists); the duty still covers
    # what they learned another way, so it stays required and the exception is said.
    privileged_exempt: frozenset[str] = frozenset()

    def required_of(self, license_: str) -> bool:
        return self.mandatory and license_ in self.reporters

    def recipients_for(self, perpetrator: str) -> tuple[str, ...]:
        """Who receives the report, by who is suspected; `unknown` lists every one that could."""
        split = self.report_to_caretaker or self.report_to_other
        if not split:
            found = [self.report_to]
        elif perpetrator == "caretaker":
            found = [self.report_to_caretaker or self.report_to]
        elif perpetrator == "other":
            found = [self.report_to_other or self.report_to]
        else:
            found = [
                self.report_to_caretaker or self.report_to,
                self.report_to_other or self.report_to,
            ]
        if self.also_report_to:
            found.append(self.also_report_to)
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class SelfHarmDuty:
    """A state duty or permission to report when a client threatens self-harm."""

    rule: Rule
    mandatory: bool
    report_to: str
    deadline_hours: int | None = None

    def required_of(self, license_: str) -> bool:
        return self.mandatory and self.rule.applies_to(license_)


@dataclass(frozen=True, slots=True)
class Privilege:
    """The state's psychotherapist-patient privilege statute, named when a subpoena is declined."""

    rule: Rule
    holders: str = ""

    @property
    def licenses(self) -> frozenset[str]:
        """The licences whose communications the statute privileges (empty: all of them)."""
        return self.rule.licenses

    def covers(self, license_: str) -> bool:
        return self.rule.applies_to(license_)


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
    excerpt = table.get("excerpt", str, "").strip()
    if len(excerpt) > EXCERPT_LIMIT:
        raise table.fail(
            "excerpt", f"must be at most {EXCERPT_LIMIT} characters, not {len(excerpt)}"
        )
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
        excerpt=excerpt,
    )
    if rule.confidence == "conflict" and not rule.note:
        raise table.fail("note", "is required when confidence is conflict")
    if rule.confidence == "verified" and not excerpt:
        note = f"{rule.note} {UNEXCERPTED_NOTE}".strip()
        rule = replace(rule, confidence="secondary", note=note, unexcerpted=True)
    return rule


def _hours(table: Table, name: str) -> int | None:
    hours: int | None = table.get(name, int, None)
    if hours is not None and hours < 0:
        raise table.fail(name, "must be 0 (immediately) or a positive number of hours")
    return hours


def _count(table: Table, name: str) -> int | None:
    value: int | None = table.get(name, int, None)
    if value is not None and value < 1:
        raise table.fail(name, "must be a positive whole number")
    return value


def _strings(table: Table, name: str) -> tuple[str, ...]:
    values = table.get(name, list, [])
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise table.fail(name, "must be a list of non-empty strings")
    return tuple(values)


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
        trigger=table.choice("trigger", TRIGGERS, "serious_threat"),
        discharge=table.choice("discharge", DISCHARGES, "all"),
        precautions=table.choices("precautions", PRECAUTIONS, []),
        deadline_hours=_hours(table, "deadline_hours"),
        **_also_required(table),
    )


def _also_required(table: Table) -> dict[str, Any]:
    clause = _clause(table, "also_required")
    action = table.choice("also_required_action", PRECAUTIONS, None)
    if action is not None and not clause:
        raise table.fail("also_required_action", "needs also_required (what the statute adds)")
    return {"also_required": clause, "also_required_action": action}


def read_minor_consent(table: Table) -> MinorConsent:
    rule = read_rule(table)
    age = table.get("age", int)
    if not 0 <= age <= 18:
        raise table.fail("age", "must be between 0 (any age) and 18 (no provision)")
    older = frozenset(table.choices("treating_licenses", LICENSES, []))
    if older and rule.licenses and older != rule.licenses:
        raise table.fail("treating_licenses", "disagrees with licenses: give only licenses")
    # The licence list belongs to the consent rule, where its confidence decides what it does
    # (`MinorConsent.lets_minor_consent`); left on the Rule it would also drop the rule from
    # `exceptions_for` for the licences it leaves out, whatever its confidence.
    listed = older | rule.licenses
    rule = replace(rule, licenses=frozenset())
    return MinorConsent(
        rule,
        age,
        table.choice("parent_access", PARENT_ACCESS),
        table.text("limits"),
        listed,
        max_sessions=_count(table, "max_sessions"),
        max_days=_count(table, "max_days"),
        sessions_per_week=_count(table, "sessions_per_week"),
        purposes=_strings(table, "purposes"),
        after_limit=table.text("after_limit", ""),
        counselor_may_inform_parents=table.get("counselor_may_inform_parents", bool, False),
        **_conditions(table, listed),
    )


def _clause(table: Table, name: str) -> str:
    """A clause the engine puts inside one of its sentences, so it is kept short enough for
    the sentence to stay readable (tests/policy/test_properties.py, 45 words at most)."""
    text = table.text(name, "").strip()
    if len(text.split()) > CLAUSE_WORDS:
        raise table.fail(name, f"must be at most {CLAUSE_WORDS} words, not {len(text.split())}")
    return text


def _route(table: Table) -> dict[str, Any]:
    age = table.get("route_age", int, None)
    condition = _clause(table, "route_condition")
    licenses = frozenset(table.choices("route_licenses", LICENSES, []))
    if (age is None) != (not condition):
        raise table.fail("route_condition", "route_age and route_condition go together")
    if licenses and age is None:
        raise table.fail("route_licenses", "needs route_age and route_condition")
    if age is not None and not 0 <= age < table.get("age", int):
        raise table.fail("route_age", "must be below age (it is a route for younger minors)")
    return {"route_age": age, "route_condition": condition, "route_licenses": licenses}


def _conditions(table: Table, listed: frozenset[str]) -> dict[str, Any]:
    """The judgments a minor's own consent may hang on; each needs the text it depends on."""
    test = _clause(table, "maturity_test")
    required = table.get("maturity_required", bool, False)
    if required and not test:
        raise table.fail("maturity_required", "needs maturity_test (the test in the law's words)")
    condition = _clause(table, "other_licenses_condition")
    if condition and not listed:
        raise table.fail("other_licenses_condition", "needs licenses (the licences it is not for)")
    denial = _clause(table, "access_denial_test")
    deniers = frozenset(table.choices("access_denial_licenses", LICENSES, []))
    if deniers and not denial:
        raise table.fail("access_denial_licenses", "needs access_denial_test (the finding)")
    route = _route(table)
    return {
        **route,
        "access_denial_test": denial,
        "access_denial_licenses": deniers,
        "maturity_test": test,
        "maturity_required": required,
        "other_licenses_condition": condition,
    }


def read_abuse(table: Table, *, covers_required: bool) -> AbuseReporting:
    rule = read_rule(table)
    hours = table.get("deadline_hours", int)
    if hours < 0:
        raise table.fail("deadline_hours", "must be 0 (immediately) or a positive number of hours")
    adult = covers_required
    return AbuseReporting(
        rule,
        table.get("mandatory", bool),
        frozenset(table.choices("reporters", LICENSES)),
        table.text("report_to"),
        hours,
        table.text("deadline"),
        table.choices("covers", ABUSE_CONCERNS) if adult else (),
        written_report_hours=_hours(table, "written_report_hours"),
        report_to_caretaker=table.text("report_to_caretaker", ""),
        report_to_other=table.text("report_to_other", ""),
        also_report_to=table.text("also_report_to", ""),
        victim_min_age=table.get("victim_min_age", int, None) if adult else None,
        mandatory_condition=table.text("mandatory_condition", "") if adult else "",
        privileged_exempt=frozenset(table.choices("privileged_exempt", LICENSES, []))
        if adult
        else frozenset(),
    )


def read_self_harm(table: Table) -> SelfHarmDuty:
    rule = read_rule(table)
    return SelfHarmDuty(
        rule,
        table.get("mandatory", bool),
        table.text("report_to"),
        _hours(table, "deadline_hours"),
    )


def read_privilege(table: Table) -> Privilege:
    return Privilege(read_rule(table), table.text("holders", ""))


def read_majority(table: Table) -> int:
    age: int = table.get("age_of_majority", int, DEFAULT_MAJORITY)
    if not 18 <= age <= 21:
        raise table.fail("age_of_majority", "must be between 18 and 21")
    return age
