"""Portal forms: invitation, taking one up, password reset, contact preferences."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from confide.portal import access
from confide.practice.forms import DateInput
from confide.practice.models import ContactPoint

PREFERENCE_LABELS = {
    "may_call": _("You may call"),
    "may_leave_voicemail": _("You may leave a voicemail"),
    "may_text": _("You may text"),
    "may_email": _("You may email"),
    "may_mail": _("You may send mail"),
}
# Which preferences make sense for which kind of contact point.
PREFERENCES_BY_KIND = {
    "phone": ("may_call", "may_leave_voicemail", "may_text"),
    "email": ("may_email",),
    "postal": ("may_mail",),
}


class Quiet:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RevokeForm(Quiet, forms.Form):
    """Revoking ends every sign-in at once: the clinician confirms they mean it."""

    confirm = forms.BooleanField(
        label=_("I understand: every portal sign-in ends now and pending invitations stop working"),
        error_messages={"required": _("Tick the box to confirm revoking portal access.")},
    )


class ContactPointChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: ContactPoint) -> str:
        return f"{obj.value} ({obj.label})" if obj.label else str(obj.value)


class InviteForm(Quiet, forms.Form):
    """Choose one of the client's email addresses on file that allow email: never free text,
    so an invitation cannot go to an address staff typed in."""

    contact_point = ContactPointChoice(
        queryset=ContactPoint.objects.none(),
        label=_("Send the invitation to"),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_(
            "Only email addresses on file that the client allows email on are listed. "
            "The invitation is discreet: it does not say what the practice does."
        ),
        error_messages={"invalid_choice": _("Choose one of the addresses listed.")},
    )

    def __init__(self, *args: Any, points: QuerySet[ContactPoint], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contact_point"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = points


class ChoosePasswordForm(Quiet, forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. A few unrelated words work well."),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("The two passwords differ."))
        elif one:
            try:
                password_validation.validate_password(one)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class AcceptForm(ChoosePasswordForm):
    """Taking up an invitation: the client's date of birth proves it is them; a password
    alone never opens an invitation."""

    date_of_birth = forms.DateField(
        label=_("Your date of birth"),
        widget=DateInput(attrs={"autocomplete": "bday"}),
        help_text=_("We check it against our records before your account is set up."),
        error_messages={"required": _("Enter your date of birth.")},
    )
    field_order = ["date_of_birth", "password1", "password2"]


class ResetRequestForm(Quiet, auth_forms.PasswordResetForm):
    """Django's reset form, limited to client accounts whose address is on file."""

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email: str) -> Any:
        return iter(access.reset_users(email))


class ResetSetPasswordForm(Quiet, auth_forms.SetPasswordForm):
    pass


class PreferencesForm(Quiet, forms.Form):
    """One checkbox per allowed way of contact, per contact point."""

    def __init__(self, *args: Any, points: list[ContactPoint], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.points = points
        for point in points:
            for name in PREFERENCES_BY_KIND.get(point.kind, ()):
                self.fields[f"c{point.pk}_{name}"] = forms.BooleanField(
                    label=f"{PREFERENCE_LABELS[name]} ({point.value})",
                    required=False,
                    initial=getattr(point, name),
                )

    def grouped(self) -> list[tuple[ContactPoint, list[forms.BoundField]]]:
        return [
            (p, [self[n] for n in self.fields if n.startswith(f"c{p.pk}_")]) for p in self.points
        ]

    def changes(self) -> dict[int, dict[str, bool]]:
        out: dict[int, dict[str, bool]] = {}
        for point in self.points:
            for name in PREFERENCES_BY_KIND.get(point.kind, ()):
                out.setdefault(point.pk, {})[name] = bool(
                    self.cleaned_data.get(f"c{point.pk}_{name}")
                )
        return out
