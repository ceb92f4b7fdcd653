"""A safety decision turned into the steps a clinician works through, with their deadlines.

Pure: it reads the engine's Decision and the jurisdiction's rule data, nothing else, so the
same situation always gives the same checklist. Deadlines come only from the decision's
`deadlines` (contract v2, each from its rule): "immediately" is 0 hours and due now; a
second, later deadline for the same duty (California's written report within 36 hours after
the immediate phone report) is its own step. Where the rules give none, the step has no
deadline and the page says "now" for imminent threats rather than inventing a number.
"""

from __future__ import annotations

from dataclasses import dataclass

from confide.policy.decision import Decision
from confide.policy.jurisdictions import Jurisdiction

# Kinds of step: a warning or report is a release and enters the client's accounting.
RELEASE_KINDS = frozenset({"warn", "report"})


@dataclass(frozen=True, slots=True)
class StepPlan:
    action: str
    kind: str  # warn | report | act | tell_client | record | agenda
    title: str
    detail: str
    recipient_hint: str = ""
    due_hours: int | None = None
    citation: str = ""

    @property
    def releases(self) -> bool:
        return self.kind in RELEASE_KINDS


TELL_CLIENT: dict[str, str] = {
    "threat_to_identifiable_person": (
        "When it is safe to do so, tell the client what you have done and why: the limits of "
        "confidentiality in their agreement include protecting someone they have threatened."
    ),
    "risk_of_self_harm": (
        "Tell the client who you are involving and why, and work on the safety plan together."
    ),
    "child_abuse": (
        "Unless it would put the child at greater risk, tell the client a report is being made, "
        "what it will say, and what is likely to happen next."
    ),
    "elder_abuse": (
        "Tell the client a report is being made, and why, unless that would increase the risk."
    ),
    "dependent_adult_abuse": (
        "Tell the client a report is being made, and why, unless that would increase the risk."
    ),
    "intimate_partner_violence": (
        "Respect the client's choices about who is told; agree with them what you will do and "
        "when you would act without their agreement."
    ),
}
IMMEDIATELY = " The rule says immediately: this is due now (by phone where the statute says so)."
RECORD_TEXT = (
    "Record what you learned and when, your assessment of the risk, whom you consulted, whom "
    "you warned or reported to (when, how, what you said), and what you told the client."
)


def abuse_deadline(place: Jurisdiction, concern: str) -> tuple[int | None, str, str]:
    """(deadline_hours, report_to, citation) of the state's reporting rule for `concern`."""
    state = place.state
    if state is None:
        return None, "", ""
    if concern == "child_abuse":
        rule = state.child_abuse
    elif concern in state.adult_abuse.covers:
        rule = state.adult_abuse
    else:
        return None, "", ""
    return rule.deadline_hours, rule.report_to, rule.rule.citation


def _duty_citation(place: Jurisdiction) -> str:
    return place.state.duty_to_protect.rule.citation if place.state is not None else ""


def due_hours(decision: Decision) -> dict[str, list[int]]:
    """Each timed action's deadlines in hours, soonest first, from the decision."""
    found: dict[str, set[int]] = {}
    for deadline in decision.deadlines:
        found.setdefault(deadline.action, set()).add(deadline.within_hours)
    return {action: sorted(hours) for action, hours in found.items()}


WRITTEN_REPORT = (
    "Follow the first report with the written report the statute requires: the same facts, no more."
)


def plan(decision: Decision, place: Jurisdiction, concern: str) -> list[StepPlan]:
    """The checklist for one safety decision, in the order the engine listed its actions."""
    rule_hours, report_to, abuse_citation = abuse_deadline(place, concern)
    is_abuse = rule_hours is not None or (concern in ABUSE_CONCERNS and bool(report_to))
    due = due_hours(decision)
    steps: list[StepPlan] = []
    for action in decision.actions:
        hours = _first_due(due, action, is_abuse)
        step = _step(action, concern, place, hours, report_to, abuse_citation, is_abuse)
        if step is None:
            continue
        steps.append(step)
        for later in due.get(action, [])[1:]:
            steps.append(
                StepPlan(
                    action, "act", "Send the written report", WRITTEN_REPORT,
                    report_to, later, step.citation,
                )
            )  # fmt: skip
    return _with_client_and_record(steps, concern)


