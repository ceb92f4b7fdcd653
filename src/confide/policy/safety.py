"""Something the clinician learned suggests harm: the state's duty, read for this licence."""

from __future__ import annotations

import re

from confide.policy.decision import Action
from confide.policy.draft import Draft
from confide.policy.jurisdictions import Jurisdiction
from confide.policy.rules_model import AbuseReporting, DutyToProtect, Recipient
from confide.policy.situation import SafetyConcern, Situation

TELL_ACTION: dict[Recipient, Action] = {
    "threatened_person": "warn_threatened_person",
    "law_enforcement": "notify_law_enforcement",
    "mental_health_authority": "report_to_authority",
    "medical_personnel": "arrange_emergency_evaluation",
}
FEDERAL_RECIPIENTS: tuple[Recipient, ...] = ("threatened_person", "law_enforcement")
# A recipient named in the rule data that is the police: the report is also a police call.
POLICE = re.compile(r"law enforcement|police|sheriff", re.IGNORECASE)


def advise_safety(situation: Situation, event: SafetyConcern, place: Jurisdiction) -> Draft:
    draft = Draft(place)
    concern = event.concern
    if concern == "threat_to_identifiable_person":
        return _threat(draft, situation, event)
    if concern == "risk_of_self_harm":
        return _self_harm(draft, situation, event)
    if concern == "child_abuse":
        return _child_abuse(draft, situation, event)
    if concern == "intimate_partner_violence":
        return _partner_violence(draft, situation, event)
    return _adult_abuse(draft, situation, event)


def _threat(draft: Draft, situation: Situation, event: SafetyConcern) -> Draft:
    state = draft.place.state
    duty = state.duty_to_protect if state is not None else None
    license_ = situation.clinician_license
    category = duty.category_for(license_) if duty is not None else "permissive"
    required = category in ("mandatory", "mandatory_law_enforcement_only", "case_law")
    draft.cite(duty.rule.id if duty is not None else None, "us.hipaa.serious_threat")
    if not _duty_arises(duty, required, event):
        return _threat_in_session(draft, duty, required, event)
    if duty is None or category == "none":
        recipients = FEDERAL_RECIPIENTS
    else:
        recipients = tuple(dict.fromkeys((*duty.must_tell, *duty.may_tell)))
    draft.say(_threat_reason(required, event))
    if required:
        draft.cite("us.hipaa.required_by_law")
    draft.cite("us.hipaa.accounting")
    draft.cite(*draft.place.ethics_ids(license_, "disclosure"))
    steps: tuple[Action, ...] = tuple(TELL_ACTION[r] for r in recipients)
    if duty is not None and required and duty.discharge == "any" and duty.precautions:
        steps = duty.precautions
        draft.say(
            "Under this state's statute, taking any one of these precautions discharges the "
            f"duty: {_listing(steps)}. Choose the one that best protects the person at risk, "
            "and record which you took and why."
        )
    draft.conclude(
        "warn_and_protect",
        "required" if required else "discretionary",
        *steps,
        "arrange_emergency_evaluation",
        "consult_supervisor",
    )
    if required and duty is not None:
        for action in (
            steps if duty.discharge == "any" else (TELL_ACTION[r] for r in duty.must_tell)
        ):
            draft.due(action, duty.deadline_hours, duty.rule.id)
    if required and duty is not None:
        _also_required(draft, duty)
    if category == "none":
        draft.act("seek_legal_counsel")
    return draft.act("record_release", "document_decision")


def _also_required(draft: Draft, duty: DutyToProtect) -> None:
    """A step the statute adds whatever precaution is taken: it is never one of the choices
    that discharge the duty, so it is said apart, acted on and timed like the duty itself."""
    if not duty.also_required:
        return
    draft.say(
        f"Whichever step you take, this state's statute also requires you to {duty.also_required}."
    )
    if duty.also_required_action is not None:
        draft.act(duty.also_required_action)
        draft.due(duty.also_required_action, duty.deadline_hours, duty.rule.id)


def _duty_arises(duty: DutyToProtect | None, required: bool, event: SafetyConcern) -> bool:
    """A serious threat carries a state duty whose trigger is a serious threat, imminent or
    not (Cal. Civ. Code 43.92); HIPAA's own permission (164.512(j)) needs imminence too."""
    if not event.serious:
        return False
    if event.imminent:
        return True
    return required and duty is not None and duty.trigger == "serious_threat"


