"""Confidentiality agreements: versioned per case, one set of choices per participant, signed.

A version never changes once issued: the text each participant signs is rendered from it
deterministically and its SHA-256 kept with the signature, so a signature always points at
exactly the words that person saw. Changing anything issues a new version, which needs new
signatures; older versions stay readable.

Read these only through `agreements.access`; write them only through `agreements.actions`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from confide.fields import EncryptedTextField
from confide.practice.models import Case, Participant, Practice, RelatedPerson

DEFAULT_REVISIT_DAYS = 90


class SharingLabel(models.TextChoices):
    """Who may hear what a participant says to the clinician alone (DESIGN §5)."""

    PRIVATE = "private", _("Private: only me and my clinicians")
    CASE = "case", _("Case: everyone in this case")
    CLINICAL = "clinical", _("Clinical: my clinicians only, for treatment")


class SignMethod(models.TextChoices):
    OFFICE = "office", _("In the office")
    PORTAL = "portal", _("Through the client portal")


class SignerRole(models.TextChoices):
    """Whose signature this is: the participant's own, a guardian's, or a minor's assent."""

    PARTICIPANT = "participant", _("Participant")
    GUARDIAN = "guardian", _("Guardian or personal representative")
    ASSENT = "assent", _("Minor's assent")


class IntakeStep(models.TextChoices):
    GOALS = "goals", _("Treatment goals")
    FEES = "fees", _("Fees and payment")


class AgreementSettings(models.Model):
    """Per-practice defaults for agreements."""

    practice = models.OneToOneField(
        Practice, on_delete=models.CASCADE, related_name="agreement_settings"
    )
    revisit_days = models.PositiveSmallIntegerField(default=DEFAULT_REVISIT_DAYS)
    # Who clients raise privacy concerns with, and how (shown in every agreement).
    concern_contact = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"Agreement settings for {self.practice}"


class Agreement(models.Model):
    """One issued version of a case's confidentiality agreement."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agreements")
    version = models.PositiveIntegerField()
    # Snapshots of what the text depended on, so a change elsewhere is noticed.
    jurisdiction = models.CharField(max_length=16)
    licence = models.CharField(max_length=32, blank=True)
    secrets_policy = models.CharField(max_length=32, blank=True)
    participant_ids = models.JSONField(default=list)
    minor_ids = models.JSONField(default=list)
    revisit_on = models.DateField()
    concern_contact = models.CharField(max_length=300)
    # Anything else the clinician wants in the agreement, in plain words.
    extra_terms = EncryptedTextField(blank=True)
    # The shared text everyone sees, rendered once when the version is issued.
    shared_text = EncryptedTextField()
    change_summary = EncryptedTextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="one_agreement_version")
        ]

    def __str__(self) -> str:
        return f"{self.case.title} agreement v{self.version}"


class ParticipantTerms(models.Model):
    """One participant's own choices in one agreement version; seen by them and clinicians."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="terms")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    default_label = models.CharField(
        max_length=16, choices=SharingLabel.choices, default=SharingLabel.PRIVATE
    )
    private_topics = EncryptedTextField(blank=True)
    # Who must sign for this participant under this version (decided when it was issued).
    guardian_required = models.BooleanField(default=False)
    guardian = models.ForeignKey(
        RelatedPerson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The participant's part of the text (their choices), rendered when the version was issued.
    own_text = EncryptedTextField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "participant"], name="one_terms_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"Terms of participant {self.participant_id} in agreement {self.agreement_id}"


class AgreementTranslation(models.Model):
    """A version's shared text in another language, rendered when the version was issued from
    the same rule data and choices (the English text stays on the Agreement row)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    shared_text = EncryptedTextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "language"], name="one_agreement_text_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"Agreement {self.agreement_id} in {self.language}"


class TermsTranslation(models.Model):
    """One participant's own part in another language, rendered with the version."""

    terms = models.ForeignKey(
        ParticipantTerms, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    own_text = EncryptedTextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["terms", "language"], name="one_terms_text_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"Terms {self.terms_id} in {self.language}"


class Signature(models.Model):
    """Someone signed one participant's text of one agreement version.

    Rows go with their case only when the case itself is deleted (a demo reset); the audit
    trail keeps every signature's event and text hash regardless.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    signer_role = models.CharField(max_length=16, choices=SignerRole.choices)
    signer_name = models.CharField(max_length=200)
    related_person = models.ForeignKey(
        RelatedPerson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    method = models.CharField(max_length=16, choices=SignMethod.choices)
    # The user at the keyboard: the clinician in the office, the client on the portal.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField()
    # The language of the text the signer read, and that exact text's SHA-256: a couple may
    # sign one version in two languages, each signature naming its own text.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    text_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "participant", "signer_role"], name="one_signature_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} ({self.signer_role}) signed agreement {self.agreement_id}"


class GateOverride(models.Model):
    """A clinician let intake or notes go ahead before every signature was in, and why.

    It holds for the agreement version current when it was made (None: no agreement yet), so
    a new version closes the gate again until it is signed or overridden anew.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="gate_overrides")
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reason = EncryptedTextField()
    # The participants in the case when it was made: someone who joins later is not covered
    # (None on overrides made before this was kept: they cover the case as it is).
    participant_ids = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Gate override on case {self.case_id}"


class IntakeItem(models.Model):
    """A completed intake step of a case (goals, fees): allowed only once the gate is open."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="intake_items")
    step = models.CharField(max_length=16, choices=IntakeStep.choices)
    note = EncryptedTextField(blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["step"]
        constraints = [models.UniqueConstraint(fields=["case", "step"], name="one_intake_step")]

    def __str__(self) -> str:
        return f"{self.get_step_display()} done for case {self.case_id}"