def _first_due(due: dict[str, list[int]], action: str, is_abuse: bool) -> int | None:
    """The action's soonest deadline. Telling the police of abuse is the same report under
    the same rule ("report to APS or law enforcement"), so it shares the report's deadline."""
    if action in due:
        return due[action][0]
    if is_abuse and action == "notify_law_enforcement" and "report_to_authority" in due:
        return due["report_to_authority"][0]
    return None


ABUSE_CONCERNS = frozenset({"child_abuse", "elder_abuse", "dependent_adult_abuse"})


def _with_client_and_record(steps: list[StepPlan], concern: str) -> list[StepPlan]:
    """Every checklist says what to tell the client and ends with the record, even where the
    engine lists neither (an imminent threat: protect first, explain after)."""
    if not any(s.kind == "tell_client" for s in steps):
        step = StepPlan(
            "discuss_with_client", "tell_client", "Tell the client", TELL_CLIENT[concern]
        )
        at = next((i for i, s in enumerate(steps) if s.kind == "record"), len(steps))
        steps.insert(at, step)
    if not any(s.kind == "record" for s in steps):
        steps.append(
            StepPlan("document_decision", "record", "Record what you did and why", RECORD_TEXT)
        )
    return steps


def _step(
    action: str,
    concern: str,
    place: Jurisdiction,
    hours: int | None,
    report_to: str,
    abuse_citation: str,
    is_abuse: bool,
) -> StepPlan | None:
    if action == "warn_threatened_person":
        return StepPlan(
            action,
            "warn",
            "Warn the person threatened",
            "Tell them of the threat: only what they need to protect themselves.",
            "The person threatened",
            None,
            _duty_citation(place),
        )
    if action == "notify_law_enforcement":
        return StepPlan(
            action,
            "warn",
            "Notify law enforcement",
            "Give the police what they need to prevent the harm, no more.",
            "Local law enforcement",
            hours,
            abuse_citation if is_abuse else _duty_citation(place),
        )
    if action == "report_to_authority":
        if is_abuse:
            return StepPlan(
                action,
                "report",
                "Make the mandated report",
                f"Report to {report_to}. Share what the report needs, no more."
                + (IMMEDIATELY if hours == 0 else ""),
                report_to,
                hours,
                abuse_citation,
            )
        return StepPlan(
            action,
            "report",
            "Report to the mental health authority",
            "Share what the authority needs to act, no more." + (IMMEDIATELY if hours == 0 else ""),
            "The mental health authority",
            hours,
        )
    return _other_step(action, concern)


OTHER_STEPS: dict[str, tuple[str, str, str]] = {
    "arrange_emergency_evaluation": (
        "act",
        "Arrange an emergency evaluation",
        "Crisis team, emergency department or mobile crisis unit, as the situation needs.",
    ),
    "consult_supervisor": (
        "act",
        "Consult a supervisor or colleague",
        "Talk it through, and record whom you consulted and what you concluded.",
    ),
    "seek_legal_counsel": (
        "act",
        "Seek legal advice",
        "The law here sets no clear duty; advice protects you and the client.",
    ),
    "add_to_next_session_agenda": (
        "agenda",
        "Take it up at the next session",
        "Marking this done puts it on the agenda of the client's next session.",
    ),
    "document_decision": ("record", "Record what you did and why", RECORD_TEXT),
}


def _other_step(action: str, concern: str) -> StepPlan | None:
    if action in ("discuss_with_client", "notify_client"):
        return StepPlan(action, "tell_client", "Tell the client", TELL_CLIENT[concern])
    if action in OTHER_STEPS:
        kind, title, detail = OTHER_STEPS[action]
        return StepPlan(action, kind, title, detail)
    # record_release is done by confide itself whenever a warning or report is marked done.
    return None
