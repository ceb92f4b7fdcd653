"""Portal invitations: a one-time link that lets a client set a password and sign in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from confide.fields import EncryptedCharField
from confide.practice.models import Client, ContactPoint


class WithdrawnBecause(models.TextChoices):
    """Why an invitation stopped working before it was used."""

    REPLACED = "replaced", _("A newer invitation replaced it")
    TOO_MANY_TRIES = "too_many_tries", _("Too many wrong dates of birth")
    REVOKED = "revoked", _("Portal access was revoked")


class Invite(models.Model):
    """An emailed invitation. Only the token's SHA-256 is stored, so the table alone opens
    nothing; the link works once and expires. It goes only to an email contact point on file
    (`contact_point`; `email` is that point's address at sending time, sealed at rest like the
    point itself), and taking it up asks for the client's date of birth, with
    `failed_attempts` counting the wrong ones."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="portal_invites")
    contact_point = models.ForeignKey(
        ContactPoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = EncryptedCharField(max_length=254)
    token_sha256 = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_because = models.CharField(
        max_length=24, choices=WithdrawnBecause.choices, blank=True, default=""
    )
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Portal invite for client {self.client_id}"
