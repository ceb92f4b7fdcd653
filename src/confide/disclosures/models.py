"""Requests for client information, the decisions on them, the client's authorizations, what
was released, and what confide sent the client itself.

Read these only through `disclosures.access` and write them only through `disclosures.actions`.
Free text that can hold clinical or identifying detail is an `EncryptedTextField`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from confide.disclosures.vocabulary import (
    AccountingExclusion,
    AuthorizationKind,
    Channel,
    ClinicianChoice,
    Delivery,
    RequestSource,
    RequestStatus,
    Urgency,
)
from confide.fields import EncryptedDateField, EncryptedTextField
from confide.practice.models import Case, Client, ContactPoint


class InformationRequest(models.Model):
    """Someone outside the treatment asked for information about a client.

    A public request names a person but is matched to a client only on the staff side, so the
    public form never learns whether that person is a client.
    """

    source = models.CharField(max_length=16, choices=RequestSource.choices)
    received_at = models.DateTimeField(default=timezone.now)
    requester_name = EncryptedTextField()
    requester_kind = models.CharField(max_length=32)
    relationship = EncryptedTextField(blank=True)
    requester_contact = EncryptedTextField()
    requester_is_personal_representative = models.BooleanField(default=False)
    # Who the request is about, as the requester wrote it.
    subject_name = EncryptedTextField()
    # A date of birth identifies the person as surely as a name: sealed like one.
    subject_date_of_birth = EncryptedDateField(null=True, blank=True)
    information = models.JSONField(default=list)
    information_detail = EncryptedTextField(blank=True)
    purpose = models.CharField(max_length=32)
    purpose_detail = EncryptedTextField(blank=True)
    legal_process = models.CharField(max_length=32, default="none")
    # Police say they ask about the client as the victim of a crime (45 CFR 164.512(f)(3)):
    # then the client is asked first, rather than nothing being said at all.
    client_is_crime_victim = models.BooleanField(default=False)
    legal_document = models.FileField(upload_to="disclosures/legal/%Y/", blank=True)
    urgency = models.CharField(max_length=16, choices=Urgency.choices, default=Urgency.ROUTINE)
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="info_requests"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="info_requests"
    )
    status = models.CharField(max_length=16, choices=RequestStatus.choices, default="new")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Authorizations whose recipient only nearly matches the requester ("E. Bennett" for
    # "Emma Bennett"), which the clinician confirmed name this requester. The advice relies
    # on a near match only once it is here.
    confirmed_authorizations: models.ManyToManyField[Authorization, Any] = models.ManyToManyField(
        "Authorization", blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"Request {self.pk} ({self.get_status_display()})"


class Authorization(models.Model):
    """A client's written permission to release, with every element of 45 CFR 164.508(c).

    Psychotherapy-notes authorizations are their own kind and cannot cover anything else
    (164.508(b)(3)(ii)). Records including substance-use records carry the 42 CFR 2.31
    elements. A joint record (couple, family, group case) needs every participant's signature.
    """

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="authorizations")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="authorizations"
    )
    kind = models.CharField(
        max_length=24, choices=AuthorizationKind.choices, default=AuthorizationKind.STANDARD
    )
    information = models.JSONField(default=list)
    information_description = EncryptedTextField()
    discloser = models.CharField(max_length=200)
    recipient_name = EncryptedTextField()
    recipient_address = EncryptedTextField(blank=True)
    purpose = EncryptedTextField()
    expires_on = models.DateField(null=True, blank=True)
    expiry_event = EncryptedTextField(blank=True)
    # 42 CFR 2.31: how much and what kind of substance-use information.
    substance_use_description = EncryptedTextField(blank=True)
    statements_acknowledged = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Authorization {self.pk}"


class AuthorizationSignature(models.Model):
    """One person's signature: the client, or each participant of a joint record."""

    authorization = models.ForeignKey(
        Authorization, on_delete=models.CASCADE, related_name="signatures"
    )
    signer = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    typed_name = EncryptedTextField()
    # When a personal representative signs: their authority (164.508(c)(1)(vi)).
    representative_authority = EncryptedTextField(blank=True)
    signed_at = models.DateTimeField(default=timezone.now)
    signed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["authorization", "signer"], name="one_signature_each")
        ]

    def __str__(self) -> str:
        return f"Signature {self.pk} on authorization {self.authorization_id}"


class RequestDecision(models.Model):
    """The engine's advice and the clinician's decision on one request; both are kept."""

    request = models.OneToOneField(
        InformationRequest, on_delete=models.PROTECT, related_name="decision"
    )
    situation = models.JSONField()
    engine_decision = models.JSONField()
    choice = models.CharField(max_length=16, choices=ClinicianChoice.choices)
    outcome = models.CharField(max_length=32)
    release_scope = models.JSONField(default=list)
    reason = EncryptedTextField(blank=True)
    authorization = models.ForeignKey(
        Authorization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply = EncryptedTextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Decision on request {self.request_id}: {self.outcome}"


class Release(models.Model):
    """Information that actually left the practice: one entry of the client's accounting.

    `case` is the case whose records were released (the request's, the authorization's or the
    safety event's); empty only for legacy rows and client-level releases."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="releases")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="releases"
    )
    released_at = models.DateTimeField(default=timezone.now)
    recipient = EncryptedTextField()
    recipient_address = EncryptedTextField(blank=True)
    description = EncryptedTextField()
    purpose = EncryptedTextField()
    categories = models.JSONField(default=list)
    basis = models.JSONField(default=list)
    decision = models.ForeignKey(
        RequestDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="releases"
    )
    decision_json = models.JSONField(null=True, blank=True)
    authorization = models.ForeignKey(
        Authorization, null=True, blank=True, on_delete=models.PROTECT, related_name="releases"
    )
    excluded_from_accounting_reason = models.CharField(
        max_length=24, choices=AccountingExclusion.choices, blank=True, default=""
    )
    # The assembled, print-ready content, exactly as sent.
    content = EncryptedTextField(blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-released_at", "-pk"]

    def __str__(self) -> str:
        return f"Release {self.pk}"


class AccountingSuspension(models.Model):
    """A health oversight or law enforcement agency asked that a release be left out of the
    client's accounting for a time (45 CFR 164.528(a)(2)); an oral request lasts 30 days."""

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="suspensions")
    agency = EncryptedTextField()
    statement = EncryptedTextField()
    in_writing = models.BooleanField(default=True)
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Accounting suspension of release {self.release_id} until {self.ends_on}"


class SentMessage(models.Model):
    """A message confide sent a client, through a channel the client allowed."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="sent_messages")
    contact_point = models.ForeignKey(ContactPoint, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    message_kind = models.CharField(max_length=40)
    body = EncryptedTextField()
    discreet = models.BooleanField()
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    delivery = models.CharField(max_length=16, choices=Delivery.choices, default=Delivery.BY_STAFF)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The mail server's last refusal, for staff; never the message itself.
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} to client {self.client_id} ({self.message_kind})"
