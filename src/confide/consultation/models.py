"""Consultation packets: de-identified material a clinician takes to supervision or a peer
group, and the peer groups themselves.

A draft holds the original texts (encrypted) so the clinician can compare and correct; a
confirmed packet holds only the de-identified texts (encrypted all the same). Read these only
through `consultation.access`, write them only through `consultation.actions`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from confide.fields import EncryptedTextField
from confide.practice.models import Case


class Audience(models.TextChoices):
    SUPERVISOR = "supervisor", _("A supervisor")
    PEER_GROUP = "peer_group", _("A peer consultation group")


class DateHandling(models.TextChoices):
    """How a packet's dates are written. Safe Harbor (the default) and redact meet HIPAA Safe
    Harbor's date rule; shifting keeps day and month (moved), so it is named as NOT Safe Harbor
    wherever a packet is shown."""

    SAFE_HARBOR = "safe_harbor", _("Safe Harbor: remove every part of a date but the year")
    REDACT = "redact", _("Replace every date with [date] (Safe Harbor)")
    SHIFT = (
        "shift",
        (
            _(
                "Shift every date by the packet's one random offset (intervals stay true; "
                "NOT Safe Harbor)"
            )
        ),
    )


SAFE_HARBOR_DATES = frozenset({DateHandling.SAFE_HARBOR, DateHandling.REDACT})


class PacketStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")


class TextSource(models.TextChoices):
    QUESTION = "question", _("Question for the consultation")
    SUMMARY = "summary", _("Summary")
    NOTE = "note", _("Progress note")


class PeerGroup(models.Model):
    """Clinicians (and supervisors) who consult on each other's cases, de-identified."""

    name = models.CharField(max_length=200, unique=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="peer_groups")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Packet(models.Model):
    """One consultation packet of one case, by the clinician who built it."""

    # The case stays linked for its clinician's sake; recipients never reach it.
    case = models.ForeignKey(
        Case, null=True, on_delete=models.SET_NULL, related_name="consultation_packets"
    )
    case_type = models.CharField(max_length=16)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    audience = models.CharField(max_length=16, choices=Audience.choices)
    status = models.CharField(
        max_length=16, choices=PacketStatus.choices, default=PacketStatus.DRAFT
    )
    keep_clinicians = models.BooleanField(default=False)
    dates = models.CharField(
        max_length=16, choices=DateHandling.choices, default=DateHandling.SAFE_HARBOR
    )
    # Draft only: the date offset's seed and the clinician's extra terms; cleared on confirm.
    seed = models.PositiveBigIntegerField(null=True, blank=True)
    also_remove = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Consultation packet {self.pk}"

    @property
    def safe_harbor(self) -> bool:
        """Whether the packet's dates meet HIPAA Safe Harbor (shifted dates do not)."""
        return self.dates in SAFE_HARBOR_DATES

    @property
    def standard(self) -> str:
        """The claim every page showing the packet makes, matching the mode actually used."""
        if self.safe_harbor:
            return (
                "HIPAA Safe Harbor: names, places, contact details and numbers replaced; "
                "every part of a date but the year removed; ages over 89 given as 90+."
            )
        return (
            "Not Safe Harbor: dates are shifted by one random offset, so day and month remain "
            "(moved). Names, places, contact details and numbers are replaced."
        )

    @property
    def is_draft(self) -> bool:
        return self.status == PacketStatus.DRAFT


class PacketText(models.Model):
    """One text of a packet: the question, a summary, or a progress note's shareable part."""

    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="texts")
    position = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=16, choices=TextSource.choices)
    note = models.ForeignKey(
        "records.Note", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    original = EncryptedTextField(blank=True, default="")  # draft only
    deidentified = EncryptedTextField(blank=True, default="")  # confirmed only

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["packet", "position"], name="one_text_per_position")
        ]

    def __str__(self) -> str:
        return f"Text {self.position} of packet {self.packet_id}"


class Restoration(models.Model):
    """A span the engine found that the clinician chose to keep as written, and why."""

    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="restorations")
    position = models.PositiveSmallIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=16)
    kept_text = EncryptedTextField()
    reason = EncryptedTextField()
    restored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    restored_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["packet", "position", "start", "end"], name="one_restoration_per_span"
            )
        ]

    def __str__(self) -> str:
        return f"Restored span {self.start}-{self.end} of packet {self.packet_id}"

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.position, self.start, self.end)


class Share(models.Model):
    """A confirmed packet shared with one supervisor or one peer group."""

    packet = models.ForeignKey(Packet, on_delete=models.CASCADE, related_name="shares")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    peer_group = models.ForeignKey(
        PeerGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="shares"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shared_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(supervisor__isnull=False, peer_group__isnull=True)
                    | models.Q(supervisor__isnull=True, peer_group__isnull=False)
                ),
                name="share_has_one_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"Share of packet {self.packet_id}"

    @property
    def recipient_name(self) -> str:
        if self.supervisor is not None:
            return self.supervisor.get_full_name() or self.supervisor.get_username()
        return self.peer_group.name if self.peer_group is not None else ""
