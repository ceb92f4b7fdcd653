"""Someone asks for information about a client: which legal basis, if any, lets it go.

The order of `advise_request` is the order a careful clinician checks things in: who is asking
(the client, a participant asking for another's confidences), an emergency, the client's
authorization, legal process, personal representatives (parents of minors), and only then the
general rule that nothing leaves without the client's written permission.
"""

from __future__ import annotations

from collections.abc import Callable

from confide.policy import messages
from confide.policy.decision import Action, Obligation, Outcome
from confide.policy.draft import Draft
from confide.policy.jurisdictions import Jurisdiction
from confide.policy.situation import Information, InformationRequest, Situation

PN: Information = "psychotherapy_notes"
SUD: Information = "substance_use_records"
PRIVATE: Information = "another_participants_disclosures"
WHOLE: Information = "whole_record"
# What an emergency can justify: enough to avert the harm, never whole files or notes.
EMERGENCY_SCOPE: frozenset[Information] = frozenset(
    {"attendance", "general_progress", "treatment_progress", "diagnosis"}
)
PAYMENT_SCOPE: frozenset[Information] = frozenset({"attendance", "diagnosis"})
FAMILY = frozenset({"parent", "guardian", "spouse_or_partner", "other_relative"})
NEITHER_CONFIRM_NOR_DENY = frozenset({"law_enforcement", "other"})


def advise_request(situation: Situation, event: InformationRequest, place: Jurisdiction) -> Draft:
    requested = frozenset(event.information)
    draft = Draft(place, requested)
    if event.requester == "case_participant":
        draft.never = frozenset({PRIVATE})
        if PRIVATE in requested:
            if requested == {PRIVATE}:
                return _participant_private(draft, situation)
            _note_private_withheld(draft, situation)
    return _route(situation, event, place)(draft, situation, event)


Handler = Callable[[Draft, Situation, InformationRequest], Draft]


def _route(situation: Situation, event: InformationRequest, place: Jurisdiction) -> Handler:
    """Pick the one legal basis that governs this request."""
    auth = event.authorization
    if event.requester == "client_self":
        return _right_of_access
    if event.emergency:
        return _emergency
    if auth is not None and not _defects(situation, event):
        return _authorized
    if event.legal_process in ("court_order", "warrant"):
        return _order
    if event.legal_process in ("subpoena", "subpoena_with_assurances"):
        return _subpoena
    if event.requester in ("parent", "guardian") and situation.client.is_minor:
        return _parent_of_minor
    if event.requester_is_personal_representative:
        return _representative
    if auth is not None:
        return _defective_authorization
    return _WITHOUT_AUTHORIZATION.get(event.requester, _third_party)


# --- the client, participants ------------------------------------------------------------


def _participant_private(draft: Draft, situation: Situation) -> Draft:
    draft.conclude(
        "decline",
        "prohibited",
        "invite_client_to_share",
        "offer_joint_session",
        "explain_confidentiality_policy",
        "document_decision",
    )
    draft.say(
        "A participant is asking for what another participant told you privately. That belongs "
        "to the person who disclosed it: it is not shared with other participants, whatever "
        "the case's secrets policy, unless that person chooses to share it themselves."
    )
    if situation.case.secrets_policy:
        draft.say(
            f"The case's secrets policy ({situation.case.secrets_policy.replace('_', ' ')}) "
            "governs how you handle such material in therapy, not whether you release it."
        )
    draft.message = messages.PARTICIPANT_PRIVATE
    return _cite_multi_client(draft, situation)


def _note_private_withheld(draft: Draft, situation: Situation) -> None:
    draft.say(
        "What another participant disclosed privately is withheld from this participant in any "
        "case; the rest of the request is considered on its own merits."
    )
    _cite_multi_client(draft, situation)


def _cite_multi_client(draft: Draft, situation: Situation) -> Draft:
    place = draft.place
    draft.cite(*place.ethics_ids(situation.clinician_license, "multi_client"))
    return draft


