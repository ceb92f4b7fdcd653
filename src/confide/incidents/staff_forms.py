"""The staff's forms of the incidents app: safety events, checklist steps, suspected violations,
breach reports, risk assessments, letters and notices. Kept apart from `forms` (the client's
privacy concern), because every string of a client module must carry a Spanish translation;
these are marked for translation too, without that obligation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confide import words
from confide.incidents import access, breach
from confide.incidents.models import (
    BreachIncident,
    Concern,
    License,
    Resolution,
    SafetyStep,
    Setting,
    ViolationBy,
)
from confide.licences import clinician_license
from confide.policy.situation import INFORMATION
from confide.policy.vocabulary import PERPETRATORS
from confide.practice.models import Case, Client


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _label(word: str) -> str:
    label = words.say(word)
    return label[:1].upper() + label[1:]


INFORMATION_CHOICES = [(word, _label(word)) for word in INFORMATION]

PERPETRATOR_CHOICES = [
    (word, words.PERPETRATOR_WORDS[word][:1].upper() + words.PERPETRATOR_WORDS[word][1:])
    for word in PERPETRATORS
]


class _ClientCaseForm(forms.Form):
    """The client (and optionally the case) an event is about, from the user's own."""

    client = forms.ModelChoiceField(
        queryset=Client.objects.none(), empty_label=_("Choose a client")
    )
    case = forms.ModelChoiceField(
        queryset=Case.objects.none(),
        required=False,
        empty_label=_("No particular case"),
        label=_("Case it came up in"),
        help_text=_("Optional."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = access.clients_for(user)  # type: ignore[attr-defined]
        self.fields["case"].queryset = access.cases_for(user)  # type: ignore[attr-defined]


class SafetyEventForm(_ClientCaseForm):
    concern = forms.ChoiceField(
        choices=Concern.choices, widget=forms.RadioSelect, label=_("What is the concern?")
    )
    imminent = forms.BooleanField(
        required=False,
        label=_("The risk is serious and imminent"),
        help_text=_("It could happen at any moment: confide then puts protection first."),
    )
    serious = forms.ChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        required=False,
        initial="yes",
        widget=forms.RadioSelect,
        label=_("For a threat: is it a threat of serious physical violence?"),
        help_text=_(
            "Asked because in some states the duty to warn turns on a serious threat "
            "against someone who can be identified, even when it is not imminent."
        ),
    )
    alleged_perpetrator = forms.ChoiceField(
        choices=PERPETRATOR_CHOICES,
        required=False,
        initial="unknown",
        widget=forms.RadioSelect,
        label=_("For abuse: who is suspected of it?"),
        help_text=_(
            "Asked because some states send the report to a different agency when a "
            "parent or caretaker is suspected. If you do not know, confide lists every report "
            "that could apply."
        ),
    )
    victim_age = forms.IntegerField(
        min_value=0,
        max_value=130,
        required=False,
        label=_("For elder or dependent-adult abuse: the age of the person harmed"),
        help_text=_(
            "Asked because some states' duty to report depends on the person's age. "
            "Leave empty if you do not know."
        ),
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("What you learned"),
        help_text=_("Kept encrypted. Who said what, when, and about whom."),
    )
    clinician_license = forms.ChoiceField(choices=License.choices, label=_("Your licence"))
    learned_at = forms.DateTimeField(
        required=False,
        widget=DateTimeInput(),
        label=_("When you learned of it"),
        help_text=_("Leave empty for now. Deadlines run from this time."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["clinician_license"].initial = clinician_license(user)
        self.order_fields(
            [
                "client",
                "case",
                "concern",
                "imminent",
                "serious",
                "alleged_perpetrator",
                "victim_age",
                "description",
            ]
        )

    def clean_serious(self) -> bool:
        """Unanswered reads as serious, the contract's default: the protective reading."""
        return self.cleaned_data.get("serious") != "no"

    def clean_alleged_perpetrator(self) -> str:
        return self.cleaned_data.get("alleged_perpetrator") or "unknown"

    def clean_learned_at(self) -> dt.datetime | None:
        value: dt.datetime | None = self.cleaned_data.get("learned_at")
        if value is not None and value > timezone.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError(_("The time you learned of it cannot be in the future."))
        return value


class StepDoneForm(forms.Form):
    """Marking a step done; for a warning or report, whom and what, for the accounting."""

    recipient = forms.CharField(max_length=300, label=_("Whom you told"))
    recipient_address = forms.CharField(
        max_length=300, required=False, label=_("How you reached them (phone, address)")
    )
    categories = forms.MultipleChoiceField(
        choices=INFORMATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        label=_("What kinds of information you shared"),
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("What you did"),
        help_text=_("When, how, and what you said. Kept encrypted."),
    )

    def __init__(self, *args: Any, step: SafetyStep, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"step{step.pk}")
        super().__init__(*args, **kwargs)
        self.step = step
        if not step.releases:
            for name in ("recipient", "recipient_address", "categories"):
                del self.fields[name]
        else:
            self.fields["recipient"].help_text = _("For example: %(hint)s.") % {
                "hint": step.recipient_hint
            }


class ViolationForm(_ClientCaseForm):
    client = forms.ModelChoiceField(
        queryset=Client.objects.none(),
        empty_label=_("Choose a client"),
        label=_("Client who may have broken confidentiality"),
        help_text=_("It goes on the agenda of this client's next session."),
    )
    by = forms.ChoiceField(
        choices=[c for c in ViolationBy.choices if c[0] not in ("staff",)],
        widget=forms.RadioSelect,
        label=_("Who may have shared it"),
        help_text=_(
            "A suspected breach by staff or systems is a breach incident: report it "
            "to the privacy officer instead."
        ),
    )
    setting = forms.ChoiceField(choices=Setting.choices, label=_("Where it was said"))
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("What happened"),
        help_text=_("Kept encrypted."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.order_fields(["client", "case", "by", "setting", "description"])


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        choices=Resolution.choices, widget=forms.RadioSelect, label=_("How it was addressed")
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Note"),
        help_text=_("Kept encrypted. Required if you chose Other."),
    )


class BreachReportForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        label=_("Short label"),
        help_text=_("For example: Laptop stolen from car. No client names here."),
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("What happened"),
        help_text=_("Kept encrypted."),
    )
    discovered_on = forms.DateField(
        widget=DateInput(),
        label=_("Date discovered"),
        help_text=_(
            "The day it was known, or should reasonably have been known. Deadlines run "
            "from this day."
        ),
    )
    occurred_from = forms.DateTimeField(widget=DateTimeInput(), label=_("It may have begun at"))
    occurred_until = forms.DateTimeField(widget=DateTimeInput(), label=_("It ended at"))
    affected_clients = forms.ModelMultipleChoiceField(
        queryset=Client.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        label=_("Clients affected"),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    individuals_affected = forms.IntegerField(
        min_value=0,
        required=False,
        label=_("Number of people affected"),
        help_text=_(
            "Including people who are not clients. Leave empty to count the clients chosen."
        ),
    )
    most_in_one_state = forms.IntegerField(
        min_value=0,
        required=False,
        label=_("Most residents of any one state"),
        help_text=_(
            "Media notice is required above 500. Leave empty if everyone lives in one state."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["affected_clients"].queryset = access.breach_clients(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("occurred_from"), data.get("occurred_until")
        if start and end and end < start:
            self.add_error("occurred_until", _("The end must come after the start."))
        day = data.get("discovered_on")
        if day and day > timezone.localdate():
            self.add_error("discovered_on", _("The discovery date cannot be in the future."))
        return data


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = BreachIncident
        fields = [
            "unsecured",
            "exception",
            "nature",
            "nature_note",
            "recipient",
            "recipient_note",
            "acquired",
            "acquired_note",
            "mitigation",
            "mitigation_note",
        ]
        widgets = {
            "nature": forms.RadioSelect,
            "recipient": forms.RadioSelect,
            "acquired": forms.RadioSelect,
            "mitigation": forms.RadioSelect,
            "exception": forms.RadioSelect,
            "nature_note": forms.Textarea(attrs={"rows": 2}),
            "recipient_note": forms.Textarea(attrs={"rows": 2}),
            "acquired_note": forms.Textarea(attrs={"rows": 2}),
            "mitigation_note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "unsecured": _("The information was unsecured (not encrypted to HHS guidance)"),
            "exception": _("Does a statutory exception apply?"),
            "nature": _("1. Nature and extent of the information, and how identifiable it is"),
            "nature_note": _("Why (factor 1)"),
            "recipient": _("2. The unauthorized person who used or received it"),
            "recipient_note": _("Why (factor 2)"),
            "acquired": _("3. Whether it was actually acquired or viewed"),
            "acquired_note": _("Why (factor 3)"),
            "mitigation": _("4. The extent to which the risk has been mitigated"),
            "mitigation_note": _("Why (factor 4)"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("nature", "recipient", "acquired", "mitigation"):
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0] != ""]  # type: ignore[attr-defined]
            field.required = False
        self.fields["exception"].choices = breach.EXCEPTION_CHOICES  # type: ignore[attr-defined]


class LetterForm(forms.ModelForm):
    class Meta:
        model = BreachIncident
        fields = [name for name, _label in breach.LETTER_CONTENT]
        labels = dict(breach.LETTER_CONTENT)
        widgets = {
            name: forms.Textarea(attrs={"rows": 3}) for name, _label in breach.LETTER_CONTENT
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True


class NoticeForm(forms.Form):
    on = forms.DateField(widget=DateInput(), label=_("Sent on"))

    def __init__(self, *args: Any, key: str, title: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"notice-{key}")
        super().__init__(*args, **kwargs)
        self.key = key
        if title:
            # Several notices share the page: each date field names its own notice.
            self.fields["on"].label = _("Date sent: %(notice)s") % {"notice": title.lower()}
