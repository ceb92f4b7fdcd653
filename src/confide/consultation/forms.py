"""Forms for packets. Choices come from `access`, so a form offers only what the user may use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from confide.consultation import access
from confide.consultation.models import Audience, DateHandling, PeerGroup
from confide.practice.models import Case
from confide.records.models import Note


class NoteChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("Progress note of %(date)s") % {"date": f"{obj.written_on:%Y-%m-%d}"}


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class PacketForm(forms.Form):
    question = forms.CharField(
        label=_("What you want help with (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De-identified like everything else in the packet."),
    )
    notes = NoteChoiceField(
        label=_("Notes to include"),
        queryset=Note.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only segments a supervisor could see go in: private segments never do."),
    )
    summary = forms.CharField(
        label=_("Summary (optional if you pick notes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    audience = forms.ChoiceField(
        label=_("Who the packet is for"),
        choices=Audience.choices,
        initial=Audience.SUPERVISOR,
        widget=forms.RadioSelect,
    )
    dates = forms.ChoiceField(
        label=_("Dates"),
        choices=DateHandling.choices,
        initial=DateHandling.SAFE_HARBOR,
        widget=forms.RadioSelect,
    )
    keep_clinicians = forms.BooleanField(
        label=_("Keep clinicians' names"), required=False, initial=False
    )

    def __init__(self, *args: Any, user: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = access.shareable_notes(user, case)
        ids = [choice.note.pk for choice in self.choices]
        notes_field: forms.ModelMultipleChoiceField = self.fields["notes"]  # type: ignore[assignment]
        notes_field.queryset = Note.objects.filter(pk__in=ids).order_by("-written_on", "-pk")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("notes") and not (data.get("summary") or "").strip():
            raise forms.ValidationError(_("Pick at least one note or write a summary."))
        return data


class DraftSettingsForm(forms.Form):
    also_remove = forms.CharField(
        label=_("Also remove (one term a line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            _(
                "Schools, employers, places, nicknames: anything else that could identify someone. "
                "Each term is removed wherever it appears, in any case."
            )
        ),
    )
    dates = forms.ChoiceField(
        label=_("Dates"), choices=DateHandling.choices, widget=forms.RadioSelect
    )
    keep_clinicians = forms.BooleanField(label=_("Keep clinicians' names"), required=False)


class RestoreForm(forms.Form):
    position = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason to keep it"), max_length=2000)


class ConfirmForm(forms.Form):
    checked = forms.BooleanField(
        label=_("I have read every de-identified text, and it identifies no one."),
        error_messages={"required": _("Read the de-identified text and tick this box first.")},
    )


class ShareForm(forms.Form):
    supervisor = PersonChoiceField(label=_("Supervisor"), queryset=access.supervisors())
    peer_group = forms.ModelChoiceField(label=_("Peer group"), queryset=PeerGroup.objects.none())

    def __init__(self, *args: Any, user: Any, audience: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if audience == Audience.SUPERVISOR:
            del self.fields["peer_group"]
            supervisor: forms.ModelChoiceField = self.fields["supervisor"]  # type: ignore[assignment]
            supervisor.queryset = access.supervisors()
        else:
            del self.fields["supervisor"]
            group: forms.ModelChoiceField = self.fields["peer_group"]  # type: ignore[assignment]
            group.queryset = access.peer_groups_of(user)


class PeerGroupForm(forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=200)
    members = PeopleChoiceField(
        label=_("Members"),
        queryset=access.colleagues(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("You are a member of every group you create."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members: forms.ModelMultipleChoiceField = self.fields["members"]  # type: ignore[assignment]
        members.queryset = access.colleagues().exclude(pk=user.pk)
