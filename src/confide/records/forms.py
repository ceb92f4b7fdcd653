"""Forms for notes. They validate input; `records.actions` does the writing."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils import timezone

from confide.practice.models import Case, Participant, Session
from confide.records import agreement_link
from confide.records.actions import MAX_EMERGENCY_HOURS, MAX_SEGMENTS, SegmentInput
from confide.records.models import SharingLabel

CLINICIAN = "clinician"
LABEL_CHOICES = [("", "Default from the agreement"), *SharingLabel.choices]
SEGMENT_KEY = re.compile(r"^seg-(\d{1,3})-text$")


class DateInput(forms.DateInput):
    input_type = "date"


def _session_label(session: Session) -> str:
    return f"{timezone.localtime(session.starts_at):%Y-%m-%d %H:%M}"


class NoteMetaForm(forms.Form):
    written_on = forms.DateField(label="Date of the note", widget=DateInput())
    session = forms.ModelChoiceField(
        queryset=Session.objects.none(), required=False, label="Session (optional)"
    )

    def __init__(self, *args: Any, sessions: Any, no_secrets: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        field.queryset = sessions  # type: ignore[attr-defined]
        field.label_from_instance = _session_label  # type: ignore[attr-defined]
        if no_secrets:
            self.fields["confirm_private"] = confirm_private_field()


def confirm_private_field() -> forms.BooleanField:
    """Asked only in a no-secrets case, where a Private label goes against the agreement."""
    return forms.BooleanField(
        required=False,
        label="Keep the segments I marked Private out of the joint work, despite the "
        "no-secrets policy",
        help_text="No-secrets policy: what one participant tells you alone may be brought into "
        "the joint sessions. Tick this only if you mean to hold a segment back, and plan how "
        "you will handle it (for example, helping the person share it).",
    )


def discloser_choices(participants: list[Participant]) -> list[tuple[str, str]]:
    """Participants by name (type the first letter to pick), then the clinician's own voice."""
    choices = [
        (
            str(p.pk),
            f"{p.client.display_name} (default: {agreement_link.default_label(p)})",
        )
        for p in participants
    ]
    return [*choices, (CLINICIAN, "Clinician (default: clinical)")]


class SegmentForm(forms.Form):
    discloser = forms.ChoiceField(
        label="Said by", help_text="Type a name's first letter to pick it."
    )
    label = forms.ChoiceField(label="Sharing label", choices=LABEL_CHOICES, required=False)
    text = forms.CharField(
        label="What was said",
        widget=forms.Textarea(attrs={"rows": 3, "class": "segment-text"}),
        max_length=50_000,
    )

    def __init__(self, *args: Any, participants: list[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participants = {str(p.pk): p for p in participants}
        self.fields["discloser"].choices = discloser_choices(participants)  # type: ignore[attr-defined]

    def to_input(self) -> SegmentInput:
        data = self.cleaned_data
        discloser = None if data["discloser"] == CLINICIAN else self.participants[data["discloser"]]
        return SegmentInput(text=data["text"], discloser=discloser, label=data["label"])


def segment_indexes(data: Mapping[str, Any]) -> list[int]:
    """The row numbers present in a posted note, in order (at most MAX_SEGMENTS)."""
    found = sorted({int(m.group(1)) for key in data if (m := SEGMENT_KEY.match(key))})
    return found[:MAX_SEGMENTS] or [0]


def segment_forms(
    participants: list[Participant], data: Mapping[str, Any] | None, indexes: list[int]
) -> list[SegmentForm]:
    return [
        SegmentForm(data, participants=participants, prefix=f"seg-{n}", auto_id="id_%s")
        for n in indexes
    ]


class RelabelForm(forms.Form):
    label = forms.ChoiceField(label="Sharing label", choices=SharingLabel.choices)

    def __init__(self, *args: Any, no_secrets: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if no_secrets:
            self.fields["confirm_private"] = confirm_private_field()


class PsychotherapyNoteForm(NoteMetaForm):
    text = forms.CharField(
        label="Psychotherapy note — only you can see this",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=50_000,
    )


class EmergencyAccessForm(forms.Form):
    last_name = forms.CharField(label="Client's last name", max_length=100)
    date_of_birth = forms.DateField(label="Client's date of birth", widget=DateInput())
    reason = forms.CharField(
        label="Reason for emergency access",
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=10,
        max_length=2000,
        help_text="The privacy officer reads this. Everything you open is recorded.",
    )
    hours = forms.IntegerField(
        label="For how many hours", min_value=1, max_value=MAX_EMERGENCY_HOURS, initial=24
    )


class NoteFilterForm(forms.Form):
    date_from = forms.DateField(label="From", required=False, widget=DateInput())
    date_to = forms.DateField(label="To", required=False, widget=DateInput())
    client = forms.TypedChoiceField(label="Participant", required=False, coerce=int)
    label = forms.ChoiceField(
        label="Sharing label", required=False, choices=[("", "Any"), *SharingLabel.choices]
    )

    def __init__(self, *args: Any, participants: list[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Anyone")] + [
            (str(p.client_id), p.client.display_name) for p in participants
        ]
        self.fields["client"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data


def case_label(case: Case) -> str:
    return case.title