def _right_of_access(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    draft.release = draft.requested - {PN, PRIVATE}
    draft.cite("us.hipaa.right_of_access")
    draft.say(
        "The client is asking for their own information, which they have a right to see and "
        "copy, normally within 30 days."
    )
    if PN in draft.requested:
        draft.cite("us.hipaa.psychotherapy_notes")
        draft.say(
            "Psychotherapy notes fall outside that right; you may discuss their content with "
            "the client, but need not hand them over."
        )
    if PRIVATE in draft.requested:
        _cite_multi_client(draft, situation)
        draft.say("Other participants' private disclosures are not the client's to receive.")
    draft.message = messages.CLIENT_SELF
    return _released(draft, "required", "verify_requester_identity", "document_decision")


def _released(draft: Draft, obligation: Obligation, *actions: Action) -> Draft:
    """Outcome from what survives: all asked, part of it, or nothing."""
    granted = (draft.release & draft.requested) - draft.never
    if not granted:
        draft.message = (
            messages.NEITHER_CONFIRM_NOR_DENY if draft.message is None else (draft.message)
        )
        return draft.conclude("decline", "prohibited", "discuss_with_client", "document_decision")
    outcome: Outcome = "disclose" if granted == draft.requested else "disclose_minimum_necessary"
    draft.conclude(outcome, obligation, *actions)
    if outcome == "disclose_minimum_necessary":
        draft.act("limit_to_minimum_necessary")
    return draft


# --- emergency, authorization ------------------------------------------------------------


def _emergency(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    draft.release = EMERGENCY_SCOPE
    draft.cite("us.hipaa.serious_threat", "us.hipaa.minimum_necessary", "us.hipaa.accounting")
    draft.say(
        "This is an emergency: you may share, in good faith, what a person able to prevent or "
        "lessen a serious and imminent threat needs to know, and nothing more."
    )
    if draft.requested - EMERGENCY_SCOPE:
        draft.say(
            "Notes, substance use records and whole files go beyond what an emergency "
            "justifies; they still need an authorization or legal process."
        )
    draft.cite(*draft.place.ethics_ids(situation.clinician_license, "disclosure"))
    if not (draft.requested & EMERGENCY_SCOPE) - draft.never:
        draft.message = messages.EMERGENCY
        return draft.conclude(
            "decline",
            "discretionary",
            "verify_requester_identity",
            "consult_supervisor",
            "document_decision",
        )
    draft.message = messages.EMERGENCY
    return draft.conclude(
        "disclose_minimum_necessary",
        "permitted",
        "verify_requester_identity",
        "limit_to_minimum_necessary",
        "record_release",
        "notify_client",
        "document_decision",
    )


def _joint_rule(draft: Draft, situation: Situation) -> str | None:
    state = draft.place.state
    if state is None or state.joint_release is None:
        return None
    rule = state.joint_release
    return rule.id if rule.applies_to(situation.clinician_license) else None


def _defects(situation: Situation, event: InformationRequest) -> list[str]:
    auth = event.authorization
    if auth is None:
        return []
    found = []
    if not auth.complete:
        found.append("it is missing a required element or statement")
    if auth.expired:
        found.append("it has expired")
    if auth.revoked:
        found.append("the client has revoked it")
    if not auth.recipient_matches:
        found.append("it does not name this requester as the recipient")
    if situation.case.is_joint and not auth.signed_by_all_participants:
        found.append(f"not every participant in this {situation.case.type} case has signed it")
    return found


def _authorized(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    auth = event.authorization
    assert auth is not None
    covered = set(auth.covers)
    if not (situation.case.is_joint and auth.signed_by_all_participants):
        covered.discard(PRIVATE)
    draft.release = frozenset(covered)
    draft.cite("us.hipaa.authorization_required", "us.hipaa.authorization_valid")
    draft.say(
        "The client has signed a valid, unexpired authorization naming this recipient; it "
        "permits releasing exactly what it covers, without the minimum-necessary limit."
    )
    if situation.case.is_joint:
        draft.say("Every participant has signed it, as a joint record requires.")
        _cite_multi_client(draft, situation)
        draft.cite(_joint_rule(draft, situation))
    _explain_exclusions(draft, auth.covers)
    if not (draft.release & draft.requested) - draft.never:
        draft.say("Nothing that was asked for is covered, so a further authorization is needed.")
        draft.message = messages.AUTH_DEFECT
        return draft.conclude(
            "seek_consent",
            "prohibited",
            "discuss_with_client",
            "obtain_written_authorization",
            "document_decision",
        )
    draft = _released(
        draft, "permitted", "verify_requester_identity", "record_release", "document_decision"
    )
    if draft.outcome == "disclose_minimum_necessary":
        draft.act("discuss_with_client", "obtain_written_authorization")
        draft.message = messages.AUTHORIZED_PART
    else:
        draft.message = messages.AUTHORIZED
    return draft


def _explain_exclusions(draft: Draft, covers: frozenset[Information]) -> None:
    asked = draft.requested
    if PN in asked:
        draft.cite("us.hipaa.psychotherapy_notes")
        if PN not in covers:
            draft.say("The authorization does not name psychotherapy notes, so they stay back.")
    if SUD in asked:
        draft.cite("us.part2.consent_required")
        if SUD not in covers:
            draft.say("Substance use records need a Part 2 consent that names them.")
    if asked - covers:
        draft.say("Anything the authorization does not cover is not released under it.")


def _defective_authorization(
    draft: Draft, situation: Situation, event: InformationRequest
) -> Draft:
    defects = _defects(situation, event)
    draft.cite("us.hipaa.authorization_valid", "us.hipaa.authorization_required")
    draft.say(
        "An authorization was offered, but it cannot be relied on: "
        + "; ".join(defects)
        + ". A defective authorization permits nothing, so ask the client whether to sign a "
        "new one."
    )
    if situation.case.is_joint:
        _cite_multi_client(draft, situation)
        draft.cite(_joint_rule(draft, situation))
    draft.message = messages.AUTH_DEFECT
    draft.conclude(
        "seek_consent", "prohibited", "discuss_with_client", "obtain_written_authorization"
    )
    if not event.authorization or not event.authorization.recipient_matches:
        draft.act("verify_requester_identity")
    return draft.act("document_decision")


# --- legal process -------------------------------------------------------------------------


def _order(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    warrant = event.legal_process == "warrant"
    held_back = {PN, SUD, PRIVATE, WHOLE} & draft.requested
    draft.release = draft.requested - {PN, SUD, PRIVATE, WHOLE}
    draft.cite("us.hipaa.law_enforcement" if warrant else "us.hipaa.judicial_order")
    draft.cite("us.hipaa.minimum_necessary", "us.hipaa.accounting")
    draft.say(
        f"A {'warrant' if warrant else 'court order'} permits disclosure of only what it "
        "expressly requires: confirm it is genuine and current, tell the client, and send the "
        "minimum necessary."
    )
    if held_back:
        draft.say(_held_back_reason(held_back))
        draft.cite(
            "us.hipaa.psychotherapy_notes" if PN in held_back else None,
            "us.part2.court_order" if SUD in held_back else None,
        )
        if PRIVATE in held_back:
            _cite_multi_client(draft, situation)
    draft.cite(*draft.place.ethics_ids(situation.clinician_license, "court"))
    if not draft.release - draft.never:
        draft.message = messages.ORDER
        return draft.conclude(
            "decline",
            "discretionary",
            "verify_legal_authority",
            "seek_legal_counsel",
            "assert_privilege",
            "notify_client",
            "document_decision",
        )
    draft.message = messages.ORDER
    draft.conclude(
        "disclose_minimum_necessary",
        "required",
        "verify_legal_authority",
        "notify_client",
        "limit_to_minimum_necessary",
    )
    if held_back or draft.place.ethics_ids(situation.clinician_license, "court"):
        draft.act("seek_legal_counsel", "assert_privilege")
    return draft.act("record_release", "document_decision")


def _held_back_reason(held_back: set[Information]) -> str:
    names = {
        PN: "psychotherapy notes (only if the order names them expressly)",
        SUD: "substance use records (only under a court order with the findings 42 CFR Part 2 "
        "requires)",
        PRIVATE: "another participant's private disclosures",
        WHOLE: "the whole record (the minimum-necessary rule bars it unless specifically "
        "justified)",
    }
    listed = "; ".join(names[item] for item in sorted(held_back))
    return (
        f"Hold back, and take legal advice on: {listed}. Ask the court to limit the order or "
        "seal the records where release would harm the client."
    )


def _subpoena(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    assured = event.legal_process == "subpoena_with_assurances"
    draft.cite("us.hipaa.judicial_subpoena", "us.hipaa.authorization_required")
    if SUD in draft.requested:
        draft.cite("us.part2.court_order")
    draft.say(
        "A subpoena is not a court order. Do not release records in response to it alone: tell "
        "the client, take legal advice, and assert the psychotherapist-client privilege on the "
        "client's behalf unless the client authorizes release in writing."
    )
    if assured:
        draft.say(
            "The written assurances satisfy HIPAA, but state privilege still usually requires "
            "the client's authorization or a judge's order for mental health records."
        )
    draft.message = messages.SUBPOENA
    return draft.conclude(
        "seek_consent" if assured else "decline",
        "discretionary" if assured else "prohibited",
        "verify_legal_authority",
        "notify_client",
        "seek_legal_counsel",
        "assert_privilege",
        "obtain_written_authorization",
        "document_decision",
    )


# --- representatives, minors, family -------------------------------------------------------


def _parent_of_minor(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    client = situation.client
    state = draft.place.state
    rule = state.minor_consent if state is not None else None
    draft.cite("us.hipaa.minor_personal_representative", rule.rule.id if rule else None)
    lawful_own_consent = client.consented_to_own_treatment and (
        rule is None or rule.lets_minor_consent(client.age, situation.clinician_license)
    )
    if not lawful_own_consent:
        if client.consented_to_own_treatment:
            draft.say(
                f"At {client.age}, with this licence, the client's own consent is not enough "
                "under the state's rule, so the parent or guardian remains the personal "
                "representative."
            )
        else:
            draft.say(
                "The client is a minor whose parent or guardian consented to treatment, so "
                "the parent or guardian is the client's personal representative."
            )
        return _representative(draft, situation, event).act("involve_minor")
    access = rule.parent_access if rule else "discretionary"
    draft.say(
        f"The client, aged {client.age}, lawfully consented to their own care, so the parent "
        "is not their personal representative for it. The state's rule decides what the "
        "parent may be told, and the young person should be involved in any decision."
    )
    if access == "full":
        draft.say("This state keeps the parent's right of access to the records.")
        return _representative(draft, situation, event).act("involve_minor")
    draft.cite(*draft.place.ethics_ids(situation.clinician_license, "minors"))
    draft.message = messages.MINOR_GENERAL
    return draft.conclude(
        "general_information_only",
        "discretionary" if access == "discretionary" else "permitted",
        "involve_minor",
        "explain_confidentiality_policy",
        "provide_general_information",
        "invite_client_to_share",
        "offer_joint_session",
        "discuss_with_client",
        "document_decision",
    )


def _representative(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    draft.release = draft.requested - {PN, SUD, PRIVATE}
    draft.cite("us.hipaa.personal_representative")
    draft.say(
        "The requester acts as the client's personal representative. Check their identity "
        "and the document or relationship that gives them that authority before sharing. "
        "You may refuse if you believe the client would be endangered by them."
    )
    if PN in draft.requested:
        draft.cite("us.hipaa.psychotherapy_notes")
    if SUD in draft.requested:
        draft.cite(
            "us.part2.consent_required", "us.part2.minors" if situation.client.is_minor else None
        )
        draft.say("Substance use records need the client's own Part 2 consent.")
    draft.message = messages.REPRESENTATIVE
    draft = _released(draft, "permitted", "verify_requester_identity", "verify_legal_authority")
    if situation.client.has_capacity:
        draft.act("discuss_with_client")
    return draft.act("document_decision")


def _family(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    draft.cite("us.hipaa.authorization_required", "us.hipaa.family_involvement")
    draft.cite(*draft.place.ethics_ids(situation.clinician_license, "disclosure"))
    if not situation.client.has_capacity and draft.requested & {"attendance", "general_progress"}:
        draft.release = frozenset({"attendance", "general_progress"})
        draft.say(
            "The client cannot currently agree or object, so you may share with a family "
            "member what is directly relevant to their involvement in the client's care, if "
            "you judge that in the client's best interest."
        )
        draft.message = messages.GENERAL
        return draft.conclude(
            "disclose_minimum_necessary",
            "discretionary",
            "verify_requester_identity",
            "limit_to_minimum_necessary",
            "document_decision",
        )
    draft.say(
        "A relative is asking without the client's written authorization. Without it, say "
        "nothing about the client, not even that they attend. Explain how therapy and "
        "confidentiality work, and raise the request with the client, who can choose to share "
        "or to invite the relative to a joint session."
    )
    draft.message = messages.GENERAL
    draft.conclude(
        "general_information_only",
        "permitted",
        "explain_confidentiality_policy",
        "provide_general_information",
        "discuss_with_client",
        "invite_client_to_share",
        "offer_joint_session",
    )
    if situation.client.is_minor:
        draft.act("involve_minor")
    return draft.act("document_decision")


# --- professionals, payers, strangers ------------------------------------------------------


def _provider(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    if event.purpose != "treatment":
        return _third_party(draft, situation, event)
    draft.release = draft.requested - {PN, SUD, PRIVATE}
    if not draft.release:
        return _third_party(draft, situation, event)
    draft.cite("us.hipaa.treatment_payment_operations")
    draft.say(
        "Another provider treating the client may receive information for that treatment "
        "without an authorization; most clinicians still tell the client first."
    )
    _explain_exclusions(draft, frozenset())
    draft.message = messages.PROVIDER
    return _released(
        draft, "permitted", "verify_requester_identity", "discuss_with_client", "document_decision"
    )


def _payer(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    ethics = draft.place.ethics_ids(situation.clinician_license, "payers")
    if event.purpose != "payment" or ethics or not draft.requested & PAYMENT_SCOPE:
        if ethics:
            draft.cite(*ethics).say(
                "Your profession's code requires the client's authorization before anything "
                "goes to a third-party payer."
            )
        return _third_party(draft, situation, event)
    draft.release = PAYMENT_SCOPE
    draft.cite("us.hipaa.treatment_payment_operations", "us.hipaa.minimum_necessary")
    draft.say(
        "A payer may receive, for payment, the minimum needed: dates of service and diagnosis, "
        "never notes."
    )
    if PN in draft.requested:
        draft.cite("us.hipaa.psychotherapy_notes")
    draft.message = messages.PAYER
    return _released(draft, "permitted", "verify_requester_identity", "document_decision")


def _supervisor(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    draft.cite("us.hipaa.deidentification", "us.hipaa.minimum_necessary")
    draft.cite(*draft.place.ethics_ids(situation.clinician_license, "consultation"))
    draft.say(
        "Discuss the case with a supervisor using de-identified material unless the client has "
        "authorized more; share only what the supervision needs."
    )
    draft.message = messages.SUPERVISOR
    return draft.conclude(
        "share_deidentified",
        "permitted",
        "deidentify_material",
        "limit_to_minimum_necessary",
        "document_decision",
    )


def _stranger(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    police = event.requester == "law_enforcement"
    draft.cite("us.hipaa.law_enforcement" if police else None, "us.hipaa.authorization_required")
    draft.say(
        (
            "Police without a warrant, court order or emergency"
            if police
            else "A requester whose identity and authority are unknown"
        )
        + " get nothing: neither confirm nor deny that the person is a client, and ask for "
        "the request in writing with its legal basis."
    )
    draft.message = messages.NEITHER_CONFIRM_NOR_DENY
    return draft.conclude(
        "decline",
        "prohibited",
        "verify_requester_identity",
        "verify_legal_authority",
        "document_decision",
    )


def _court(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    draft.cite("us.hipaa.judicial_order", "us.hipaa.authorization_required")
    draft.say(
        "A court asks for records through an order. Without one, or the client's written "
        "authorization, nothing is released; take legal advice and tell the client."
    )
    draft.message = messages.COURT_NO_PROCESS
    return draft.conclude(
        "decline",
        "prohibited",
        "verify_legal_authority",
        "seek_legal_counsel",
        "notify_client",
        "document_decision",
    )


def _third_party(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    draft.cite("us.hipaa.authorization_required")
    draft.cite(*draft.place.ethics_ids(situation.clinician_license, "disclosure"))
    if PN in draft.requested:
        draft.cite("us.hipaa.psychotherapy_notes")
    if SUD in draft.requested:
        draft.cite("us.part2.consent_required")
    draft.say(
        "No rule lets this information go to this requester without the client's written "
        "authorization. Ask the client whether they wish to authorize it, and what exactly "
        "it should cover."
    )
    draft.message = messages.THIRD_PARTY
    draft.conclude(
        "seek_consent", "prohibited", "discuss_with_client", "obtain_written_authorization"
    )
    if event.requester == "case_participant":
        draft.act("invite_client_to_share", "offer_joint_session")
    if event.requester == "public_health_authority":
        draft.act("verify_legal_authority")
    return draft.act("document_decision")


_WITHOUT_AUTHORIZATION: dict[str, Handler] = {
    **dict.fromkeys(FAMILY, _family),
    **dict.fromkeys(NEITHER_CONFIRM_NOR_DENY, _stranger),
    "treating_provider": _provider,
    "insurer": _payer,
    "supervisor": _supervisor,
    "court": _court,
}
