"""Portal invitations: a one-time link that lets a client set a password and sign in."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from confide.practice.models import Client


class Invite(models.Model):
    """An emailed invitation. Only the token's SHA-256 is stored, so the table alone opens
    nothing; the link works once and expires."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="portal_invites")
    email = models.EmailField()
    token_sha256 = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Portal invite for client {self.client_id}"
