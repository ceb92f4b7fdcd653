"""Something the clinician learned suggests harm: the state's duty, read for this licence."""

from __future__ import annotations

from confide.policy.decision import Action
from confide.policy.draft import Draft
from confide.policy.jurisdictions import Jurisdiction
from confide.policy.rules_model import AbuseReporting, Recipient
from confide.policy.situation import SafetyConcern, Situation

TELL_ACTION: dict[Recipient, Action] = {
    "threatened_person": "warn_threatened_person",
    "law_enforcement": "notify_law_enforcement",
    "mental_health_authority": "report_to_authority",
    "medical_personnel": "arrange_emergency_evaluation",
}
FEDERAL_RECIPIENTS: tuple[Recipient, ...] = ("threatened_person", "law_enforcement")


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
    draft.cite(duty.rule.id if duty is not None else None, "us.hipaa.serious_threat")
    if not event.imminent:
        draft.say(
            "The threat is not judged serious and imminent now. Assess the risk carefully, "
            "consult, and revisit it with the client; if it becomes a serious threat against "
            "an identifiable person, the protective duty below applies at once."
        )
        return draft.conclude(
            "address_in_session",
            "discretionary",
            "discuss_with_client",
            "add_to_next_session_agenda",
            "consult_supervisor",
            "document_decision",
        )
    if duty is None or category == "none":
        recipients = FEDERAL_RECIPIENTS
    else:
        recipients = tuple(dict.fromkeys((*duty.must_tell, *duty.may_tell)))
    required = category in ("mandatory", "mandatory_law_enforcement_only", "case_law")
    draft.say(
        "The client poses a serious and imminent threat to an identifiable person. "
        + (
            "The law here makes protective action a duty: act now, and tell those it names."
            if required
            else "The law here permits, but does not require, protective disclosure; use your "
            "judgment, sharing only what is needed to prevent the harm."
        )
    )
    draft.cite("us.hipaa.accounting")
    draft.cite(*draft.place.ethics_ids(license_, "disclosure"))
    draft.conclude(
        "warn_and_protect",
        "required" if required else "discretionary",
        *(TELL_ACTION[r] for r in recipients),
        "arrange_emergency_evaluation",
        "consult_supervisor",
    )
    if category == "none":
        draft.act("seek_legal_counsel")
    return draft.act("record_release", "document_decision")


def _self_harm(draft: Draft, situation: Situation, event: SafetyConcern) -> Draft:
    draft.cite("us.hipaa.serious_threat")
    draft.cite(*draft.place.ethics_ids(situation.clinician_license, "disclosure"))
    if not event.imminent:
        draft.say(
            "The risk of self-harm is not judged imminent. Review the safety plan with the "
            "client at the next session, or sooner, and document the assessment."
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
    if situation.client.is_minor:
        draft.say("With a minor, parents are usually among those who must be told.")
    return draft.conclude(
        "warn_and_protect",
        "permitted",
        "arrange_emergency_evaluation",
        "discuss_with_client",
        "record_release",
        "document_decision",
    )


def _child_abuse(draft: Draft, situation: Situation, event: SafetyConcern) -> Draft:
    state = draft.place.state
    draft.cite(state.child_abuse.rule.id if state is not None else "us.capta.mandated_reporting")
    draft.cite("us.hipaa.child_abuse_reporting", "us.hipaa.accounting")
    duty = state.child_abuse if state is not None else None
    required = duty is None or duty.required_of(situation.clinician_license)
    draft.say(_report_reason(duty, "child abuse or neglect"))
    draft.conclude("report", "required" if required else "discretionary", "report_to_authority")
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
    draft.say(_report_reason(duty, what))
    if not required:
        draft.say(
            "Because no report is required, HIPAA allows one only if the adult agrees, or if a "
            "statute authorizes it and you judge it necessary to prevent serious harm."
        )
    draft.conclude("report", "required" if required else "discretionary")
    if not required:
        draft.act("discuss_with_client")
    draft.act("report_to_authority")
    if event.imminent:
        draft.act("notify_law_enforcement")
    return draft.act("notify_client", "record_release", "document_decision")


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