def _threat_reason(required: bool, event: SafetyConcern) -> str:
    if not event.imminent:
        return (
            "The client has made a serious threat of physical violence against an "
            "identifiable person. This state's duty turns on a serious threat, not on "
            "imminence: even though the danger is not judged imminent, the duty applies now, "
            "and HIPAA permits the disclosures the duty requires."
        )
    return "The client poses a serious and imminent threat to an identifiable person. " + (
        "The law here makes protective action a duty: act now, and tell those it names."
        if required
        else "The law here permits, but does not require, protective disclosure; use your "
        "judgment, sharing only what is needed to prevent the harm."
    )


def _threat_in_session(
    draft: Draft, duty: DutyToProtect | None, required: bool, event: SafetyConcern
) -> Draft:
    if not event.serious:
        draft.say(
            "The threat is not judged a serious threat of physical violence. Assess the risk "
            "carefully, consult, and revisit it with the client; if it becomes a serious threat "
            "against an identifiable person, the protective duty below applies at once."
        )
    else:
        draft.say(
            "The threat is not judged imminent now. Here the duty (or HIPAA's permission to "
            "warn) turns on a serious and imminent threat: assess the risk carefully, consult, "
            "and revisit it with the client; if it becomes imminent, act at once."
        )
    return draft.conclude(
        "address_in_session",
        "discretionary",
        "discuss_with_client",
        "add_to_next_session_agenda",
        "consult_supervisor",
        "document_decision",
    )


def _listing(actions: tuple[str, ...]) -> str:
    words = [action.replace("_", " ") for action in actions]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _self_harm(draft: Draft, situation: Situation, event: SafetyConcern) -> Draft:
    state = draft.place.state
    duty = state.self_harm if state is not None else None
    license_ = situation.clinician_license
    draft.cite(duty.rule.id if duty is not None else None, "us.hipaa.serious_threat")
    draft.cite(*draft.place.ethics_ids(license_, "disclosure"))
    if not event.imminent:
        draft.say(
            "The risk of self-harm is not judged imminent. Review the safety plan with the "
            "client at the next session, or sooner, and document the assessment."
        )
        if duty is not None:
            draft.say(
                f"If you come to judge the risk serious, this state's rule applies: "
                f"{duty.rule.summary.rstrip('.')} ({duty.rule.citation})."
            )
        return draft.conclude(
            "address_in_session",
            "discretionary",
            "discuss_with_client",
            "add_to_next_session_agenda",
            "document_decision",
        )
    draft.say(
        "The client is at imminent risk of harming themselves. Arrange an emergency "
        "evaluation; HIPAA permits telling those who can help keep the client safe "
        "(family, crisis services, emergency responders) what they need to know."
    )
    if draft.place.is_minor(situation.client.age):
        draft.say("With a minor, parents are usually among those who must be told.")
    required = duty is not None and duty.required_of(license_)
    draft.conclude(
        "warn_and_protect",
        "required" if required else "permitted",
        "arrange_emergency_evaluation",
    )
    if duty is not None and (required or not duty.mandatory):
        draft.say(
            f"This state {'requires' if required else 'permits'} a report to {duty.report_to}"
            + (
                f" within {duty.deadline_hours} hours."
                if duty.deadline_hours
                else " immediately."
                if duty.deadline_hours == 0
                else "."
            )
        )
        draft.cite("us.hipaa.required_by_law" if required else None)
        draft.act("report_to_authority")
        if required:
            draft.due("report_to_authority", duty.deadline_hours, duty.rule.id)
    return draft.act("discuss_with_client", "record_release", "document_decision")


def _child_abuse(draft: Draft, situation: Situation, event: SafetyConcern) -> Draft:
    state = draft.place.state
    draft.cite(state.child_abuse.rule.id if state is not None else "us.capta.mandated_reporting")
    draft.cite("us.hipaa.child_abuse_reporting", "us.hipaa.accounting")
    duty = state.child_abuse if state is not None else None
    required = duty is None or duty.required_of(situation.clinician_license)
    draft.say(_report_reason(duty, "child abuse or neglect"))
    draft.conclude("report", "required" if required else "discretionary", "report_to_authority")
    _recipients(draft, duty, event, required)
    if event.imminent:
        draft.act("notify_law_enforcement")
    return draft.act("record_release", "consult_supervisor", "document_decision")


