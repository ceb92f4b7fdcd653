"""Safety events, suspected violations and breach incidents: records that are never deleted.

Read them only through `incidents.access`, write them only through `incidents.actions`.
Free text about clients is encrypted at rest (EncryptedTextField); what stays plain is the
metadata the dashboard and deadlines need (kinds, dates, counts).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confide import words
from confide.fields import EncryptedCharField, EncryptedTextField
from confide.incidents import breach
from confide.practice.models import AgendaItem, Case, Client


class IncidentRecordDeleted(Exception):
    """Raised on any attempt to delete an incident record: they are kept for good."""


class UndeletableQuerySet(models.QuerySet[Any]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise IncidentRecordDeleted("incident records cannot be deleted")


class Undeletable(models.Model):
    """A record that is part of the practice's compliance history and so is never removed."""

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise IncidentRecordDeleted("incident records cannot be deleted")


class Concern(models.TextChoices):
    THREAT = "threat_to_identifiable_person", _("Threat to an identifiable person")
    SELF_HARM = "risk_of_self_harm", _("Risk of self-harm")
    CHILD_ABUSE = "child_abuse", _("Suspected child abuse or neglect")
    ELDER_ABUSE = "elder_abuse", _("Suspected elder abuse")
    DEPENDENT_ADULT_ABUSE = "dependent_adult_abuse", _("Suspected dependent-adult abuse")
    PARTNER_VIOLENCE = "intimate_partner_violence", _("Intimate partner violence")


class License(models.TextChoices):
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    COUNSELOR = "counselor", _("Counselor")
    MFT = "marriage_family_therapist", _("Marriage and family therapist")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    PSYCHIATRIST = "psychiatrist", _("Psychiatrist")
    OTHER = "other", _("Other")


