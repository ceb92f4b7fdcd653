"""Staff accounts. Clients reach confide through the portal with accounts of role `client`."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


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
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.CLINICIAN)
    # A clinician's licence; blank for other roles (decisions then use the practice's).
    license = models.CharField(max_length=32, choices=License.choices, blank=True)
    # Set by an administrator: the user must enrol a TOTP device and use it at every sign-in.
    require_two_factor = models.BooleanField(default=False)
    # Set by an administrator's password reset: the user must choose a new password next time.
    must_change_password = models.BooleanField(default=False)

    @property
    def is_staff_member(self) -> bool:
        return self.role != Role.CLIENT

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles
