"""Forms for notes. They validate input; `records.actions` does the writing."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confide.practice.models import Participant, Session
from confide.records import agreement_link, note_formats
from confide.records.actions import MAX_EMERGENCY_HOURS, MAX_SEGMENTS, SegmentInput
from confide.records.models import Finding, SharingLabel

CLINICIAN = "clinician"
LABEL_CHOICES = [("", _("Default from the agreement")), *SharingLabel.choices]
SEGMENT_KEY = re.compile(r"^seg-(\d{1,3})-text$")


class DateInput(forms.DateInput):
    input_type = "date"


def _session_label(session: Session) -> str:

    return f"{timezone.localtime(session.starts_at):%Y-%m-%d %H:%M}"


class NoteMetaForm(forms.Form):
    written_on = forms.DateField(label=_("Date of the note"), widget=DateInput())
    session = forms.ModelChoiceField(
        queryset=Session.objects.none(), required=False, label=_("Session (optional)")
    )
    # Chosen on the template picker above the form; carried as a hidden field.
    template = forms.ChoiceField(
        choices=note_formats.CHOICES, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, sessions: Any, no_secrets: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        field.queryset = sessions  # type: ignore[attr-defined]
        field.label_from_instance = _session_label  # type: ignore[attr-defined]
        if no_secrets:
            self.fields["confirm_private"] = confirm_private_field()

    def private_confirmed(self) -> bool:
        """The clinician ticked that a Private segment goes against the no-secrets policy."""
        return bool(self.cleaned_data.get("confirm_private"))


def confirm_private_field() -> forms.BooleanField:
    """Asked only in a no-secrets case, where a Private label goes against the agreement."""
    return forms.BooleanField(
        required=False,
        label=_(
            "Keep the segments I marked Private out of the joint work, despite the "
            "no-secrets policy"
        ),
        help_text=_(
            "No-secrets policy: what one participant tells you alone may be brought into "
            "the joint sessions. Tick this only if you mean to hold a segment back, and plan how "
            "you will handle it (for example, helping the person share it)."
        ),
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
    return [*choices, (CLINICIAN, str(_("Clinician (default: clinical)")))]


class SegmentForm(forms.Form):
    discloser = forms.ChoiceField(
        label=_("Said by"), help_text=_("Type a name's first letter to pick it.")
    )
    label = forms.ChoiceField(label=_("Sharing label"), choices=LABEL_CHOICES, required=False)
    text = forms.CharField(
        label=_("What was said"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "segment-text"}),
        max_length=50_000,
    )
    section = forms.CharField(required=False, max_length=4, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        participants: list[Participant],
        template: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.participants = {str(p.pk): p for p in participants}
        self.template = template
        self.fields["discloser"].choices = discloser_choices(participants)  # type: ignore[attr-defined]

    @property
    def section_title(self) -> str:
        """The template section this row fills, in words, for its legend."""
        code = self.data.get(self.add_prefix("section")) if self.is_bound else None
        code = code or self.initial.get("section", "")
        return note_formats.section_title(self.template, str(code)) if code else ""

    def to_input(self) -> SegmentInput:
        data = self.cleaned_data
        discloser = None if data["discloser"] == CLINICIAN else self.participants[data["discloser"]]
        return SegmentInput(
            text=data["text"],
            discloser=discloser,
            label=data["label"],
            section=data.get("section", "") or "",
        )


def segment_indexes(data: Mapping[str, Any]) -> list[int]:
    """The row numbers present in a posted note, in order (at most MAX_SEGMENTS)."""
    found = sorted({int(m.group(1)) for key in data if (m := SEGMENT_KEY.match(key))})
    return found[:MAX_SEGMENTS] or [0]


def segment_forms(
    participants: list[Participant],
    data: Mapping[str, Any] | None,
    indexes: list[int],
    template: str = "",
) -> list[SegmentForm]:
    return [
        SegmentForm(
            data, participants=participants, template=template, prefix=f"seg-{n}", auto_id="id_%s"
        )
        for n in indexes
    ]


def template_rows(participants: list[Participant], template: str) -> list[SegmentForm]:
    """Empty rows a template starts the note with: one per participant in the sections about
    what people said, one clinician row in the clinician's own sections."""
    slots = note_formats.slots(template, [p.pk for p in participants])
    return [
        SegmentForm(
            participants=participants,
            template=template,
            prefix=f"seg-{n}",
            auto_id="id_%s",
            initial={
                "section": slot.section,
                "discloser": CLINICIAN if slot.participant_id is None else str(slot.participant_id),
            },
        )
        for n, slot in enumerate(slots)
    ]


def draft_rows(participants: list[Participant], note: Any) -> list[SegmentForm]:
    """A draft's segments as editable rows."""
    return [
        SegmentForm(
            participants=participants,
            template=note.template,
            prefix=f"seg-{n}",
            auto_id="id_%s",
            initial={
                "section": seg.section,
                "discloser": CLINICIAN if seg.discloser_id is None else str(seg.discloser_id),
                "label": seg.label if seg.label_source == "clinician" else "",
                "text": seg.text,
            },
        )
        for n, seg in enumerate(note.segments.all())
    ]


class TemplatePickForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Start from a template"), choices=note_formats.CHOICES, required=False
    )


class AddendumForm(forms.Form):
    discloser = forms.ChoiceField(label=_("Addendum said by"))
    label = forms.ChoiceField(
        label=_("Addendum sharing label"), choices=LABEL_CHOICES, required=False
    )
    text = forms.CharField(
        label=_("Addendum"), widget=forms.Textarea(attrs={"rows": 3}), max_length=50_000
    )

    def __init__(self, *args: Any, participants: list[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participants = {str(p.pk): p for p in participants}
        self.fields["discloser"].choices = discloser_choices(participants)  # type: ignore[attr-defined]
        self.fields["discloser"].initial = CLINICIAN

    def to_input(self) -> SegmentInput:
        data = self.cleaned_data
        discloser = None if data["discloser"] == CLINICIAN else self.participants[data["discloser"]]
        return SegmentInput(text=data["text"], discloser=discloser, label=data["label"])


class NoteSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words in your notes"),
        max_length=200,
        help_text=_("Every word must appear in the note. Only notes you may see are searched."),
    )


class RelabelForm(forms.Form):
    label = forms.ChoiceField(label=_("Sharing label"), choices=SharingLabel.choices)

    def __init__(self, *args: Any, no_secrets: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if no_secrets:
            self.fields["confirm_private"] = confirm_private_field()


class PsychotherapyNoteForm(NoteMetaForm):
    text = forms.CharField(
        label=_("Psychotherapy note — only you can see this"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=50_000,
    )


class EmergencyAccessForm(forms.Form):
    last_name = forms.CharField(label=_("Client's last name"), max_length=100)
    date_of_birth = forms.DateField(label=_("Client's date of birth"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason for emergency access"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=10,
        max_length=2000,
        help_text=_("The privacy officer reads this. Everything you open is recorded."),
    )
    hours = forms.IntegerField(
        label=_("For how many hours"), min_value=1, max_value=MAX_EMERGENCY_HOURS, initial=24
    )


class EmergencyFindingForm(forms.Form):
    """The privacy officer's finding on an emergency access."""

    finding = forms.ChoiceField(
        label=_("Finding"),
        choices=Finding.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the access was justified.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you checked and, if not justified, the follow-up due. Kept sealed."),
    )


class NoteFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    client = forms.TypedChoiceField(label=_("Participant"), required=False, coerce=int)
    label = forms.ChoiceField(
        label=_("Sharing label"), required=False, choices=[("", _("Any")), *SharingLabel.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), ("draft", _("Your drafts")), ("signed", _("Signed"))],
    )

    def __init__(self, *args: Any, participants: list[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Anyone"))] + [
            (str(p.client_id), p.client.display_name) for p in participants
        ]
        self.fields["client"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
