"""Forms for incidents. They validate input; `actions` does the writing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

PORTAL_BY_CHOICES = [
    ("case_participant", _("Someone else in my sessions (my group, partner or family)")),
    ("related_person", _("Someone close to me")),
    ("staff", _("Someone at the practice")),
    ("unknown", _("I don't know")),
]


class PrivacyConcernForm(forms.Form):
    by = forms.ChoiceField(
        choices=PORTAL_BY_CHOICES,
        widget=forms.RadioSelect,
        label=_("Who do you think shared it?"),
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_("What happened"),
        help_text=_("Only your clinician reads this. It is stored encrypted."),
    )
