"""Forms for signing in, two-factor codes, passwords and the administrator's staff pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from confide.accounts.models import Role, User

STAFF_ROLE_CHOICES = [(r.value, r.label) for r in Role if r != Role.CLIENT]


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("That user name and password do not match. Check both and try again."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs["autocomplete"] = "username"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the digits shown in your authenticator app."))
        return token


class _NewPasswordMixin(forms.Form):
    """Two new-password fields, checked against the password validators."""

    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        # Lazy, so the validators' own (Django-translated) hints follow the reader's language.
        help_text=lazy(password_validation.password_validators_help_text_html, str)(),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_user: User | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one, two = data.get("new_password1"), data.get("new_password2")
        if one and two and one != two:
            self.add_error("new_password2", _("The two passwords differ."))
        elif one:
            try:
                password_validation.validate_password(one, self.password_user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return data


class StaffCreateForm(_NewPasswordMixin, forms.ModelForm):
    role = forms.ChoiceField(choices=STAFF_ROLE_CHOICES)

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "license",
            "require_two_factor",
        ]
        labels = {"username": "Username", "require_two_factor": "Require two-factor sign-in"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Temporary password"
        self.fields["new_password2"].label = "Temporary password again"
        self.fields[
            "new_password1"
        ].help_text = "Give this to the person privately; they choose their own at first sign-in."

    def clean(self) -> dict[str, Any]:
        self.password_user = User(
            username=self.cleaned_data.get("username", ""),
            email=self.cleaned_data.get("email", ""),
            first_name=self.cleaned_data.get("first_name", ""),
            last_name=self.cleaned_data.get("last_name", ""),
        )
        return super().clean()


class StaffEditForm(forms.ModelForm):
    role = forms.ChoiceField(choices=STAFF_ROLE_CHOICES)

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "email",
            "role",
            "license",
            "is_active",
            "require_two_factor",
        ]
        labels = {
            "is_active": "Active (may sign in)",
            "require_two_factor": "Require two-factor sign-in",
        }
        help_texts = {"is_active": "Deactivate instead of deleting: the audit trail keeps names."}

    def clean_require_two_factor(self) -> bool:
        """An enrolled authenticator keeps two-factor sign-in on: removing the authenticator
        (with a current code, for one's own) is the only way to turn it off."""
        from django_otp import user_has_device

        wanted = bool(self.cleaned_data.get("require_two_factor"))
        if not wanted and self.instance.pk and user_has_device(self.instance, confirmed=True):
            raise forms.ValidationError(
                _(
                    "This account has an enrolled authenticator, so two-factor sign-in stays "
                    "required. Remove the authenticator first to turn it off."
                )
            )
        return wanted


class CurrentCodeForm(forms.Form):
    """A code from the signed-in user's own authenticator, for changes to their own second
    factor: a stolen session alone must not be able to remove it."""

    token = forms.CharField(
        label=_("Current code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_token(self) -> str:
        from django_otp import match_token

        token = str(self.cleaned_data["token"]).strip()
        if match_token(self.user, token) is None:
            raise forms.ValidationError(_("That code is not right. Enter the current code."))
        return token


class PasswordResetForm(_NewPasswordMixin):
    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.password_user = user
        self.fields["new_password1"].label = "Temporary password"
        self.fields["new_password2"].label = "Temporary password again"


class OwnPasswordForm(_NewPasswordMixin):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["old_password", "new_password1", "new_password2"]

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.password_user = user

    def clean_old_password(self) -> str:
        old = self.cleaned_data["old_password"]
        assert self.password_user is not None
        if not self.password_user.check_password(old):
            raise forms.ValidationError(_("Your current password was entered incorrectly."))
        return str(old)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("old_password") and data.get("old_password") == data.get("new_password1"):
            self.add_error("new_password1", _("Choose a password different from the current one."))
        return data
