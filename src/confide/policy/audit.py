"""`confide rules audit`: how far the rule pack can be trusted, per jurisdiction.

Counts verified / secondary / conflict rules, gives the oldest check date, and lists every rule
lacking a source, a date or (when it claims to be verified) a quoted excerpt. Those gaps make
the audit fail, so `make lint` keeps the pack honest. Pure Python, no Django.
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
    if args != ["audit"]:
        print("usage: confide rules audit", file=sys.stderr)
        return 2
    try:
        rows = audit()
    except RuleDataError as error:
        print(f"confide rules audit: bad rule data: {error}", file=sys.stderr)
        return 2
    print(render(rows))
    return 1 if any(row.gaps for row in rows) else 0
