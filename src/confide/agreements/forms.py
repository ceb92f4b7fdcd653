"""Forms for agreements. They validate input; `actions` does the writing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confide.agreements.builder import (
    Choices,
    ParticipantChoice,
    default_label_for,
    label_choices_for,
)
from confide.agreements.licences import licence_choices, licence_help
from confide.agreements.models import IntakeStep, ParticipantTerms, SignerRole
from confide.agreements.signers import signer_plan
from confide.practice.models import Participant, RelatedPerson


class Quiet:
    """No colon after labels: the layout already sets a label apart from its control."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class BuilderForm(Quiet, forms.Form):
    """The agreement builder: common terms, then one fieldset of choices per participant."""

    licence = forms.ChoiceField(
        label=_("Licence the exceptions are drawn for"),
        help_text=_("Some legal duties differ by licence."),
    )
    revisit_on = forms.DateField(
        label=_("Revisit by"), widget=DateInput(), help_text=_("The practice default is applied.")
    )
    concern_contact = forms.CharField(
        label=_("Who clients raise a privacy concern with, and how"),
        max_length=300,
        help_text=_("For example: Dr. Rivera, in person or by phone at the practice."),
    )
    extra_terms = forms.CharField(
        label=_("Other terms (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        participants: list[Participant],
        guardians: dict[int, list[RelatedPerson]],
        jurisdiction: str,
        licences: list[str],
        previous: dict[int, ParticipantTerms] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.participants = participants
        self.jurisdiction = jurisdiction
        previous = previous or {}
        self.fields["licence"].choices = licence_choices(licences)  # type: ignore[attr-defined]
        self.fields["licence"].help_text = licence_help(licences)
        for p in participants:
            name = p.client.display_name
            before = previous.get(p.pk)
            choices = label_choices_for(p.case)
            # an earlier version's choice, unless the policy now rules it out (no secrets)
            kept = before is not None and before.default_label in dict(choices)
            self.fields[f"p{p.pk}_label"] = forms.ChoiceField(
                label=_("%(name)s: who may hear what they tell you alone") % {"name": name},
                choices=choices,
                initial=before.default_label if before and kept else default_label_for(p.case),
                widget=forms.RadioSelect,
            )
            self.fields[f"p{p.pk}_topics"] = forms.CharField(
                label=_("%(name)s: topics to keep private (optional)") % {"name": name},
                required=False,
                initial=before.private_topics if before else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if p.client.is_minor:
                first = licence_choices(licences)[0][0]
                plan = signer_plan(p.client.age, jurisdiction, first)
                self.fields[f"p{p.pk}_guardian"] = forms.ModelChoiceField(
                    label=_("%(name)s: guardian who signs, where the law requires one")
                    % {"name": name},
                    queryset=RelatedPerson.objects.filter(
                        pk__in=[g.pk for g in guardians.get(p.pk, [])]
                    ),
                    required=False,
                    initial=before.guardian_id if before else None,
                    help_text=_(
                        "With licence %(licence)s: %(reason)s "
                        "Only personal representatives are listed."
                    )
                    % {"licence": first, "reason": plan.reason},
                )

    def participant_fields(self) -> list[tuple[Participant, list[forms.BoundField]]]:
        """For the template: each participant with their bound fields."""
        return [
            (p, [self[name] for name in self.fields if name.startswith(f"p{p.pk}_")])
            for p in self.participants
        ]

    def common_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("licence", "revisit_on", "concern_contact", "extra_terms")]

    def clean_revisit_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["revisit_on"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a revisit date after today."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        licence = data.get("licence")
        if not licence:
            return data
        for p in self.participants:
            if not p.client.is_minor:
                continue
            plan = signer_plan(p.client.age, self.jurisdiction, licence)
            key = f"p{p.pk}_guardian"
            if plan.guardian_required and not data.get(key):
                self.add_error(
                    key,
                    _(
                        "%(reason)s Choose the guardian (add them as a personal "
                        "representative on the client's page first if they are not listed)."
                    )
                    % {"reason": plan.reason},
                )
        return data

    def choices(self) -> Choices:
        data = self.cleaned_data
        return Choices(
            licence=data["licence"],
            revisit_on=data["revisit_on"],
            concern_contact=data["concern_contact"],
            extra_terms=data.get("extra_terms", ""),
            participants=[
                ParticipantChoice(
                    participant=p,
                    label=data[f"p{p.pk}_label"],
                    private_topics=data.get(f"p{p.pk}_topics", ""),
                    guardian=data.get(f"p{p.pk}_guardian"),
                )
                for p in self.participants
            ],
        )


SIGNER_LABELS = {
    SignerRole.PARTICIPANT: _("The participant, for themselves"),
    SignerRole.GUARDIAN: _("The guardian, for the minor"),
    SignerRole.ASSENT: _("The minor, agreeing (assent)"),
}


class SignForm(Quiet, forms.Form):
    """One signature on the text shown above the form."""

    signer_role = forms.ChoiceField(label=_("Who is signing"), widget=forms.RadioSelect)
    signer_name = forms.CharField(label=_("Full name of the person signing"), max_length=200)
    confirm = forms.BooleanField(
        label=_("I have read this agreement, I understand it, and I agree to it."), required=True
    )
    text_sha256 = forms.CharField(
        widget=forms.HiddenInput, max_length=64, label=_("The agreement text you read")
    )

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["signer_role"]
        field.choices = [(r, SIGNER_LABELS[SignerRole(r)]) for r in roles]  # type: ignore[attr-defined]
        if len(roles) == 1:
            self.fields["signer_role"].initial = roles[0]


class OverrideForm(Quiet, forms.Form):
    reason = forms.CharField(
        label=_("Reason for going ahead before every signature is in"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("This is recorded in the audit trail and shown on the case."),
    )


class IntakeForm(Quiet, forms.Form):
    step = forms.ChoiceField(label=_("Intake step"), choices=IntakeStep.choices)
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DefaultsForm(Quiet, forms.Form):
    revisit_days = forms.IntegerField(
        label=_("Revisit agreements after (days)"), min_value=1, max_value=730
    )
    concern_contact = forms.CharField(
        label=_("Who clients raise a privacy concern with, and how"), max_length=300
    )
