"""The words of DESIGN.md §5 as choices, so code, forms and UI say the same thing."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseType(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    COUPLE = "couple", "Couple"
    FAMILY = "family", "Family"
    GROUP = "group", "Group"


# Case types where several people share the room and so need a secrets policy.
SHARED_CASE_TYPES = frozenset({CaseType.COUPLE, CaseType.FAMILY})


class SecretsPolicy(models.TextChoices):
    """How the therapist treats what one participant tells them alone."""

    NO_SECRETS = "no_secrets", _("No secrets")
    LIMITED_SECRETS = "limited_secrets", _("Limited secrets")
    ACCOMMODATION = "accommodation", _("Accommodation")


# Plain-language explanations shown where a clinician picks a policy, and later to clients.
SECRETS_POLICY_EXPLANATIONS = {
    SecretsPolicy.NO_SECRETS: _(
        "Anything one of you tells me alone may be brought into our joint sessions. "
        "I will not keep secrets between you."
    ),
    SecretsPolicy.LIMITED_SECRETS: _(
        "I may keep some things one of you tells me alone private, but I will not keep a secret "
        "that gets in the way of the work we are doing together. If that happens, I will help "
        "the person who told me share it."
    ),
    SecretsPolicy.ACCOMMODATION: _(
        "What one of you tells me alone stays private unless you agree to share it, "
        "or the law requires me to act."
    ),
}


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class CloseReason(models.TextChoices):
    """Why a case ended, for the discharge record (the summary says the rest in words)."""

    GOALS_MET = "goals_met", "Treatment goals met"
    CLIENT_ENDED = "client_ended", "The client chose to end treatment"
    REFERRED = "referred", "Referred to another provider"
    NO_CONTACT = "no_contact", "No contact from the client"
    MOVED = "moved", "The client moved away"
    OTHER = "other", "Other (see the summary)"


class Recurrence(models.TextChoices):
    ONCE = "once", "Once"
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every two weeks"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"
    NO_SHOW = "no_show", "No show"


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    POSTAL = "postal", _("Postal address")


class Relationship(models.TextChoices):
    PARENT = "parent", "Parent"
    GUARDIAN = "guardian", "Guardian"
    SPOUSE_OR_PARTNER = "spouse_or_partner", "Spouse or partner"
    SIBLING = "sibling", "Sibling"
    CHILD = "child", "Child"
    OTHER_RELATIVE = "other_relative", "Other relative"
    FRIEND = "friend", "Friend"
    OTHER = "other", "Other"


class AgendaSource(models.TextChoices):
    """Why an item is on a session's agenda; later apps add items of their own kind."""

    CLINICIAN = "clinician", "Clinician"
    PRIVACY_CONCERN = "privacy_concern", "Privacy concern raised by a client"
    VIOLATION = "violation", "Suspected confidentiality violation"
    OTHER = "other", "Other"


# The age of majority in every US state but Alabama and Nebraska (19) and Mississippi (21).
# Minor-consent rules differ by state and by service; `policy` decides those, not this number.
AGE_OF_MAJORITY = 18
