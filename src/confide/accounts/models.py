"""Staff accounts. Clients reach confide through the portal with accounts of role `client`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.validators import validate_email
from django.db import models

from confide.fields import EncryptedCharField


class Role(models.TextChoices):
    CLINICIAN = "clinician", "Clinician"
    SUPERVISOR = "supervisor", "Supervisor"
    PRIVACY_OFFICER = "privacy_officer", "Privacy officer"
    ADMINISTRATOR = "administrator", "Administrator"
    # The receptionist: answers the phone and takes messages. Unlike the administrator, who
    # keeps the roster, the front desk sees no client list at all, so a screen can never
    # confirm to a caller that someone is a client.
    FRONT_DESK = "front_desk", "Front desk (reception)"
    CLIENT = "client", "Client (portal)"


class License(models.TextChoices):
    """The engine's licence words (confide.policy.situation.LICENSES): duties differ by them."""

    PSYCHOLOGIST = "psychologist", "Psychologist"
    COUNSELOR = "counselor", "Professional counselor"
    MARRIAGE_FAMILY_THERAPIST = "marriage_family_therapist", "Marriage and family therapist"
    SOCIAL_WORKER = "social_worker", "Clinical social worker"
    PSYCHIATRIST = "psychiatrist", "Psychiatrist"
    OTHER = "other", "Other"


class User(AbstractUser):
    """An account. Its email address is sealed at rest and found through `email_digest`
    (see `accounts.identity`); a portal account's user name is a random handle."""

    email = EncryptedCharField(
        "email address", max_length=254, blank=True, default="", validators=[validate_email]
    )
    # Keyed blind-index digest of the casefolded address: the only way to find it.
    email_digest = models.CharField(max_length=64, blank=True, default="", db_index=True)
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.CLINICIAN)
    # A clinician's licence; blank for other roles (decisions then use the practice's).
    license = models.CharField(max_length=32, choices=License.choices, blank=True)
    # Set by an administrator: the user must enrol a TOTP device and use it at every sign-in.
    require_two_factor = models.BooleanField(default=False)
    # Set by an administrator's password reset: the user must choose a new password next time.
    must_change_password = models.BooleanField(default=False)

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep the digest in step with the address (every write of `email` goes through
        here; a queryset `update()` of the address would not, so none is made)."""
        from confide.accounts.identity import email_digest
        from confide.keyregistry import writing_ring

        self.email_digest = email_digest(self.email, writing_ring()) if self.email else ""
        fields = kwargs.get("update_fields")
        if fields is not None and "email" in fields:
            kwargs["update_fields"] = {*fields, "email_digest"}
        super().save(*args, **kwargs)

    @property
    def is_staff_member(self) -> bool:
        return self.role != Role.CLIENT

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles
