"""Forms for practice records. They validate input; `actions` does the writing."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import cache
from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator, validate_email
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from confide.accounts.models import Role, User
from confide.practice.models import Client, ContactPoint, Participant, RelatedPerson
from confide.practice.vocabulary import (
    SECRETS_POLICY_EXPLANATIONS,
    SHARED_CASE_TYPES,
    CaseType,
    CloseReason,
    Recurrence,
    SecretsPolicy,
)

# Why the records hold a school or an employer at all: said beside each such field.
FOR_PACKETS = _(
    "Used only to remove it from case material shared for supervision. "
    "Separate several with semicolons."
)


class Quiet:
    """No colon after labels: the layout already sets a label apart from its control."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ClientForm(Quiet, forms.ModelForm):
    class Meta:
        model = Client
        fields = [
            "first_name",
            "last_name",
            "preferred_name",
            "pronouns",
            "date_of_birth",
            "preferred_language",
            "school",
            "employer",
            "date_of_death",
        ]
        widgets = {"date_of_birth": DateInput(), "date_of_death": DateInput()}
        labels = {"school": _("School (optional)"), "employer": _("Employer (optional)")}
        help_texts = {
            "school": format_lazy(
                "{} {}", _("The school the client attends, if you know it."), FOR_PACKETS
            ),
            "employer": format_lazy(
                "{} {}", _("Where the client works, if you know it."), FOR_PACKETS
            ),
            "preferred_name": _("What the client likes to be called, if different."),
            "pronouns": _("For example: she/her, he/him, they/them."),
            "date_of_death": _(
                "Only if the client has died. Their record stays confidential; "
                "confide then advises as the law treats a deceased client: no one asks or sees "
                "them again, and their executor or administrator acts for them."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A death is recorded on the client's edit page, never at registration.
            del self.fields["date_of_death"]
        # A form (or API caller) that leaves it out keeps the current language, English if new.
        self.fields["preferred_language"].required = False

    def clean_preferred_language(self) -> str:
        chosen: str = self.cleaned_data.get("preferred_language") or ""
        return chosen or self.instance.preferred_language or "en"

    def clean_date_of_death(self) -> dt.date | None:
        died: dt.date | None = self.cleaned_data.get("date_of_death")
        if died is not None and died > timezone.localdate():
            raise forms.ValidationError(_("The date of death cannot be in the future."))
        return died

    def clean_date_of_birth(self) -> dt.date:
        born: dt.date = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if born.year < today.year - 120:
            raise forms.ValidationError(_("Check the year of birth."))
        return born


class ContactPointForm(Quiet, forms.ModelForm):
    class Meta:
        model = ContactPoint
        fields = [
            "kind",
            "value",
            "label",
            "preferred",
            "may_call",
            "may_leave_voicemail",
            "may_text",
            "may_email",
            "may_mail",
            "discreet",
        ]
        labels = {
            "value": _("Number, address or email"),
            "preferred": _("Preferred way to reach the client"),
            "may_call": _("We may call"),
            "may_leave_voicemail": _("We may leave a voicemail"),
            "may_text": _("We may send text messages"),
            "may_email": _("We may email"),
            "may_mail": _("We may send post"),
            "discreet": _("Be discreet: never name the practice in messages"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        allowed = {
            "phone": {"may_call", "may_leave_voicemail", "may_text"},
            "email": {"may_email"},
            "postal": {"may_mail"},
        }.get(kind or "", set())
        every = {"may_call", "may_leave_voicemail", "may_text", "may_email", "may_mail"}
        for name in sorted(every - allowed):
            if data.get(name):
                self.add_error(name, _("This does not apply to this kind of contact point."))
        if kind == "email" and data.get("value"):
            try:
                validate_email(data["value"])
            except forms.ValidationError:
                self.add_error("value", _("Enter an email address, like name@example.com."))
        if data.get("may_leave_voicemail") and not data.get("may_call"):
            self.add_error("may_leave_voicemail", _("Voicemail needs permission to call."))
        return data


MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCUMENT_EXTENSIONS = ["pdf", "png", "jpg", "jpeg"]


class RelatedPersonForm(Quiet, forms.ModelForm):
    class Meta:
        model = RelatedPerson
        fields = [
            "name",
            "relationship",
            "contact",
            "employer",
            "is_personal_representative",
            "representative_basis",
            "representative_document",
            "preferred_language",
        ]
        labels = {
            "contact": _("How to reach them"),
            "employer": _("Employer (optional)"),
            "is_personal_representative": _("Personal representative"),
            "representative_basis": _("Basis for being a personal representative"),
            "representative_document": _("Supporting document (optional)"),
        }
        help_texts = {
            "employer": format_lazy("{} {}", _("Where they work, if you know it."), FOR_PACKETS),
            "is_personal_representative": (
                _(
                    "Has legal authority over the client's health information, for example the "
                    "parent of a minor or a court-appointed guardian."
                )
            ),
            "representative_basis": _("For example: parent of a minor; guardianship order."),
            "representative_document": _("A PDF or photo, at most 10 MB."),
        }
        widgets = {"representative_basis": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Left out of a post (an older form, an API caller), the person reads English.
        self.fields["preferred_language"].required = False

    def clean_preferred_language(self) -> str:
        chosen: str = self.cleaned_data.get("preferred_language") or ""
        return chosen or self.instance.preferred_language or "en"

    def clean_representative_document(self) -> Any:
        document = self.cleaned_data.get("representative_document")
        if document and getattr(document, "size", 0) > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The document is too large: at most 10 MB."))
        if document:
            FileExtensionValidator(DOCUMENT_EXTENSIONS)(document)
        return document

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("is_personal_representative")
            and not (data.get("representative_basis") or "").strip()
        ):
            self.add_error("representative_basis", _("Say why this person is a representative."))
        return data


class CaseForm(Quiet, forms.Form):
    title = forms.CharField(max_length=200, help_text=_("For example: Alvarez couple therapy."))
    case_type = forms.ChoiceField(choices=CaseType.choices, widget=forms.RadioSelect)
    participants = forms.ModelMultipleChoiceField(
        queryset=Client.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The clients taking part. Register a new client first if they are not listed."),
    )
    secrets_policy = forms.ChoiceField(
        choices=SecretsPolicy.choices,
        widget=forms.RadioSelect,
        required=False,
        label=_("Secrets policy"),
        help_text=_("How you will treat what one participant tells you alone."),
    )
    clinicians = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Clinicians"),
        help_text=_("If you are a clinician, you are assigned to the case you open."),
    )

    def __init__(self, *args: Any, clients: QuerySet[Client], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        participants: Any = self.fields["participants"]
        participants.queryset = clients
        participants.label_from_instance = _client_choice_label
        clinicians: Any = self.fields["clinicians"]
        clinicians.queryset = User.objects.filter(role=Role.CLINICIAN, is_active=True).order_by(
            "last_name", "username"
        )
        clinicians.label_from_instance = lambda u: u.get_full_name() or u.get_username()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("case_type") in SHARED_CASE_TYPES:
            if not data.get("secrets_policy"):
                self.add_error(
                    "secrets_policy",
                    _("Choose how you will treat what one person tells you alone."),
                )
        else:
            data["secrets_policy"] = None
        return data

    @staticmethod
    def explanations() -> list[tuple[str, str, str]]:
        return [(p.value, str(p.label), str(SECRETS_POLICY_EXPLANATIONS[p])) for p in SecretsPolicy]


def _client_choice_label(client: Client) -> str:
    return f"{client.display_name} (born {client.date_of_birth:%d %b %Y})"


class SessionForm(Quiet, forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=DateTimeInput(), help_text=_("In the practice's time zone.")
    )
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=5, max_value=600, initial=50
    )
    attendees = forms.ModelMultipleChoiceField(
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The participants expected at this session."),
    )
    recurrence = forms.ChoiceField(
        label=_("Repeat"), choices=Recurrence.choices, initial=Recurrence.ONCE, required=False
    )
    count = forms.IntegerField(
        label=_("Number of sessions"),
        min_value=1,
        max_value=52,
        required=False,
        help_text=_("For a series: how many sessions, or give the date of the last one."),
    )
    until = forms.DateField(label=_("Last date (optional)"), required=False, widget=DateInput())
    book_anyway = forms.BooleanField(
        label=_("Book anyway: I have seen the double bookings listed above"),
        required=False,
    )

    def __init__(self, *args: Any, participants: QuerySet[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        attendees: Any = self.fields["attendees"]
        attendees.queryset = participants
        self.fields["attendees"].initial = [p.pk for p in participants if p.left_on is None]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["recurrence"] = data.get("recurrence") or Recurrence.ONCE
        if data["recurrence"] != Recurrence.ONCE and not (data.get("count") or data.get("until")):
            self.add_error("count", _("Say how many sessions, or the date of the last one."))
        return data


class CaseEditForm(Quiet, forms.Form):
    title = forms.CharField(max_length=200)
    secrets_policy = forms.ChoiceField(
        choices=SecretsPolicy.choices,
        widget=forms.RadioSelect,
        required=False,
        label=_("Secrets policy"),
        help_text=(
            _(
                "Changing it changes what every participant agreed to: a new agreement version "
                "must be issued and signed before notes go on."
            )
        ),
    )
    clinicians = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Clinicians"),
        help_text=_("You stay assigned to a case you edit."),
    )

    def __init__(self, *args: Any, case_type: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        clinicians: Any = self.fields["clinicians"]
        clinicians.queryset = User.objects.filter(role=Role.CLINICIAN, is_active=True).order_by(
            "last_name", "username"
        )
        clinicians.label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.shared = case_type in SHARED_CASE_TYPES
        if not self.shared:
            del self.fields["secrets_policy"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.shared:
            data["secrets_policy"] = None
        elif not data.get("secrets_policy"):
            self.add_error(
                "secrets_policy", _("Choose how you will treat what one person tells you.")
            )
        return data


@cache
def time_zone_choices() -> list[tuple[str, str | Promise]]:
    """Every IANA zone this Python knows, by name, after the installation's default (its label
    stays lazy: the list is cached once per process, the label is read in each reader's
    language)."""
    from django.conf import settings

    default = ("", format_lazy(_("The installation's default ({zone})"), zone=settings.TIME_ZONE))
    return [default, *((name, name) for name in sorted(zoneinfo.available_timezones()))]


class TimeZoneForm(Quiet, forms.Form):
    """The zone every time on every page is shown in (the administrator's setting)."""

    time_zone = forms.ChoiceField(
        label=_("Practice time zone"),
        required=False,
        choices=time_zone_choices,
        help_text=_("Sessions, deadlines and the audit trail are shown in this time."),
    )


class CloseCaseForm(Quiet, forms.Form):
    reason = forms.ChoiceField(label=_("Why is the case closing?"), choices=CloseReason.choices)
    discharge_summary = forms.CharField(
        label=_("Discharge summary"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        help_text=_(
            "Treatment given, progress, the state at discharge, referrals, what to do if "
            "the client returns. Kept encrypted with the case."
        ),
    )
    confirm = forms.BooleanField(
        label=_("Yes, close this case and cancel the sessions still to come"),
        error_messages={"required": _("Tick the box to confirm closing the case.")},
    )


class ConfirmForm(Quiet, forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, I confirm"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class ParticipantForm(Quiet, forms.Form):
    client = forms.ModelChoiceField(queryset=Client.objects.none(), label=_("Client"))
    role_in_case = forms.CharField(
        max_length=60, required=False, label=_("Role in case"), help_text=_("For example: mother.")
    )

    def __init__(self, *args: Any, clients: QuerySet[Client], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["client"]
        field.queryset = clients
        field.label_from_instance = _client_choice_label


class AgendaItemForm(Quiet, forms.Form):
    text = forms.CharField(
        label=_("Agenda item"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AddressAgendaItemForm(Quiet, forms.Form):
    resolution = forms.CharField(
        label=_("What came of it"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
