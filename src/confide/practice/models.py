"""Practice records: the practice, its clients, the people around them, cases and sessions.

Read these only through `practice.access` and write them only through `practice.actions`;
the models hold data and small derived facts, never permission checks.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confide.fields import EncryptedCharField, EncryptedDateField, EncryptedTextField
from confide.practice.vocabulary import (
    AGE_OF_MAJORITY,
    AgendaSource,
    CaseStatus,
    CaseType,
    CloseReason,
    ContactKind,
    Relationship,
    SecretsPolicy,
    SessionStatus,
)


def validate_time_zone(value: str) -> None:
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a time zone (use a name like America/Chicago).")
            % {"value": repr(value)}
        )


class Practice(models.Model):
    """This practice. One row: confide serves one practice per installation."""

    name = models.CharField(max_length=200)
    # ISO 3166-2 style code, e.g. "US-CA"; `policy` reads its rules by this code.
    jurisdiction = models.CharField(max_length=16)
    # Licence types held here, e.g. ["LMFT", "LCSW", "PsyD"]; some duties differ by licence.
    licence_types = models.JSONField(default=list, blank=True)
    # The practice keeps substance use disorder treatment records covered by 42 CFR Part 2:
    # its Notice of Privacy Practices then carries the Part 2 statements.
    holds_substance_use_records = models.BooleanField(default=False)
    # The IANA zone every time on every page is shown in ("America/New_York"); blank: the
    # installation's CONFIDE_TIME_ZONE. Activated per request by TimeZoneMiddleware.
    time_zone = models.CharField(max_length=64, blank=True, validators=[validate_time_zone])
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> Practice | None:
        return cls.objects.order_by("pk").first()


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years from `born` to `day`; a 29 February birthday counts on 1 March in other years."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Client(models.Model):
    """A person the practice treats. Related people who are not treated are `RelatedPerson`.

    Being a client is itself confidential: names and the date of birth are encrypted at rest and
    found through the blind index (`ClientIndexToken`, kept up to date by `save`).
    """

    first_name = EncryptedCharField(max_length=100)
    last_name = EncryptedCharField(max_length=100)
    preferred_name = EncryptedCharField(max_length=100, blank=True)
    date_of_birth = EncryptedDateField()
    # A deceased client's record stays confidential (HIPAA protects it for 50 years after the
    # death), but they can no longer be asked, invited or seen, and their personal
    # representative is the executor or administrator: the engine hears `client.deceased`.
    # A date is an identifier, so it is sealed like the date of birth.
    date_of_death = EncryptedDateField("date of death", null=True, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    # The school(s) and employer(s) a clinician knows, only so that consultation packets can
    # remove them (consultation.known): identifiers, so sealed like the name. Several are
    # separated by semicolons or new lines.
    school = EncryptedCharField(max_length=300, blank=True)
    employer = EncryptedCharField(max_length=300, blank=True)
    # What the client reads: the portal (confide.portal.middleware), and in time their letters
    # and agreements. One of settings.LANGUAGES.
    preferred_language = models.CharField(
        "preferred language",
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the client reads their portal in."),
    )
    portal_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="client_record",
    )
    # Who registered the client: a clinician keeps sight of a client they registered until a
    # case is opened; after that, sight comes only from being assigned to a case.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Names are ciphertext: lists sort after decryption (`practice.search.sorted_clients`).
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, then rewrite this client's blind-index rows in the same transaction."""
        from confide.practice.search import index_clients

        with transaction.atomic():
            super().save(*args, **kwargs)
            index_clients([self])

    def clean(self) -> None:
        """A date of death is not in the future and not before the date of birth."""
        died = self.date_of_death
        if died is None:
            return
        if died > timezone.localdate():
            raise ValidationError({"date_of_death": "The date of death cannot be in the future."})
        born = self.date_of_birth
        if isinstance(born, dt.date) and died < born:
            raise ValidationError(
                {"date_of_death": "The date of death cannot come before the date of birth."}
            )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def display_name(self) -> str:
        """The name to use when speaking to or about the client: their preferred name first."""
        if self.preferred_name and self.preferred_name != self.first_name:
            return f"{self.preferred_name} {self.last_name}"
        return self.full_name

    @property
    def age(self) -> int:
        """Age today, or at death: a deceased client's age stops at the date of death."""
        return age_on(self.date_of_birth, self.date_of_death or timezone.localdate())

    @property
    def deceased(self) -> bool:
        return self.date_of_death is not None

    @property
    def is_minor(self) -> bool:
        return self.age < AGE_OF_MAJORITY


