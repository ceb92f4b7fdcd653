"""The clinician wants help with the case: identified only for the treating team or with consent."""

from __future__ import annotations

from confide.policy.draft import Draft
from confide.policy.jurisdictions import Jurisdiction
from confide.policy.situation import Consultation, Situation


def advise_consultation(situation: Situation, event: Consultation, place: Jurisdiction) -> Draft:
    draft = Draft(place)
    draft.cite(*place.ethics_ids(situation.clinician_license, "consultation"))
    if event.with_ == "treating_team":
        draft.cite("us.hipaa.treatment_payment_operations")
        draft.say(
            "The treating team shares information for the client's treatment; HIPAA permits "
            "this without authorization, and the client should know who is on the team."
        )
        return draft.conclude("disclose", "permitted", "document_decision")
    if event.client_authorized:
        draft.cite("us.hipaa.authorization_required", "us.hipaa.minimum_necessary")
        draft.say(
            "The client has authorized this consultation; share only what it needs, and "
            "nothing another participant disclosed privately."
        )
        return draft.conclude(
            "disclose_minimum_necessary",
            "permitted",
            "limit_to_minimum_necessary",
            "record_release",
            "document_decision",
        )
    draft.cite("us.hipaa.deidentification")
    audience = {
        "supervisor": "a supervisor",
        "peer_group": "a peer consultation group",
        "training_audience": "a training audience",
    }[event.with_]
    draft.say(
        f"Without the client's authorization, discuss the case with {audience} using "
        "de-identified material only. Remove names, places, dates and anything else that "
        "could identify the client or the people in their life, and share only what the "
        "consultation needs."
    )
    if situation.case.is_joint:
        draft.say("In a joint case, de-identify every participant, not only the client.")
    return draft.conclude(
        "share_deidentified",
        "permitted",
        "deidentify_material",
        "limit_to_minimum_necessary",
        "document_decision",
    )
