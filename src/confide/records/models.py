"""Session notes: progress notes made of attributed disclosure segments, psychotherapy notes
kept apart, and emergency access to a case's notes.

All free clinical text is an `EncryptedTextField`; only metadata (dates, participants,
labels) is stored in plaintext, which is what the note list filters on. Read these only
through `records.access` (which applies `records.visibility`), write them only through
`records.actions`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confide.fields import EncryptedTextField
from confide.practice.models import Case, Participant, Session
from confide.records.visibility import (
    CASE,
    CLINICAL,
    PRIVATE,
    PROGRESS,
    PSYCHOTHERAPY,
    NoteFacts,
    SegmentFacts,
)


class SharingLabel(models.TextChoices):
    PRIVATE = PRIVATE, _("Private: the discloser and the clinicians")
    CASE = CASE, _("Case: all participants")
    CLINICAL = CLINICAL, _("Clinical: clinicians only")


class LabelSource(models.TextChoices):
    AGREEMENT = "agreement", _("From the participant's agreement")
    CLINICIAN = "clinician", _("Set by the clinician")


class NoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed and locked")


class Note(models.Model):
    """A progress note of one session (or contact) of a case: a sequence of segments.

    A note starts as a draft its author may rework; signing locks it (the signer and the time
    are kept here and in the audit). After that, only addenda: segments appended with their
    own author and time (`Segment.added_at`), never a change to what was signed.
    """

    # A case is never deleted in normal use; the demo's reset removes cases with their notes.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)
    # Notes written before drafts existed were final when saved: the default is "signed".
    status = models.CharField(max_length=8, choices=NoteStatus.choices, default=NoteStatus.SIGNED)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The structure the note was written in ("" free, or a key of `records.note_formats`).
    template = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["-written_on", "-pk"]
        indexes = [
            # The dashboard counts a clinician's drafts on every visit: by author alone that
            # reads every note they ever wrote (1,000 at the benchmark's size) to find a few.
            models.Index(fields=["author", "status"], name="records_note_author_status"),
        ]

    def __str__(self) -> str:
        return f"Progress note {self.written_on:%Y-%m-%d}"

    @property
    def is_draft(self) -> bool:
        return self.status == NoteStatus.DRAFT

    def visibility_facts(self) -> NoteFacts:
        segments = tuple(s.facts(self) for s in self.segments.all())
        return NoteFacts(self.pk, self.case_id, PROGRESS, self.author_id, segments)


class Segment(models.Model):
    """One piece of a progress note, attributed to a participant (or to the clinician when
    `discloser` is empty) and labelled with who may see it."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="segments")
    position = models.PositiveSmallIntegerField()
    # RESTRICT: a participant with attributed segments cannot be removed on their own (their
    # words would be misattributed), only together with the whole case.
    discloser = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.RESTRICT, related_name="segments"
    )
    label = models.CharField(max_length=16, choices=SharingLabel.choices)
    label_source = models.CharField(max_length=16, choices=LabelSource.choices)
    text = EncryptedTextField()
    # The template section this segment fills ("S", "O", ... of SOAP), "" when free-form.
    section = models.CharField(max_length=4, blank=True)
    # Set on an addendum: a segment appended after the note was signed, by whom and when.
    added_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["note", "position"], name="one_segment_per_position"),
            models.CheckConstraint(
                condition=models.Q(label__in=[PRIVATE, CASE, CLINICAL]), name="known_label"
            ),
        ]

    def __str__(self) -> str:
        return f"Segment {self.position} of note {self.note_id}"

    @property
    def discloser_name(self) -> str:
        return "Clinician" if self.discloser is None else self.discloser.client.display_name

    @property
    def is_addendum(self) -> bool:
        return self.added_at is not None

    @property
    def section_title(self) -> str:
        from confide.records.note_formats import section_title

        return section_title(self.note.template, self.section) if self.section else ""

    def facts(self, note: Note | None = None) -> SegmentFacts:
        note = note or self.note
        return SegmentFacts(
            segment_id=self.pk,
            note_id=note.pk,
            case_id=note.case_id,
            note_kind=PROGRESS,
            author_id=note.author_id,
            discloser_id=self.discloser_id,
            label=self.label,
            ref=self,
        )


class PsychotherapyNote(models.Model):
    """The clinician's own analysis, kept apart from the record: its author alone sees it,
    unless an authorization names psychotherapy notes or a rule allows it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="psychotherapy_notes")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_on = models.DateField(default=timezone.localdate)
    text = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return f"Psychotherapy note {self.written_on:%Y-%m-%d}"

    def visibility_facts(self) -> NoteFacts:
        """The whole text is one clinical segment attributed to its author.

        Its ids in the facts are the negated primary key, so a release grant naming progress
        notes or segments by id can never cover a psychotherapy note by a clash of numbers."""
        segment = SegmentFacts(
            segment_id=-self.pk,
            note_id=-self.pk,
            case_id=self.case_id,
            note_kind=PSYCHOTHERAPY,
            author_id=self.author_id,
            discloser_id=None,
            label=CLINICAL,
            ref=self,
        )
        return NoteFacts(-self.pk, self.case_id, PSYCHOTHERAPY, self.author_id, (segment,))


class Finding(models.TextChoices):
    """The privacy officer's conclusion on an emergency access (45 CFR 164.308(a)(1)(ii)(D):
    information system activity review)."""

    JUSTIFIED = "justified", _("Justified: a real emergency, access kept to what it needed")
    NOT_JUSTIFIED = "not_justified", _("Not justified: follow up with the clinician")


class EmergencyAccess(models.Model):
    """A clinician outside a case opening its notes for a stated reason, for a limited time.

    The privacy officer sees each one on the dashboard until they review it and record a
    finding (justified or not, with a note, sealed at rest like the reason)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="emergency_accesses")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = EncryptedTextField()
    opened_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    finding = models.CharField(max_length=16, choices=Finding.choices, blank=True, default="")
    finding_note = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return f"Emergency access to case {self.case_id}"

    def active_at(self, moment: object = None) -> bool:
        now = moment or timezone.now()
        return bool(self.opened_at <= now < self.expires_at)  # type: ignore[operator]


class RegisteredKey(models.Model):
    """A key the database holds data under (data keys) or built its blind index with (index).

    Filled on first start and by `confide keys rotate|resume`; read by `confide.keyregistry` so
    that a server with the wrong key ring refuses to start and nothing is written under a key
    the database does not know. Only key ids (public fingerprints) are stored, never keys.
    """

    DATA = "data"
    INDEX = "index"

    key_id = models.CharField(max_length=12)
    purpose = models.CharField(max_length=8, choices=[(DATA, "data"), (INDEX, "blind index")])
    registered_at = models.DateTimeField(default=timezone.now)
    # Set when no stored value needs the key any more (a data key after a finished rotation,
    # an index key once the index is rebuilt under its successor).
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["key_id", "purpose"], name="one_registration_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.purpose} key {self.key_id}"