def _adult_abuse(draft: Draft, situation: Situation, event: SafetyConcern) -> Draft:
    state = draft.place.state
    duty = state.adult_abuse if state is not None else None
    draft.cite(duty.rule.id if duty is not None else None, "us.hipaa.adult_abuse_reporting")
    draft.cite("us.hipaa.accounting")
    required = duty is not None and duty.required_of(situation.clinician_license)
    what = "abuse of an elder" if event.concern == "elder_abuse" else "abuse of a dependent adult"
    if required and duty is not None and _below_elder_age(duty, event):
        required = False
        draft.say(
            f"This state's elder-abuse duty covers victims aged {duty.victim_min_age} or older; "
            f"the person is {event.victim_age}, so that duty does not apply (check whether they "
            "count as a dependent or vulnerable adult instead)."
        )
    draft.say(_report_reason(duty, what) if required or duty is None else _permitted(duty, what))
    if required and duty is not None and duty.mandatory_condition:
        draft.say(f"The duty is mandatory only in this case: {duty.mandatory_condition}.")
    if required and duty is not None and situation.clinician_license in duty.privileged_exempt:
        draft.say(
            "For your licence the statute excuses reporting what the client told you in a "
            "privileged communication; what you learned another way must still be reported. "
            "Decide which it is, take advice if unsure, and document it."
        )
    if not required:
        draft.say(
            "Because no report is required, HIPAA allows one only if the adult agrees, or if a "
            "statute authorizes it and you judge it necessary to prevent serious harm."
        )
    draft.conclude("report", "required" if required else "discretionary")
    if not required:
        draft.act("discuss_with_client")
    draft.act("report_to_authority")
    _recipients(draft, duty, event, required)
    if event.imminent:
        draft.act("notify_law_enforcement")
    return draft.act("notify_client", "record_release", "document_decision")


def _below_elder_age(duty: AbuseReporting, event: SafetyConcern) -> bool:
    return (
        event.concern == "elder_abuse"
        and duty.victim_min_age is not None
        and event.victim_age is not None
        and event.victim_age < duty.victim_min_age
    )


def _recipients(
    draft: Draft, duty: AbuseReporting | None, event: SafetyConcern, required: bool
) -> None:
    """Name who receives the report, by who is suspected, and the timed steps."""
    if duty is None:
        return
    recipients = duty.recipients_for(event.alleged_perpetrator)
    split = bool(duty.report_to_caretaker or duty.report_to_other)
    if split and event.alleged_perpetrator == "unknown":
        draft.say(
            "Who receives the report depends on who is suspected, and that is not known: "
            f"if a parent or caretaker, report to {duty.report_to_caretaker or duty.report_to}; "
            f"if someone else, report to {duty.report_to_other or duty.report_to}. Where you "
            "cannot tell, report to each."
        )
        if duty.also_report_to:
            draft.say(f"Whoever is suspected, also report to {duty.also_report_to}.")
    else:
        draft.say(f"Report to {' and to '.join(recipients)}.")
    # Only the v2 recipient fields name one agency each; `report_to` may list alternatives
    # ("child welfare or police"), which must not turn into a second, separate duty.
    named = [duty.also_report_to]
    if event.alleged_perpetrator != "caretaker":
        named.append(duty.report_to_other)
    police = any(POLICE.search(text) for text in named if text)
    if police:
        draft.act("notify_law_enforcement")
    if not required:
        return
    draft.due("report_to_authority", duty.deadline_hours, duty.rule.id)
    draft.due("report_to_authority", duty.written_report_hours, duty.rule.id)
    if police:
        draft.due("notify_law_enforcement", duty.deadline_hours, duty.rule.id)
    if duty.deadline:
        draft.say(f"Deadline: {duty.deadline}.")


def _report_reason(duty: AbuseReporting | None, what: str) -> str:
    if duty is None:
        return (
            f"You have reason to suspect {what}. Federal rules alone are in play here; every "
            "state has its own reporting statute, so check the client's state for where and "
            "how fast to report."
        )
    if duty.mandatory:
        return (
            f"You have reason to suspect {what}, and a report is required by the deadline below. "
            "The report overrides confidentiality: share what it needs, no more."
        )
    return _permitted(duty, what)


def _permitted(duty: AbuseReporting, what: str) -> str:
    return f"You have reason to suspect {what}. A report to {duty.report_to} is permitted here."


def _partner_violence(draft: Draft, situation: Situation, event: SafetyConcern) -> Draft:
    draft.cite("us.hipaa.adult_abuse_reporting", "us.hipaa.serious_threat")
    if not event.imminent:
        draft.say(
            "Intimate partner violence against an adult client is generally not reportable "
            "without the client's agreement. Work on safety planning with the client, and "
            "respect their choices about telling anyone."
        )
        return draft.conclude(
            "address_in_session",
            "discretionary",
            "discuss_with_client",
            "add_to_next_session_agenda",
            "document_decision",
        )
    draft.say(
        "There is an imminent risk of violence. Plan for safety with the client now; HIPAA "
        "permits telling law enforcement or others able to prevent a serious and imminent "
        "threat, preferably with the client's agreement."
    )
    return draft.conclude(
        "warn_and_protect",
        "discretionary",
        "discuss_with_client",
        "notify_law_enforcement",
        "record_release",
        "document_decision",
    )
