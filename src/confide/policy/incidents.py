"""A possible breach of confidentiality.

A client's or participant's lapse is material for therapy; the practice's own is a breach.
"""

from __future__ import annotations

from confide.policy.draft import Draft
from confide.policy.jurisdictions import Jurisdiction
from confide.policy.situation import Situation, SuspectedViolation

PRACTICE = frozenset({"staff", "system"})


def advise_violation(situation: Situation, event: SuspectedViolation, place: Jurisdiction) -> Draft:
    draft = Draft(place)
    if event.by in PRACTICE:
        return _breach(draft, event)
    if event.by == "unknown":
        return _unknown(draft, situation)
    return _in_session(draft, situation, event)


def _breach(draft: Draft, event: SuspectedViolation) -> Draft:
    who = "a member of staff" if event.by == "staff" else "the practice's systems"
    draft.cite("us.hipaa.breach_notification")
    draft.say(
        f"Information may have been used or disclosed improperly by {who}. Treat it as a "
        "breach unless a documented risk assessment shows a low probability that the "
        "information was compromised, and contain it now."
    )
    return draft.conclude(
        "report",
        "required",
        "assess_breach_risk",
        "consult_supervisor",
        "notify_affected_individuals",
        "document_decision",
    )


def _unknown(draft: Draft, situation: Situation) -> Draft:
    draft.cite("us.hipaa.breach_notification")
    draft.cite(*draft.place.ethics_ids(situation.clinician_license, "multi_client"))
    draft.say(
        "It is not known who broke confidentiality. Assess whether the practice's own handling "
        "could be the source (a breach to assess and, if confirmed, notify), and raise the "
        "concern with the client."
    )
    return draft.conclude(
        "report",
        "discretionary",
        "assess_breach_risk",
        "consult_supervisor",
        "discuss_with_client",
        "add_to_next_session_agenda",
        "document_decision",
    )


def _in_session(draft: Draft, situation: Situation, event: SuspectedViolation) -> Draft:
    license_ = situation.clinician_license
    joint = event.setting in ("couple", "family", "group") or situation.case.is_joint
    draft.cite(*draft.place.ethics_ids(license_, "multi_client" if joint else "disclosure"))
    minor = draft.place.is_minor(situation.client.age)
    draft.cite(*draft.place.ethics_ids(license_, "minors") if minor else ())
    who = {
        "client": "the client",
        "case_participant": "a participant",
        "related_person": "someone close to the client",
    }[event.by]
    draft.say(
        f"It seems {who} may have shared what was said in therapy. That is a matter for "
        "therapy, not for the authorities: put it on the agenda for the next session, talk it "
        "through with the client first"
        + (
            " rather than raising it cold before the whole group"
            if event.setting == "group"
            else ""
        )
        + ", and revisit the confidentiality agreement."
    )
    return draft.conclude(
        "address_in_session",
        "discretionary",
        "add_to_next_session_agenda",
        "discuss_with_client",
        "explain_confidentiality_policy",
        "document_decision",
    )
