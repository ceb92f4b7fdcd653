"""Rule data per jurisdiction: the federal baseline plus one state (or DC) file.

Files are read lazily, once each (functools.cache), so `confide advise` parses only the two
files it needs. A Jurisdiction is the engine's precomputed index: rules by id, ethics rules by
licence and topic, and the state's typed duties.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar

from confide.policy.rules_model import (
    DEFAULT_MAJORITY,
    AbuseReporting,
    DutyToProtect,
    MinorConsent,
    Privilege,
    Rule,
    RuleDataError,
    SelfHarmDuty,
    Table,
    read_abuse,
    read_duty,
    read_majority,
    read_minor_consent,
    read_privilege,
    read_rule,
    read_self_harm,
)
from confide.policy.vocabulary import LICENSES

RULES_DIR = Path(__file__).resolve().parent / "rules" / "us"
FEDERAL_FILE = RULES_DIR / "federal.toml"
STATES_DIR = RULES_DIR / "states"
_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
STATE_CODES: frozenset[str] = frozenset(_CODES.split(" "))
T = TypeVar("T")
ETHICS_TOPICS = ("disclosure", "multi_client", "consultation", "minors", "court", "payers")


@dataclass(frozen=True, slots=True)
class FederalRules:
    rules: Mapping[str, Rule]
    # ethics[(licence, topic)] -> the ethics rules binding that licence on that topic
    ethics: Mapping[tuple[str, str], tuple[Rule, ...]]
    ethics_ids: Mapping[tuple[str, str], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class StateRules:
    code: str
    name: str
    duty_to_protect: DutyToProtect
    minor_consent: MinorConsent
    child_abuse: AbuseReporting
    adult_abuse: AbuseReporting
    joint_release: Rule | None = None
    age_of_majority: int = DEFAULT_MAJORITY
    self_harm: SelfHarmDuty | None = None
    privilege: Privilege | None = None

    def rules(self) -> tuple[Rule, ...]:
        optional = (
            self.joint_release,
            self.self_harm.rule if self.self_harm is not None else None,
            self.privilege.rule if self.privilege is not None else None,
        )
        found = (
            self.duty_to_protect.rule,
            self.minor_consent.rule,
            self.child_abuse.rule,
            self.adult_abuse.rule,
        )
        return (*found, *(rule for rule in optional if rule is not None))


@dataclass(frozen=True, slots=True, eq=False)
class Jurisdiction:
    """Compared and hashed by identity: one cached instance per code (see `jurisdiction`)."""

    code: str
    name: str
    federal: FederalRules
    state: StateRules | None = None
    rules: Mapping[str, Rule] = field(default_factory=dict)

    @property
    def age_of_majority(self) -> int:
        """The state's age of majority (18 under federal rules alone)."""
        return DEFAULT_MAJORITY if self.state is None else self.state.age_of_majority

    def is_minor(self, age: int) -> bool:
        return age < self.age_of_majority

    def rule(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def ethics(self, license_: str, topic: str) -> tuple[Rule, ...]:
        return self.federal.ethics.get((license_, topic), ())

    def ethics_ids(self, license_: str, topic: str) -> tuple[str, ...]:
        return self.federal.ethics_ids.get((license_, topic), ())


def is_known_jurisdiction(code: str) -> bool:
    return code == "US" or (code.startswith("US-") and code[3:] in STATE_CODES)


@cache
def federal_rules(path: Path = FEDERAL_FILE) -> FederalRules:
    """Parse and validate the federal baseline and the ethics codes."""
    top = Table(_display(path), "", _read_toml(path))
    top.text("jurisdiction")
    top.text("name")
    raw_rules = top.get("rule", list)
    top.done()
    rules: dict[str, Rule] = {}
    ethics: dict[tuple[str, str], list[Rule]] = {}
    for index, raw in enumerate(raw_rules):
        table = Table(top.file, f"rule[{index}]", raw)
        rule = read_rule(table)
        topic = table.choice("ethics_topic", ETHICS_TOPICS, None)
        table.done()
        if rule.id in rules:
            raise table.fail("id", f"duplicate rule id {rule.id!r}")
        rules[rule.id] = rule
        if topic is not None:
            for license_ in rule.licenses or frozenset(LICENSES):
                ethics.setdefault((license_, topic), []).append(rule)
    return FederalRules(
        rules,
        {key: tuple(found) for key, found in ethics.items()},
        {key: tuple(rule.id for rule in found) for key, found in ethics.items()},
    )


def parse_state_file(path: Path) -> StateRules:
    """Parse and validate one state file (public so tests can feed it broken data)."""
    top = Table(_display(path), "", _read_toml(path))
    code = top.text("jurisdiction")
    if code != f"US-{path.stem}":
        raise top.fail("jurisdiction", f"must be US-{path.stem} to match the file name")
    state = StateRules(
        code=code,
        name=top.text("name"),
        duty_to_protect=_done(top, "duty_to_protect", read_duty),
        minor_consent=_done(top, "minor_consent", read_minor_consent),
        child_abuse=_done(top, "child_abuse_reporting", _child_abuse),
        adult_abuse=_done(top, "adult_abuse_reporting", _adult_abuse),
        joint_release=_optional(top, "joint_release", read_rule),
        age_of_majority=read_majority(top),
        self_harm=_optional(top, "self_harm", read_self_harm),
        privilege=_optional(top, "privilege", read_privilege),
    )
    top.done()
    prefix = f"{code.lower()}."
    for rule in state.rules():
        if not rule.id.startswith(prefix):
            raise RuleDataError(top.file, f"{rule.id}", f"state rule ids must start with {prefix}")
    return state


@cache
def jurisdiction(code: str) -> Jurisdiction:
    """The engine's index for one jurisdiction; raises KeyError for an unknown code."""
    if not is_known_jurisdiction(code):
        raise KeyError(code)
    federal = federal_rules()
    if code == "US":
        return Jurisdiction(
            code, "the United States (federal rules only)", federal, None, federal.rules
        )
    state = parse_state_file(STATES_DIR / f"{code[3:]}.toml")
    rules = dict(federal.rules)
    rules.update({rule.id: rule for rule in state.rules()})
    return Jurisdiction(code, state.name, federal, state, rules)


def all_jurisdictions() -> list[Jurisdiction]:
    return [jurisdiction("US")] + [jurisdiction(f"US-{c}") for c in sorted(STATE_CODES)]


def minor_consent_rule(code: str) -> MinorConsent | None:
    """The state's rule on minors consenting to outpatient mental health care (None for US)."""
    state = jurisdiction(code).state
    return None if state is None else state.minor_consent


def exceptions_for(code: str, license_: str) -> list[Rule]:
    """The legal exceptions to confidentiality a confidentiality agreement should list."""
    place = jurisdiction(code)
    found = [rule for rule in place.federal.rules.values() if rule.exception is not None]
    if place.state is not None:
        state = place.state
        if state.duty_to_protect.category_for(license_) != "none":
            found.append(state.duty_to_protect.rule)
        found += [state.child_abuse.rule, state.adult_abuse.rule, state.minor_consent.rule]
        if state.self_harm is not None:
            found.append(state.self_harm.rule)
    return [rule for rule in found if rule.applies_to(license_)]


def _child_abuse(table: Table) -> AbuseReporting:
    return read_abuse(table, covers_required=False)


def _adult_abuse(table: Table) -> AbuseReporting:
    return read_abuse(table, covers_required=True)


def _done(top: Table, name: str, reader: Callable[[Table], T]) -> T:
    table = top.sub(name)
    if not table.data:
        raise top.fail(name, "is required")
    result = reader(table)
    table.done()
    return result


def _optional(top: Table, name: str, reader: Callable[[Table], T]) -> T | None:
    return _done(top, name, reader) if name in top.data else None


def _read_toml(path: Path) -> object:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise RuleDataError(_display(path), "(syntax)", str(error)) from error
    except OSError as error:
        raise RuleDataError(_display(path), "(file)", str(error)) from error


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(RULES_DIR.parent.parent))
    except ValueError:
        return str(path)
