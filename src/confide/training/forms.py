"""The front desk's caller form. Its words become a staff-recorded, unmatched request in the
disclosures inbox; the engine words (requester kinds, information, purposes) are the
request's own, limited to what a receptionist can hear on the phone."""

from __future__ import annotations

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from confide.disclosures.vocabulary import Urgency

CALLERS = [
    ("parent", _("A parent")),
    ("spouse_or_partner", _("A spouse or partner")),
    ("other_relative", _("Another relative or a friend")),
    ("employer", _("An employer")),
    ("school", _("A school")),
    ("attorney", _("A lawyer")),
    ("law_enforcement", _("The police")),
    ("insurer", _("An insurer")),
    ("treating_provider", _("A doctor or other health provider")),
    ("other", _("Someone else")),
]
ASKED_FOR = [
    ("attendance", _("Whether the person comes here")),
    ("general_progress", _("How the person is doing")),
    ("whole_record", _("Records or copies")),
]
PROCESSES = [
    ("none", _("No legal papers")),
    ("subpoena", _("They mentioned a subpoena")),
    ("court_order", _("They mentioned a court order")),
    ("warrant", _("They mentioned a warrant")),
]


class CallerForm(forms.Form):
    requester_name = forms.CharField(label=_("Caller's name"), max_length=200)
    requester_contact = forms.CharField(
        label=_("How to call them back"),
        max_length=200,
        help_text=_("A phone number or an address."),
    )
    requester_kind = forms.ChoiceField(label=_("Who is calling"), choices=CALLERS)
    relationship = forms.CharField(
        label=_("What they said they are to the person (optional)"), max_length=200, required=False
    )
    subject_name = forms.CharField(
        label=_("The name they asked about"),
        max_length=200,
        help_text=_("Write it as the caller said it."),
    )
    information = forms.ChoiceField(label=_("What they asked for"), choices=ASKED_FOR)
    legal_process = forms.ChoiceField(label=_("Legal papers"), choices=PROCESSES)
    information_detail = forms.CharField(
        label=_("Their message, in their words"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    urgency = forms.ChoiceField(label=_("How urgent"), choices=Urgency.choices)

    def request_data(self) -> dict[str, object]:
        """The disclosures request fields for `record_request`."""
        data = dict(self.cleaned_data)
        process = data["legal_process"]
        data["information"] = [data["information"]]
        data["purpose"] = (
            "legal_proceeding"
            if process != "none"
            else ("safety" if data["urgency"] == Urgency.EMERGENCY else "concern_for_wellbeing")
        )
        if data["requester_kind"] == "law_enforcement" and process == "none":
            data["purpose"] = "law_enforcement"
        return data


class AnswerForm(forms.Form):
    chosen = forms.ChoiceField(label=_("What do you do?"), widget=forms.RadioSelect)

    def __init__(
        self, *args: object, options: list[tuple[str, str | Promise]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["chosen"].choices = options  # type: ignore[attr-defined]
