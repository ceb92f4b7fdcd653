"""The words of requests, authorizations, releases and the accounting, as Django choices.

The information categories, requesters, purposes and legal processes are the decision
engine's own words (spec/advise.md), so a request converts to a situation without a mapping.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from confide import words
from confide.policy.situation import INFORMATION, LEGAL_PROCESSES, PURPOSES, REQUESTERS


def _label(word: str) -> str:
    """Through the vocabulary, so "another_participants_disclosures" reads as "Another
    participant's private disclosures", never as its id."""
    label = words.say(word)
    return label[:1].upper() + label[1:]


INFORMATION_CHOICES: list[tuple[str, str]] = [(word, _label(word)) for word in INFORMATION]
# The same categories as the reader reads them (a client may read Spanish); what is stored
# (release descriptions, the accounting) keeps the English of INFORMATION_CHOICES.
INFORMATION_WORDS = {
    "attendance": _("Attendance"),
    "general_progress": _("General progress"),
    "treatment_progress": _("Treatment progress"),
    "diagnosis": _("Diagnosis"),
    "progress_notes": _("Progress notes"),
    "psychotherapy_notes": _("Psychotherapy notes"),
    "another_participants_disclosures": _("Another participant's private disclosures"),
    "substance_use_records": _("Substance use (Part 2) records"),
    "whole_record": _("The whole record"),
}
assert set(INFORMATION_WORDS) == set(INFORMATION)
READER_INFORMATION_CHOICES = [(word, INFORMATION_WORDS[word]) for word in INFORMATION]
REQUESTER_CHOICES: list[tuple[str, str]] = [(word, _label(word)) for word in REQUESTERS]
PURPOSE_CHOICES: list[tuple[str, str]] = [(word, _label(word)) for word in PURPOSES]
LEGAL_PROCESS_CHOICES = [
    ("none", "None"),
    ("subpoena", "Subpoena"),
    ("subpoena_with_assurances", "Subpoena with satisfactory assurances"),
    ("court_order", "Court order"),
    ("warrant", "Warrant"),
    ("grand_jury_subpoena", "Grand jury subpoena"),
    ("administrative_request", "Administrative request or civil investigative demand"),
]
assert [c for c, _ in LEGAL_PROCESS_CHOICES] == list(LEGAL_PROCESSES)
PSYCHOTHERAPY_NOTES = "psychotherapy_notes"
SUBSTANCE_USE = "substance_use_records"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    SOON = "soon", "Within a few days"
    EMERGENCY = "emergency", "Emergency: someone's safety is at risk"


class RequestSource(models.TextChoices):
    STAFF = "staff", "Recorded by staff"
    PUBLIC = "public", "Public request form"


class RequestStatus(models.TextChoices):
    NEW = "new", "New: not yet matched to a client"
    MATCHED = "matched", "Matched to a client"
    DECIDED = "decided", "Decided"
    CLOSED = "closed", "Closed"


class ClinicianChoice(models.TextChoices):
    ACCEPT = "accept", "Accept the advice"
    OVERRIDE = "override", "Override the advice"


class AuthorizationKind(models.TextChoices):
    STANDARD = "standard", _("Release of information")
    PSYCHOTHERAPY_NOTES = "psychotherapy_notes", _("Psychotherapy notes (separate authorization)")


class ReplyKind(models.TextChoices):
    """The draft replies a clinician can send a requester (issue 6, item 2)."""

    CONFIDENTIALITY_POLICY = "confidentiality_policy", "Our confidentiality policy"
    GENERAL_INFORMATION = "general_information", "General information about therapy"
    INVITE_CLIENT = "invite_client", "Invitation for the client to share"
    JOINT_SESSION = "joint_session", "Offer of a joint session"
    REQUEST_AUTHORIZATION = "request_authorization", "Request for a written authorization"
    NEITHER_CONFIRM_NOR_DENY = "neither_confirm_nor_deny", "Neither confirm nor deny"
    ENGINE_MESSAGE = "engine_message", "confide's suggested reply"


class AccountingExclusion(models.TextChoices):
    """Why a release need not appear in the accounting (45 CFR 164.528(a)(1))."""

    NONE = "", _("Included in the accounting")
    TPO = "tpo", _("Treatment, payment or health care operations")
    TO_INDIVIDUAL = "to_individual", _("To the client themself")
    AUTHORIZATION = "authorization", _("Under the client's authorization")
    INCIDENTAL = "incidental", _("Incidental to a permitted disclosure")
    INVOLVED_PERSONS = "involved_persons", _("To persons involved in care (164.510)")
    NATIONAL_SECURITY = "national_security", _("National security or intelligence")
    CORRECTIONAL = "correctional", _("Correctional institution or law enforcement custody")
    LIMITED_DATA_SET = "limited_data_set", _("Part of a limited data set")
    BEFORE_COMPLIANCE = "before_compliance", _("Before the compliance date")


EXCLUSION_CITATIONS = {
    "tpo": "45 CFR 164.528(a)(1)(i)",
    "to_individual": "45 CFR 164.528(a)(1)(ii)",
    "incidental": "45 CFR 164.528(a)(1)(iii)",
    "authorization": "45 CFR 164.528(a)(1)(iv)",
    "involved_persons": "45 CFR 164.528(a)(1)(v)",
    "national_security": "45 CFR 164.528(a)(1)(vi)",
    "correctional": "45 CFR 164.528(a)(1)(vii)",
    "limited_data_set": "45 CFR 164.528(a)(1)(viii)",
    "before_compliance": "45 CFR 164.528(a)(1)(ix)",
}


class Channel(models.TextChoices):
    """How a message reaches a client; each maps to one ContactPoint permission."""

    CALL = "call", "Phone call"
    VOICEMAIL = "voicemail", "Voicemail"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    MAIL = "mail", "Postal mail"


class Delivery(models.TextChoices):
    """Where a recorded message stands. Email is sent after its record commits, so a failed
    send keeps the record (failed, tried again later) and a rolled-back record sends nothing;
    calls, voicemail, texts and letters are carried out by staff from the record."""

    BY_STAFF = "by_staff", "For staff to carry out"
    PENDING = "pending", "Waiting to be sent"
    DELIVERED = "delivered", "Sent"
    FAILED = "failed", "Not sent yet: will be tried again"


# The statements 45 CFR 164.508(c)(2) requires in every authorization, shown word for word in
# the reader's language.
RIGHT_TO_REVOKE = _(
    "You may revoke this authorization at any time, in writing or through the client portal. "
    "Revoking it stops future releases; it cannot undo a release already made in reliance on it."
)
NO_CONDITIONING = _(
    "Your treatment, payment, enrollment and eligibility for benefits do not depend on whether "
    "you sign this authorization."
)
REDISCLOSURE = _(
    "Information released under this authorization may be redisclosed by the recipient and may "
    "then no longer be protected by federal privacy law."
)
PART2_NOTICE = _("42 CFR part 2 prohibits unauthorized use or disclosure of these records.")
REDISCLOSURE_NOTICE = (
    "This information has been disclosed to you from records protected by federal and state "
    "confidentiality law. It is released only for the purpose stated and may not be further "
    "disclosed without the client's written authorization, unless the law permits it."
)