class ContactPoint(models.Model):
    """One way to reach a client, with the client's confidential-communication preferences.

    Everything is off until the client says otherwise: a message that reaches the wrong person
    is a disclosure.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contact_points")
    kind = models.CharField(max_length=16, choices=ContactKind.choices)
    value = EncryptedCharField(max_length=300)
    label = models.CharField(max_length=60, blank=True, help_text=_("For example: mobile, work."))
    may_call = models.BooleanField(default=False)
    may_leave_voicemail = models.BooleanField(default=False)
    may_text = models.BooleanField(default=False)
    may_email = models.BooleanField(default=False)
    may_mail = models.BooleanField(default=False)
    # Messages to this contact point never name the practice or say what it does.
    discreet = models.BooleanField(default=True)
    preferred = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-preferred", "kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    @property
    def permissions(self) -> list[str]:
        """The ways the client allows us to use this contact point, in plain words."""
        allowed = [
            ("may_call", _("call")),
            ("may_leave_voicemail", _("leave voicemail")),
            ("may_text", _("text")),
            ("may_email", _("email")),
            ("may_mail", _("send mail")),
        ]
        return [str(words) for field, words in allowed if getattr(self, field)]


class RelatedPerson(models.Model):
    """Someone in a client's life who is not a client: a relative, guardian or friend.

    A personal representative has legal authority over the client's information (for example
    the parent of a minor, or a guardian); the basis says why, and a document may back it.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="related_people")
    name = EncryptedCharField(max_length=200)
    relationship = models.CharField(max_length=32, choices=Relationship.choices)
    contact = EncryptedCharField(max_length=300, blank=True)
    # Where they work, only so that consultation packets can remove it (see Client.employer).
    employer = EncryptedCharField(max_length=300, blank=True)
    is_personal_representative = models.BooleanField(default=False)
    representative_basis = EncryptedTextField(blank=True)
    representative_document = models.FileField(upload_to="representatives/%Y/", blank=True)
    # The language of the letters this person receives (a personal representative is told of
    # a breach in their own language). One of settings.LANGUAGES.
    preferred_language = models.CharField(
        "preferred language",
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language of the letters this person receives."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]  # names are ciphertext: sort after decryption

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"


class Case(models.Model):
    """A course of treatment for one or more clients (the participants)."""

    title = EncryptedCharField(max_length=200)
    case_type = models.CharField(max_length=16, choices=CaseType.choices)
    # Only couple and family cases have one; None means the question does not arise.
    secrets_policy = models.CharField(  # noqa: DJ001 - None means "not applicable", not "unknown"
        max_length=32, choices=SecretsPolicy.choices, null=True, blank=True
    )
    clinicians = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="cases")
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.CharField(max_length=16, choices=CloseReason.choices, blank=True)
    # The discharge summary is clinical content: sealed at rest like notes.
    discharge_summary = EncryptedTextField(blank=True)
    # When the secrets policy last changed: an agreement issued before it no longer says
    # what the case does, so notes wait for a new version (records.agreement_link).
    secrets_policy_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]  # titles are ciphertext: `practice.search.sorted_cases`

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """A client in a case, with their role in it (partner, mother, member...)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="participations")
    role_in_case = models.CharField(max_length=60, blank=True)
    joined_on = models.DateField(default=timezone.localdate)
    # A participant who left (a group member who stopped coming) keeps the row, so their
    # words in earlier notes stay attributed to them; they leave the sessions still to come.
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "client"], name="one_participation_per_case")
        ]

    def __str__(self) -> str:
        role = f" ({self.role_in_case})" if self.role_in_case else ""
        return f"{self.client.display_name}{role}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class Session(models.Model):
    """A scheduled therapy session of a case; attendees are the participants expected there."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=50)
    status = models.CharField(
        max_length=16, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    attendees = models.ManyToManyField(Participant, related_name="sessions", blank=True)
    # Sessions booked together as a recurring series share this key ("" for a single one).
    series = models.CharField(max_length=32, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case.title} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


class AgendaItem(models.Model):
    """Something to take up in a session: the clinician's own, or put there by confide
    (a client's privacy concern, a suspected violation) so it is not forgotten."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    # What was said in a session is clinical content: sealed at rest like notes.
    text = EncryptedTextField()
    source = models.CharField(
        max_length=32, choices=AgendaSource.choices, default=AgendaSource.CLINICIAN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    addressed_at = models.DateTimeField(null=True, blank=True)
    resolution = EncryptedTextField(blank=True)
    # The client the item is about (a violation, a concern, a relative's request), and where
    # its record is. On a joint session an item about one participant is for the clinician
    # to take up with that person, not for the group.
    about = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    link = models.CharField(max_length=200, blank=True)
    for_clinician = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


def upcoming_sessions(client: Client) -> models.QuerySet[Session]:
    """Scheduled sessions from now on in any open case the client takes part in."""
    return Session.objects.filter(
        case__participants__client=client,
        case__status=CaseStatus.OPEN,
        status=SessionStatus.SCHEDULED,
        starts_at__gte=timezone.now(),
    ).order_by("starts_at", "pk")


def next_session_for(client: Client, case: Case | None = None) -> Session | None:
    """The client's next scheduled session (in `case` if given): where agenda items go."""
    sessions = upcoming_sessions(client)
    if case is not None:
        sessions = sessions.filter(case=case)
    return sessions.first()


class ClientIndexToken(models.Model):
    """One keyed digest of a normalised name token or the date of birth of a client.

    The blind index behind client search (`confide.practice.search`): the digest is an HMAC
    under the ring's index key, so the table says nothing about names without that key. Kinds
    ("name", "last", "dob") are mixed into the HMAC input, not stored.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="index_tokens")
    digest = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "digest"], name="one_digest_per_client")
        ]

    def __str__(self) -> str:
        return f"index token of client {self.client_id}"
