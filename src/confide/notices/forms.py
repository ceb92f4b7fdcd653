"""Forms for the notice, acknowledgments and the policy document. Validation that matters
lives in `actions`; these only parse and label."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from confide.notices.vocabulary import AckOutcome


class DateInput(forms.DateInput):
    input_type = "date"


class NoticeForm(forms.Form):
    contact_title = forms.CharField(
        label=_("Who clients contact"),
        max_length=200,
        help_text=_("A name or a title, for example: Sam Delgado, privacy officer."),
    )
    contact_phone = forms.CharField(label=_("Telephone number"), max_length=40)
    contact_email = forms.CharField(
        label=_("Email address (optional)"), max_length=200, required=False
    )
    contact_address = forms.CharField(
        label=_("Postal address (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    effective_on = forms.DateField(label=_("Effective date"), widget=DateInput)
    holds_part2 = forms.BooleanField(
        label=_("This practice keeps substance use disorder treatment records (42 CFR Part 2)"),
        required=False,
        help_text=_("A practice setting: the notice then carries the Part 2 statements."),
    )


class AcknowledgmentForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Did the client sign the acknowledgment?"),
        choices=AckOutcome.choices,
        widget=forms.RadioSelect,
    )
    good_faith_note = forms.CharField(
        label=_("If the client declined: what you did, and why it was not obtained"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class PolicyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Policy text"),
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_('Lines starting "## " are headings and "- " list items.'),
    )


class ApproveForm(forms.Form):
    effective_on = forms.DateField(label=_("Effective date"), widget=DateInput)
