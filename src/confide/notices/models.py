"""The practice's Notice of Privacy Practices (45 CFR 164.520), clients' acknowledgments of
receipt, and the practice's confidentiality policy (164.530(i)). Read through
`notices.access`, write through `notices.actions`; no row here is ever deleted: every
version is documentation kept six years (164.530(j))."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from confide.fields import EncryptedTextField
from confide.notices.vocabulary import (
    AckMethod,
    AckOutcome,
    NoticeStatus,
    PolicyStatus,
    keep_until,
)
from confide.practice.models import Client

USER = settings.AUTH_USER_MODEL


class NoticeVersion(models.Model):
    """One version of the notice. Its text is composed from the rule pack while it is a draft
    and frozen when it is published: what a client acknowledged stays readable word for word."""

    number = models.PositiveIntegerField(unique=True)
    status = models.CharField(max_length=16, choices=NoticeStatus.choices, default="draft")
    jurisdiction = models.CharField(max_length=16)
    holds_part2 = models.BooleanField(default=False)
    contact_title = models.CharField(max_length=200)
    contact_phone = models.CharField(max_length=40)
    contact_email = models.CharField(max_length=200, blank=True)
    contact_address = models.TextField(blank=True)
    effective_on = models.DateField()
    text = models.TextField()
    rules_fingerprint = models.CharField(max_length=64)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # When the next version was published and this one stopped being in effect.
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Notice of Privacy Practices, version {self.number}"

    @property
    def is_current(self) -> bool:
        return self.status == NoticeStatus.PUBLISHED and self.superseded_at is None

    @property
    def kept_until(self) -> dt.date:
        last = self.superseded_at or (timezone.now() if self.is_current else None)
        return keep_until(self.created_at, last)


class NoticeTranslation(models.Model):
    """The same version's text in another language confide ships, composed from the same rule
    data with the English text and frozen with it (the English stays on NoticeVersion.text)."""

    notice = models.ForeignKey(NoticeVersion, on_delete=models.PROTECT, related_name="translations")
    language = models.CharField(max_length=8)
    text = models.TextField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "language"], name="one_notice_text_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"Notice {self.notice_id} in {self.language}"


class NoticeAcknowledgment(models.Model):
    """A client's written acknowledgment of receipt (164.520(c)(2)(ii)), or the record of the
    good-faith effort and why it was not obtained when the client declined."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    notice = models.ForeignKey(
        NoticeVersion, on_delete=models.PROTECT, related_name="acknowledgments"
    )
    outcome = models.CharField(max_length=16, choices=AckOutcome.choices)
    method = models.CharField(max_length=16, choices=AckMethod.choices)
    # Why the acknowledgment was not obtained, and what was done (only for a declined one).
    good_faith_note = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    # The language of the text the client was given, and that text's SHA-256: what they
    # acknowledged, word for word (blank on acknowledgments recorded before translations).
    language = models.CharField(max_length=8, default="en")
    text_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["client", "notice"], name="one_ack_per_notice")
        ]

    def __str__(self) -> str:
        return f"Acknowledgment {self.pk} of notice {self.notice_id}"


class PolicyVersion(models.Model):
    """One version of the practice's confidentiality policy and procedures (164.530(i)),
    with its author, approver and dates."""

    number = models.PositiveIntegerField(unique=True)
    status = models.CharField(max_length=16, choices=PolicyStatus.choices, default="draft")
    title = models.CharField(max_length=200)
    text = models.TextField()
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    effective_on = models.DateField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.title}, version {self.number}"

    @property
    def is_current(self) -> bool:
        return self.status == PolicyStatus.APPROVED and self.superseded_at is None

    @property
    def kept_until(self) -> dt.date:
        last = self.superseded_at or (timezone.now() if self.is_current else None)
        return keep_until(self.created_at, last)