class SafetyEvent(Undeletable):
    """Something a clinician learned that suggests harm, with the engine's decision kept as
    it was given (rules change; the record shows what was advised at the time)."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="safety_events")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="safety_events"
    )
    concern = models.CharField(max_length=40, choices=Concern.choices)
    imminent = models.BooleanField(default=False)
    # Contract version 2: a threat of serious physical violence (some states' duty turns on
    # it, imminent or not); who is suspected of abuse (some states send the report to another
    # agency by it); the age of an adult harmed (some duties depend on it). Each is kept only
    # for the concerns it bears on, so the record says what the engine was told.
    serious = models.BooleanField(default=True)
    alleged_perpetrator = models.CharField(max_length=16, default="unknown")
    victim_age = models.PositiveSmallIntegerField(null=True, blank=True)
    description = EncryptedTextField()
    jurisdiction = models.CharField(max_length=16)
    clinician_license = models.CharField(max_length=32, choices=License.choices)
    decision = models.JSONField(default=dict)
    learned_at = models.DateTimeField(default=timezone.now)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-learned_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_concern_display()} ({timezone.localdate(self.learned_at):%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def perpetrator_said(self) -> str:
        """Who is suspected of the abuse, in plain words."""
        return words.PERPETRATOR_WORDS.get(self.alleged_perpetrator, "not known")


class SafetyStep(Undeletable):
    """One step of a safety event's checklist. A done warning or report is a release."""

    event = models.ForeignKey(SafetyEvent, on_delete=models.PROTECT, related_name="steps")
    position = models.PositiveSmallIntegerField()
    action = models.CharField(max_length=40)
    kind = models.CharField(max_length=16)
    # Title, recipient and citation come from the rule pack's own words (an agency's full
    # name runs past 200 characters in some states), so they are sized for the law's text.
    title = models.CharField(max_length=500)
    detail = models.TextField(blank=True)
    recipient_hint = models.CharField(max_length=500, blank=True)
    citation = models.CharField(max_length=500, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient = EncryptedTextField(blank=True)
    recipient_address = EncryptedTextField(blank=True)
    note = EncryptedTextField(blank=True)
    # The Release written to the accounting when a warning or report was marked done.
    release_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["event", "position"]

    def __str__(self) -> str:
        return self.title

    @property
    def releases(self) -> bool:
        return self.kind in ("warn", "report")

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def immediate(self) -> bool:
        """Due "immediately" under the rule: its due time is the moment the facts were learned."""
        return self.due_at is not None and self.due_at == self.event.learned_at

    @property
    def overdue(self) -> bool:
        return self.urgency == "overdue"

    @property
    def urgency(self) -> str:
        """now | today | week | later | overdue ("" when done or not timed)."""
        if self.due_at is None or self.is_done:
            return ""
        from confide.practice.urgency import urgency

        return urgency(self.due_at, timezone.now(), immediate=self.immediate)

    @property
    def urgency_label(self) -> str:
        from confide.practice.urgency import label

        return label(self.urgency)


class ViolationBy(models.TextChoices):
    CLIENT = "client", _("The client")
    PARTICIPANT = "case_participant", _("Another participant of the case")
    RELATED = "related_person", _("Someone close to the client")
    STAFF = "staff", _("Someone at the practice")
    UNKNOWN = "unknown", _("Not known")


class Setting(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual therapy")
    COUPLE = "couple", _("Couple therapy")
    FAMILY = "family", _("Family therapy")
    GROUP = "group", _("Group therapy")
    OUTSIDE = "outside_practice", _("Outside the practice")


class Resolution(models.TextChoices):
    DISCUSSED = "discussed", _("Discussed with the client")
    AGREEMENT_REVISITED = "agreement_revisited", _("Discussed; confidentiality agreement revisited")
    UNFOUNDED = "unfounded", _("Discussed; the concern was unfounded")
    REFERRED = "referred", _("Referred to the privacy officer as a possible breach")
    OTHER = "other", _("Other (see the note)")


class Violation(Undeletable):
    """A suspected breach of confidentiality by a client or someone around them (therapy
    material, taken up in session), or a client's privacy concern raised through the portal."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="violations")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="violations"
    )
    by = models.CharField(max_length=32, choices=ViolationBy.choices)
    setting = models.CharField(max_length=32, choices=Setting.choices)
    description = EncryptedTextField()
    raised_via_portal = models.BooleanField(default=False)
    decision = models.JSONField(default=dict)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolution = models.CharField(max_length=32, choices=Resolution.choices, blank=True)
    resolution_note = EncryptedTextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Suspected violation ({timezone.localdate(self.created_at):%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class BreachIncident(Undeletable):
    """A possible breach by staff or systems, its four-factor risk assessment (164.402(2)),
    the notices that follow, and the content of the letter to affected individuals."""

    title = EncryptedCharField(max_length=200, help_text=_("A short label, without client names."))
    description = EncryptedTextField()
    discovered_on = models.DateField()
    occurred_from = models.DateTimeField()
    occurred_until = models.DateTimeField()
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    affected_clients = models.ManyToManyField(Client, blank=True, related_name="+")
    individuals_affected = models.PositiveIntegerField(default=0)
    most_in_one_state = models.PositiveIntegerField(default=0)
    # Assessment (blank until the privacy officer assesses).
    nature = models.CharField(max_length=32, choices=breach.NATURE_CHOICES, blank=True)
    nature_note = EncryptedTextField(blank=True)
    recipient = models.CharField(max_length=32, choices=breach.RECIPIENT_CHOICES, blank=True)
    recipient_note = EncryptedTextField(blank=True)
    acquired = models.CharField(max_length=32, choices=breach.ACQUIRED_CHOICES, blank=True)
    acquired_note = EncryptedTextField(blank=True)
    mitigation = models.CharField(max_length=32, choices=breach.MITIGATION_CHOICES, blank=True)
    mitigation_note = EncryptedTextField(blank=True)
    unsecured = models.BooleanField(default=True)
    exception = models.CharField(max_length=32, choices=breach.EXCEPTION_CHOICES, blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The notice to individuals, 164.404(c).
    letter_what_happened = EncryptedTextField(blank=True)
    letter_information = EncryptedTextField(blank=True)
    letter_steps = EncryptedTextField(blank=True)
    letter_our_response = EncryptedTextField(blank=True)
    letter_contact = EncryptedTextField(blank=True)
    # When each notice went out (None: not yet).
    individuals_notified_on = models.DateField(null=True, blank=True)
    media_notified_on = models.DateField(null=True, blank=True)
    hhs_notified_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-discovered_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def assessment(self) -> breach.Assessment:
        return breach.Assessment(
            self.nature,
            self.recipient,
            self.acquired,
            self.mitigation,
            self.unsecured,
            self.exception,
        )

    @property
    def outcome(self) -> breach.Outcome:
        return breach.outcome_of(self.assessment)

    @property
    def outcome_text(self) -> str:
        return breach.OUTCOME_TEXT[self.outcome]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def notified_on(self, key: str) -> dt.date | None:
        value: dt.date | None = getattr(self, f"{key}_notified_on")
        return value

    def deadlines(self) -> list[breach.Deadline]:
        """The notices still owed: none once the assessment shows no breach."""
        if self.outcome in ("not_a_breach", "low_probability"):
            return []
        found = breach.deadlines(
            self.discovered_on, self.individuals_affected, self.most_in_one_state
        )
        return found

    def pending_deadlines(self) -> list[breach.Deadline]:
        return [d for d in self.deadlines() if self.notified_on(d.key) is None]
