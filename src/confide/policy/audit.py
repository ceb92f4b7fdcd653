"""`confide rules audit`: how far the rule pack can be trusted, per jurisdiction.

Counts verified / secondary / conflict rules, gives the oldest check date, and lists every rule
lacking a source, a date or (when it claims to be verified) a quoted excerpt. Those gaps make
the audit fail, so `make lint` keeps the pack honest. The same counts per topic across the
states show a privacy officer where the pack is weakest (the mandated duties first), and
`--unverified` lists each rule not read in its official text with where it was read instead,
so a reviewer can pick up the search. Pure Python, no Django.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from confide.policy.jurisdictions import Jurisdiction, all_jurisdictions
from confide.policy.rules_model import Rule


@dataclass(frozen=True, slots=True)
class Gap:
    rule: str
    problem: str


@dataclass(frozen=True, slots=True)
class PlaceAudit:
    code: str
    verified: int
    secondary: int
    conflict: int
    oldest: dt.date | None
    gaps: tuple[Gap, ...]

    @property
    def total(self) -> int:
        return self.verified + self.secondary + self.conflict


def gaps_of(rule: Rule) -> list[Gap]:
    """What a reviewer could not check about this rule."""
    found = []
    if not rule.source.strip():
        found.append(Gap(rule.id, "no source"))
    if rule.checked is None:
        found.append(Gap(rule.id, "no check date"))
    elif rule.checked > dt.date.today():
        # Here, not in the loader: loading rules must never depend on the server's clock.
        found.append(Gap(rule.id, f"check date {rule.checked} is in the future"))
    if rule.unexcerpted:
        found.append(Gap(rule.id, "marked verified without an excerpt (treated as secondary)"))
    elif rule.verified and not rule.excerpt.strip():
        found.append(Gap(rule.id, "verified without an excerpt"))
    return found


def audit_rules(code: str, rules: Iterable[Rule]) -> PlaceAudit:
    listed = list(rules)
    counts = {"verified": 0, "secondary": 0, "conflict": 0}
    for rule in listed:
        counts[rule.confidence] += 1
    dates = [rule.checked for rule in listed if rule.checked is not None]
    gaps = tuple(gap for rule in listed for gap in gaps_of(rule))
    return PlaceAudit(
        code,
        counts["verified"],
        counts["secondary"],
        counts["conflict"],
        min(dates) if dates else None,
        gaps,
    )


# Topics in the order a privacy officer reads them: the mandated duties first. The topic is the
# rule id's last part (`us-nv.duty_to_protect`), which the loader derives from the table name.
TOPICS = {
    "child_abuse_reporting": "child abuse",
    "adult_abuse_reporting": "adult abuse",
    "duty_to_protect": "duty to warn / protect",
    "self_harm": "self-harm",
    "minor_consent": "minors' consent",
    "privilege": "privilege",
    "joint_release": "joint release",
}


def topic_of(rule: Rule) -> str:
    """The rule's topic label, or its id's last part for a table this list does not know."""
    key = rule.id.rsplit(".", 1)[-1]
    return TOPICS.get(key, key)


def state_rules(places: Sequence[Jurisdiction] | None = None) -> list[tuple[str, Rule]]:
    """Every state rule with its jurisdiction code, in the pack's order."""
    found = []
    for place in all_jurisdictions() if places is None else places:
        if place.state is not None:
            found += [(place.code, rule) for rule in place.state.rules()]
    return found


def by_topic(rules: Iterable[tuple[str, Rule]]) -> dict[str, dict[str, int]]:
    """verified / secondary / conflict counts per topic, topics in `TOPICS` order."""
    counts: dict[str, dict[str, int]] = {}
    for label in TOPICS.values():
        counts[label] = {"verified": 0, "secondary": 0, "conflict": 0}
    for _code, rule in rules:
        row = counts.setdefault(topic_of(rule), {"verified": 0, "secondary": 0, "conflict": 0})
        row[rule.confidence] += 1
    return {label: row for label, row in counts.items() if sum(row.values())}


def render_topics(counts: dict[str, dict[str, int]]) -> str:
    lines = [f"{'state topic':<24}{'verified':>9}{'secondary':>10}{'conflict':>9}"]
    for label, row in counts.items():
        lines.append(f"{label:<24}{row['verified']:>9}{row['secondary']:>10}{row['conflict']:>9}")
    return "\n".join(lines)


def render_unverified(rules: Iterable[tuple[str, Rule]]) -> str:
    """One paragraph per rule not verified: what it cites and where it was read instead."""
    lines = []
    for code, rule in rules:
        if rule.verified:
            continue
        lines.append(f"{code} {topic_of(rule)} ({rule.confidence}, checked {rule.checked}):")
        lines.append(f"  cites: {rule.citation}")
        lines.append(f"  read in: {rule.source}")
    return "\n".join(lines) if lines else "Every state rule is verified."


def audit(places: Sequence[Jurisdiction] | None = None) -> list[PlaceAudit]:
    """One row for the federal baseline (US) and one per state, each with its own rules."""
    rows = []
    for place in all_jurisdictions() if places is None else places:
        if place.state is None:
            rows.append(audit_rules(place.code, place.federal.rules.values()))
        else:
            rows.append(audit_rules(place.code, place.state.rules()))
    return rows


def render(rows: Sequence[PlaceAudit]) -> str:
    lines = [f"{'jurisdiction':<13}{'verified':>9}{'secondary':>10}{'conflict':>9}  oldest check"]
    for row in rows:
        oldest = row.oldest.isoformat() if row.oldest else "-"
        lines.append(
            f"{row.code:<13}{row.verified:>9}{row.secondary:>10}{row.conflict:>9}  {oldest}"
        )
    state_rows = [row for row in rows if row.code != "US"]
    total = sum(row.total for row in state_rows)
    verified = sum(row.verified for row in state_rows)
    lines.append(
        f"{'all states':<13}{verified:>9}{sum(r.secondary for r in state_rows):>10}"
        f"{sum(r.conflict for r in state_rows):>9}  "
        f"{(100 * verified / total if total else 0):.0f}% of {total} state rules verified"
    )
    gaps = [gap for row in rows for gap in row.gaps]
    if gaps:
        lines.append(f"{len(gaps)} rules cannot be checked by a reviewer:")
        lines += [f"  {gap.rule}: {gap.problem}" for gap in gaps]
    else:
        lines.append("Every rule names its source and check date; every verified rule quotes it.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """`confide rules audit`: exit 1 when any rule lacks a source, date or excerpt."""
    import sys

    from confide.policy.rules_model import RuleDataError

    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["rules"]:
        args = args[1:]
    if args not in (["audit"], ["audit", "--unverified"]):
        print("usage: confide rules audit [--unverified]", file=sys.stderr)
        return 2
    try:
        rows = audit()
        rules = state_rules()
    except RuleDataError as error:
        print(f"confide rules audit: bad rule data: {error}", file=sys.stderr)
        return 2
    print(render(rows))
    print()
    print(render_topics(by_topic(rules)))
    if "--unverified" in args:
        print()
        print(render_unverified(rules))
    return 1 if any(row.gaps for row in rows) else 0
