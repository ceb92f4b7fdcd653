"""Portal forms: invitation, choosing a password, contact preferences."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation

from confide.practice.models import ContactPoint

PREFERENCE_LABELS = {
    "may_call": "You may call",
    "may_leave_voicemail": "You may leave a voicemail",
    "may_text": "You may text",
    "may_email": "You may email",
    "may_mail": "You may send mail",
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


class InviteForm(Quiet, forms.Form):
    email = forms.EmailField(
        label="Client's email address",
        help_text="The invitation is discreet: it does not say what the practice does.",
    )


class ChoosePasswordForm(Quiet, forms.Form):
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. A few unrelated words work well.",
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", "The two passwords differ.")
        elif one:
            try:
                password_validation.validate_password(one)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


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
