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
from confide.policy.minors import (
    access_denial,
    minor_conditions,
    minor_licence,
    minor_limits,
    part2_minor,
)
from confide.policy.rules_model import Privilege
from confide.policy.situation import Information, InformationRequest, Situation
from confide.policy.vocabulary import LICENSE_WORDS, licence_names

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
MEDICAL = frozenset({"treating_provider", "other_professional"})
# 164.512(f)(2): for identifying or locating someone, only such facts as the date of treatment.
IDENTIFICATION_SCOPE: frozenset[Information] = frozenset({"attendance"})
POLICE_PROCESS = frozenset({"grand_jury_subpoena", "administrative_request"})
# A deceased client's family involved in care (164.510(b)(5)): what bears on that involvement.
DECEASED_FAMILY_SCOPE: frozenset[Information] = frozenset({"attendance", "general_progress"})
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
    deceased = situation.client.deceased
    if event.requester == "client_self":
        return _stranger if deceased else _right_of_access
    if event.emergency:
        return _emergency
    if auth is not None and not _defects(situation, event):
        return _authorized
    if event.legal_process in ("court_order", "warrant"):
        return _order
    if event.legal_process in POLICE_PROCESS:
        return _police_process
    if event.legal_process in ("subpoena", "subpoena_with_assurances"):
        return _subpoena
    if event.requester == "law_enforcement" and auth is None:
        return _police_without_process
    unrepresented = not event.requester_is_personal_representative and auth is None
    if deceased and unrepresented and event.requester in FAMILY:
        return _deceased_family
    minor = place.is_minor(situation.client.age)
    if event.requester in ("parent", "guardian") and minor and not deceased:
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
    draft.cite("us.hipaa.minimum_necessary_individual")
    draft.say(
        "The minimum-necessary rule does not apply to what you give the client about "
        "themselves: release everything they are entitled to that they asked for."
    )
    draft.message = messages.CLIENT_SELF
    return _released(
        draft, "required", "verify_requester_identity", "document_decision", individual=True
    )


def _released(
    draft: Draft, obligation: Obligation, *actions: Action, individual: bool = False
) -> Draft:
    """Outcome from what survives: all asked, part of it, or nothing. To the individual
    themselves minimum necessary does not apply (164.502(b)(2)(ii)), so no limiting step."""
    granted = (draft.release & draft.requested) - draft.never
    if not granted:
        draft.message = (
            messages.NEITHER_CONFIRM_NOR_DENY if draft.message is None else (draft.message)
        )
        return draft.conclude("decline", "prohibited", "discuss_with_client", "document_decision")
    outcome: Outcome = "disclose" if granted == draft.requested else "disclose_minimum_necessary"
    draft.conclude(outcome, obligation, *actions)
    if outcome == "disclose_minimum_necessary" and not individual:
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
    if SUD in draft.requested and event.requester in MEDICAL:
        draft.release = EMERGENCY_SCOPE | {SUD}
        draft.cite("us.part2.medical_emergency")
        draft.say(
            "Part 2 lets substance use disorder records go to medical personnel as far as a "
            "bona fide medical emergency needs, when the client's prior written consent cannot "
            "be obtained. Immediately afterwards, note in the record who received them, who "
            "disclosed them, when, and the nature of the emergency."
        )
    elif SUD in draft.requested:
        draft.cite("us.part2.medical_emergency")
        draft.say(
            "Part 2's medical-emergency exception reaches medical personnel only, so substance "
            "use records do not go to this requester."
        )
    if draft.requested - draft.release:
        draft.say(
            "Notes, substance use records and whole files go beyond what an emergency "
            "justifies; they still need an authorization or legal process."
        )
    draft.cite(*draft.place.ethics_ids(situation.clinician_license, "disclosure"))
    if not (draft.requested & draft.release) - draft.never:
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
    if SUD in draft.release & draft.requested and draft.place.is_minor(situation.client.age):
        part2_minor(draft, signed=True)
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
            draft.say(
                "Substance use records need the client's Part 2 consent; one consent may cover "
                "all future uses for treatment, payment and health care operations."
            )
            draft.cite("us.part2.tpo_consent")
        if PN in asked:
            draft.cite("us.part2.counseling_notes")
            draft.say(
                "SUD counseling notes, like psychotherapy notes, need a consent of their own; "
                "a consent for the rest of the record does not reach them."
            )
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
    draft.cite("us.hipaa.law_enforcement" if warrant else "us.hipaa.judicial_order")
    draft.cite("us.hipaa.minimum_necessary", "us.hipaa.accounting")
    draft.say(
        f"A {'warrant' if warrant else 'court order'} permits disclosure of only what it "
        "expressly requires: confirm it is genuine and current, tell the client, and send the "
        "minimum necessary."
    )
    held_back = _hold_back(draft, situation, cite_participants=True)
    _joint_privilege(draft, situation)
    draft.cite(*draft.place.ethics_ids(situation.clinician_license, "court"))
    if not draft.release - draft.never:
        _privilege(draft, situation)
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
        _privilege(draft, situation)
        draft.act("seek_legal_counsel", "assert_privilege")
    return draft.act("record_release", "document_decision")


