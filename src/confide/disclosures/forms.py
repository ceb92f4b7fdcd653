"""Forms of the disclosures app. They validate input; `actions` does the writing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confide.disclosures.vocabulary import (
    LEGAL_PROCESS_CHOICES,
    PURPOSE_CHOICES,
    READER_INFORMATION_CHOICES,
    REQUESTER_CHOICES,
    AuthorizationKind,
    Urgency,
)
from confide.practice.models import Case

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Legal documents: PDF or an image of the page; checked by extension and by content.
DOCUMENT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


class Quiet:
    """No colon after labels: the layout already sets a label apart from its control."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RevokeForm(Quiet, forms.Form):
    """A revocation cannot be undone: whoever records it ticks that they understand."""

    confirm = forms.BooleanField(
        label=_("I understand: once revoked, this authorization no longer allows any release"),
        error_messages={"required": _("Tick the box to confirm the revocation.")},
    )


class DateInput(forms.DateInput):
    input_type = "date"


def check_document(upload: UploadedFile | None) -> UploadedFile | None:
    """A legal document must be a PDF, PNG or JPEG of at most 10 MB, whatever its name says."""
    if upload is None:
        return None
    if upload.size is None or upload.size > MAX_DOCUMENT_BYTES:
        raise forms.ValidationError(_("The document must be 10 MB or smaller."))
    name = (upload.name or "").lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    if suffix not in DOCUMENT_SIGNATURES:
        raise forms.ValidationError(_("Attach a PDF, PNG or JPEG file."))
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(DOCUMENT_SIGNATURES[suffix]):
        raise forms.ValidationError(_("The file's content does not match its type."))
    return upload


class RequestForm(Quiet, forms.Form):
    """What anyone asking for client information tells us (public form and staff alike)."""

    requester_name = forms.CharField(label=_("Your name"), max_length=200)
    requester_kind = forms.ChoiceField(
        label=_("You are asking as"), choices=[("", _("Choose…")), *REQUESTER_CHOICES]
    )
    relationship = forms.CharField(
        label=_("Your relationship to the person"),
        max_length=200,
        required=False,
        help_text=_("For example: mother, family doctor, school counselor, attorney for…"),
    )
    requester_contact = forms.CharField(
        label=_("How to reach you"),
        max_length=300,
        help_text=_("Phone, email or postal address for our reply."),
    )
    subject_name = forms.CharField(
        label=_("Name of the person you are asking about"), max_length=200
    )
    subject_date_of_birth = forms.DateField(
        label=_("Their date of birth (if known)"), required=False, widget=DateInput()
    )
    information = forms.MultipleChoiceField(
        label=_("What information you are asking for"),
        choices=READER_INFORMATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    information_detail = forms.CharField(
        label=_("Anything more about what you need"), required=False, widget=forms.Textarea
    )
    purpose = forms.ChoiceField(label=_("Why you need it"), choices=PURPOSE_CHOICES)
    purpose_detail = forms.CharField(
        label=_("More about the purpose"), required=False, widget=forms.Textarea
    )
    legal_process = forms.ChoiceField(
        label=_("Legal process"), choices=LEGAL_PROCESS_CHOICES, initial="none"
    )
    legal_document = forms.FileField(
        label=_("Legal document"),
        required=False,
        help_text=_("The subpoena, order or warrant: PDF, PNG or JPEG, 10 MB at most."),
    )
    client_is_crime_victim = forms.BooleanField(
        label=_("You are asking about the person as the victim of a crime"),
        required=False,
        help_text=_(
            "For police and other law enforcement: the law lets us ask the person "
            "whether they agree to our answering you."
        ),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial="routine")

    def clean_legal_document(self) -> UploadedFile | None:
        return check_document(self.cleaned_data.get("legal_document"))

    def clean_subject_date_of_birth(self) -> dt.date | None:
        born: dt.date | None = self.cleaned_data.get("subject_date_of_birth")
        if born is not None and born > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        return born

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("client_is_crime_victim") and data.get("requester_kind") != "law_enforcement":
            # Only law enforcement asks about a crime victim under 164.512(f)(3).
            self.add_error(
                "client_is_crime_victim", _("Only law enforcement asks about a crime victim here.")
            )
        process = data.get("legal_process", "none")
        if process not in ("", "none") and not data.get("legal_document") and not self.errors:
            self.add_error("legal_document", _("Attach the legal document you are relying on."))
        return data


class AuthorizationForm(Quiet, forms.Form):
    """Every core element of 45 CFR 164.508(c) is a field here; statements are shown in full."""

    kind = forms.ChoiceField(
        label=_("Kind of authorization"),
        choices=AuthorizationKind.choices,
        help_text=_("Psychotherapy notes need their own, separate authorization."),
    )
    information = forms.MultipleChoiceField(
        label=_("Information that may be released"),
        choices=READER_INFORMATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    information_description = forms.CharField(
        label=_("Description of the information, in your words"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    discloser = forms.CharField(label=_("Who may release it"), max_length=200)
    recipient_name = forms.CharField(label=_("Who may receive it"), max_length=200)
    recipient_address = forms.CharField(label=_("Recipient's address"), required=False)
    purpose = forms.CharField(
        label=_("Purpose"),
        help_text=_('"At my request" is enough if you do not want to say why.'),
    )
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput())
    expiry_event = forms.CharField(
        label=_("Or expires when (an event)"), required=False, max_length=200
    )
    substance_use_description = forms.CharField(
        label=_("Substance-use information: how much and what kind (42 CFR 2.31)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    case = forms.ModelChoiceField(
        label=_("Case it concerns"),
        queryset=Case.objects.none(),
        required=False,
        help_text=_(
            "Only the clinicians of this case see the authorization. A couple, family or "
            "group case is a joint record: every participant must sign before it covers anything."
        ),
    )
    statements_acknowledged = forms.BooleanField(
        label=_("I have read the statements above about revoking, conditioning and redisclosure"),
        required=True,
    )
    signed_name = forms.CharField(label=_("Signature: type your full name"), max_length=200)
    representative_authority = forms.CharField(
        label=_("If you sign as a personal representative, your authority"),
        required=False,
        max_length=300,
    )

    def __init__(self, *args: Any, cases: QuerySet[Case], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]

    def clean_expires_on(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("The expiry date is in the past."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("expires_on") and not (data.get("expiry_event") or "").strip():
            self.add_error("expires_on", _("Give an expiry date or an event that ends it."))
        return data


class SignForm(Quiet, forms.Form):
    typed_name = forms.CharField(label=_("Signature: type your full name"), max_length=200)