HELD_BACK = frozenset({PN, SUD, PRIVATE, WHOLE})


def _hold_back(draft: Draft, situation: Situation, *, cite_participants: bool) -> set[Information]:
    """Legal process reaches only what it names: keep psychotherapy notes, Part 2 records,
    another participant's private disclosures and the whole record back, say why and cite the
    rules that protect them. One place, so an order and a police process never drift apart."""
    held_back = set(HELD_BACK & draft.requested)
    draft.release = draft.requested - HELD_BACK
    if held_back:
        draft.say(_held_back_reason(held_back))
        draft.cite(
            "us.hipaa.psychotherapy_notes" if PN in held_back else None,
            "us.part2.court_order" if SUD in held_back else None,
        )
        if cite_participants and PRIVATE in held_back:
            _cite_multi_client(draft, situation)
    return held_back


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
    part2 = SUD in draft.requested
    privileged = _privilege_covers(draft, situation)
    claim = (
        "assert the psychotherapist-client privilege"
        if privileged
        else "object (for example by asking the court for a protective order)"
    )
    draft.say(
        "A subpoena is not a court order. Do not release records in response to it alone: tell "
        f"the client, take legal advice, and {claim} on the client's behalf unless the client "
        "authorizes release in writing."
    )
    _privilege(draft, situation)
    _joint_privilege(draft, situation)
    if assured and privileged:
        draft.say(
            "The written assurances satisfy HIPAA, but state privilege still usually requires "
            "the client's authorization or a judge's order for mental health records."
        )
    elif assured:
        draft.say(
            "The written assurances satisfy HIPAA's conditions for a subpoena; without a state "
            "privilege for this licence, ask for the client's authorization or leave the "
            "client time to seek a protective order before anything is sent."
        )
    if part2:
        draft.cite("us.part2.court_order")
        draft.say(
            "Substance use disorder records may not be released on a subpoena at all, with or "
            "without HIPAA assurances. Part 2 requires the client's written consent or a court "
            "order under 42 CFR 2.64 that makes its findings."
        )
    draft.message = messages.SUBPOENA_JOINT if situation.case.is_joint else messages.SUBPOENA
    return draft.conclude(
        "seek_consent" if assured else "decline",
        "discretionary" if assured and not part2 else "prohibited",
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
    if client.consented_to_own_treatment and rule is not None and client.age >= rule.age:
        minor_licence(draft, rule, situation.clinician_license)
    if lawful_own_consent and rule is not None:
        minor_limits(draft, rule, client.sessions_consented_alone)
        minor_conditions(draft, rule, client.age, situation.clinician_license, lawful=True)
    if not lawful_own_consent:
        if client.consented_to_own_treatment:
            draft.say(
                f"At {client.age}, with this licence, the client's own consent is not enough "
                "under the state's rule, so the parent or guardian remains the personal "
                "representative."
            )
            if rule is not None:
                minor_conditions(draft, rule, client.age, situation.clinician_license, lawful=False)
        else:
            draft.say(
                "The client is a minor whose parent or guardian consented to treatment, so "
                "the parent or guardian is the client's personal representative."
            )
        if rule is not None:
            access_denial(draft, rule, situation.clinician_license)
        return _representative(draft, situation, event).act("involve_minor")
    access = rule.parent_access if rule else "discretionary"
    if rule is not None and rule.counselor_may_inform_parents and access != "full":
        access = "discretionary"
        draft.say(
            "This state's statute lets the professional advise or inform the parent without "
            "the minor's consent: that is your judgment, made with the young person's "
            "welfare first."
        )
    draft.say(
        f"The client, aged {client.age}, lawfully consented to their own care, so the parent "
        "is not their personal representative for it. The state's rule decides what the "
        "parent may be told, and the young person should be involved in any decision."
    )
    if SUD in draft.requested:
        part2_minor(draft)
    if access == "full":
        draft.say("This state keeps the parent's right of access to the records.")
        if rule is not None:
            access_denial(draft, rule, situation.clinician_license)
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
    if situation.client.deceased:
        draft.cite("us.hipaa.deceased_personal_representative")
        draft.say(
            "The client has died: their executor or administrator (or whoever has authority "
            "under state law to act for the estate) is their personal representative for the "
            "information relevant to that role."
        )
    draft.say(
        "The requester acts as the client's personal representative. Check their identity "
        "and the document or relationship that gives them that authority before sharing. "
        "You may refuse if you believe the client would be endangered by them."
    )
    if PN in draft.requested:
        draft.cite("us.hipaa.psychotherapy_notes")
    if SUD in draft.requested:
        draft.cite("us.part2.consent_required")
        draft.say("Substance use records need the client's own Part 2 consent.")
        if draft.place.is_minor(situation.client.age):
            part2_minor(draft)
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
    if draft.place.is_minor(situation.client.age):
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


# --- privilege, police, deceased clients -----------------------------------------------------


def _privilege_covers(draft: Draft, situation: Situation) -> bool:
    """False only when the state's privilege statute, verified, lists licences and leaves
    this one out; an unverified list is a caution and the privilege is still asserted."""
    state = draft.place.state
    privilege = state.privilege if state is not None else None
    return (
        privilege is None
        or privilege.covers(situation.clinician_license)
        or not privilege.rule.verified
    )


def _privilege(draft: Draft, situation: Situation) -> None:
    """Name the state's own privilege statute where the rule pack has it; say so if not; and
    never claim it for a licence the statute leaves out."""
    state = draft.place.state
    if state is not None and state.privilege is not None:
        rule = state.privilege.rule
        draft.cite(rule.id)
        if not state.privilege.covers(situation.clinician_license):
            _privilege_not_covered(draft, state.name, state.privilege, situation.clinician_license)
            return
        holders = f" It is held by {state.privilege.holders}." if state.privilege.holders else ""
        draft.say(f"The privilege to assert is {state.name}'s: {rule.citation}.{holders}")
    elif state is not None:
        draft.say(
            f"confide's rule pack does not yet name {state.name}'s psychotherapist-patient "
            "privilege statute: look it up (or ask counsel) before you respond."
        )
    else:
        draft.say(
            "In federal proceedings the psychotherapist-patient privilege is recognized under "
            "Federal Rule of Evidence 501 (Jaffee v. Redmond, 518 U.S. 1 (1996)); in state "
            "proceedings the state's own privilege statute applies."
        )


def _privilege_not_covered(
    draft: Draft, state_name: str, privilege: Privilege, license_: str
) -> None:
    """The statute privileges other licences only: if verified, say so plainly, and what still
    protects the record, rather than tell the clinician to assert a privilege a court would
    refuse; if not, caution and keep the privilege asserted (the more protective reading)."""
    names, citation = licence_names(privilege.licenses), privilege.rule.citation
    still = (
        "HIPAA (45 CFR 164.512(e)) and your licensing law's duty of confidentiality still "
        "govern: nothing is released on a subpoena alone, the client is told, and a court can "
        "still be asked to limit or quash the demand."
    )
    if not privilege.rule.verified:
        draft.say(
            f"{state_name}'s privilege statute may not cover your licence ({citation}): check "
            f"the text. It is read here as covering communications with {names}, a reading "
            f"not yet verified, so assert the privilege and rely on the rest as well. {still}"
        )
        return
    draft.say(
        f"{state_name}'s privilege statute ({citation}) covers communications with {names}, "
        f"not with {LICENSE_WORDS[license_]}: the state privilege does not cover this licence, "
        f"so do not claim it. {still}"
    )
    draft.drop("assert_privilege")


def _joint_privilege(draft: Draft, situation: Situation) -> None:
    """A couple's, family's or group's record holds what every participant said: each holds
    the privilege in their own words, and each must authorize a release of them."""
    if not situation.case.is_joint:
        return
    kind = situation.case.type
    if not _privilege_covers(draft, situation):
        draft.say(
            f"This is the joint record of a {kind} case. What every participant said is "
            "confidential, not only what the client named said: tell each of them, and release "
            "their part only with that participant's own written authorization or an order "
            "that reaches it."
        )
    else:
        draft.say(
            f"This is the joint record of a {kind} case. Every participant holds the privilege "
            "in what they said, not only the client named: tell each of them, assert the "
            "privilege on behalf of each, and release their part only with that participant's "
            "own written authorization or an order that reaches it."
        )
    _cite_multi_client(draft, situation)
    draft.cite(_joint_rule(draft, situation))


def _police_process(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    """A grand jury subpoena or an administrative request: 164.512(f)(1)(ii)(B)-(C)."""
    grand_jury = event.legal_process == "grand_jury_subpoena"
    draft.cite("us.hipaa.law_enforcement_process", "us.hipaa.minimum_necessary")
    draft.cite("us.hipaa.accounting")
    if grand_jury:
        draft.say(
            "HIPAA permits disclosure in compliance with, and as limited by, a grand jury "
            "subpoena. Confirm it is genuine, check whether it forbids telling the client, and "
            "take legal advice: state privilege for mental health records can still apply."
        )
    else:
        draft.say(
            "HIPAA permits disclosure on an administrative request (an administrative subpoena, "
            "summons or investigative demand) only on three conditions. The information must be "
            "relevant and material to a legitimate law enforcement inquiry; the request must be "
            "specific and limited in scope; and de-identified information could not reasonably "
            "be used. Get those assurances in writing before anything is sent."
        )
    _hold_back(draft, situation, cite_participants=False)
    _privilege(draft, situation)
    _joint_privilege(draft, situation)
    if not draft.release - draft.never:
        draft.message = messages.ORDER
        return draft.conclude(
            "decline",
            "discretionary",
            "verify_legal_authority",
            "seek_legal_counsel",
            "assert_privilege",
            "document_decision",
        )
    draft.message = messages.POLICE_PROCESS
    return draft.conclude(
        "disclose_minimum_necessary",
        "discretionary",
        "verify_legal_authority",
        "seek_legal_counsel",
        "assert_privilege",
        "limit_to_minimum_necessary",
        "record_release",
        "document_decision",
    )


def _police_without_process(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    if event.client_is_crime_victim:
        return _crime_victim(draft, situation, event)
    if event.purpose == "law_enforcement" and draft.requested <= IDENTIFICATION_SCOPE:
        return _identification(draft, situation, event)
    return _stranger(draft, situation, event)


def _crime_victim(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    """164.512(f)(3): about a client who is a crime victim, with their agreement."""
    draft.cite("us.hipaa.crime_victim", "us.hipaa.minimum_necessary")
    if situation.client.has_capacity and not situation.client.deceased:
        draft.say(
            "Police are asking about the client as the victim of a crime. HIPAA permits "
            "answering if the client agrees; ask the client first, and share only what they "
            "agree to."
        )
        draft.message = messages.THIRD_PARTY
        return draft.conclude(
            "seek_consent",
            "permitted",
            "discuss_with_client",
            "verify_requester_identity",
            "document_decision",
        )
    draft.release = EMERGENCY_SCOPE
    draft.say(
        "The client cannot agree. HIPAA then permits a limited disclosure only on three "
        "conditions. The officer must state that the information is needed to decide whether "
        "someone else broke the law and will not be used against the client. Waiting for the "
        "client must be likely to harm immediate enforcement activity. And you must judge the "
        "disclosure to be in the client's best interest."
    )
    draft.message = messages.EMERGENCY
    return _released(
        draft,
        "discretionary",
        "verify_requester_identity",
        "verify_legal_authority",
        "record_release",
        "document_decision",
    )


def _identification(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    """164.512(f)(2) permits a few identifying facts, but only for identifying or locating a
    suspect, fugitive, witness or missing person, which the situation cannot show: so nothing
    goes now, and the clinician is told what the officer would have to state."""
    draft.cite("us.hipaa.law_enforcement", "us.hipaa.law_enforcement_identification")
    draft.say(
        "Police are asking without a warrant, order or emergency, so release nothing now and "
        "neither confirm nor deny that the person is a client."
    )
    draft.say(
        "HIPAA would permit a few identifying facts, such as the date of a visit, if the "
        "officer asks in order to identify or locate a suspect, fugitive, material witness or "
        "missing person. State mental health confidentiality law is often stricter, so take "
        "advice before relying on it."
    )
    draft.message = messages.NEITHER_CONFIRM_NOR_DENY
    return draft.conclude(
        "decline",
        "discretionary",
        "verify_requester_identity",
        "verify_legal_authority",
        "seek_legal_counsel",
        "document_decision",
    )


def _deceased_family(draft: Draft, situation: Situation, event: InformationRequest) -> Draft:
    """164.510(b)(5): family and others involved in a deceased client's care."""
    draft.release = DECEASED_FAMILY_SCOPE
    draft.cite("us.hipaa.deceased_family", "us.hipaa.minimum_necessary")
    draft.say(
        "The client has died. To a family member or other person who was involved in the "
        "client's care or payment for it before the death, you may disclose what is relevant "
        "to that involvement, unless the client expressed a contrary wish you know of. "
        "Anything more needs the authorization of the executor or administrator."
    )
    draft.message = messages.GENERAL
    return _released(
        draft,
        "discretionary",
        "verify_requester_identity",
        "limit_to_minimum_necessary",
        "document_decision",
    )


_WITHOUT_AUTHORIZATION: dict[str, Handler] = {
    **dict.fromkeys(FAMILY, _family),
    **dict.fromkeys(NEITHER_CONFIRM_NOR_DENY, _stranger),
    "treating_provider": _provider,
    "insurer": _payer,
    "supervisor": _supervisor,
    "court": _court,
}
