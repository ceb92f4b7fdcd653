"""Model fields whose contents never reach the database in plaintext (DESIGN invariant 4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core import validators
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.expressions import Combinable

from confide.crypto import KeyRing, ring_for


def _reading_ring() -> KeyRing:
    """`crypto.keyring()` without its per-call import: this runs once per value read."""
    return ring_for(str(settings.DATA_KEYS))


class EncryptedTextField(models.TextField):
    """Text sealed with the data key ring; the column holds only `enc1:<key id>:<base64>`.

    Not searchable or orderable by content, by design: a query on the column compares
    ciphertexts (each sealed with a fresh nonce), so any lookup but `isnull` is refused rather
    than silently matching nothing. Names are found through the blind index instead
    (`confide.practice.search`).
    """

    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return _reading_ring().decrypt(value, self.context())

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return self.seal(str(value))

    def seal(self, plaintext: str) -> str:
        from confide.keyregistry import writing_ring

        return writing_ring().encrypt(plaintext, self.context())

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise FieldError(
                f"{self.model._meta.label}.{self.name} is encrypted: it cannot be searched "
                f"with __{lookup_name}; use the blind index (confide.practice.search)"
            )
        return super().get_lookup(lookup_name)


class EncryptedCharField(EncryptedTextField):
    """A short encrypted value (a name, a title, a phone number): a one-line input and a
    length limit on the plaintext, although the column holds the longer ciphertext."""

    def __init__(self, *args: Any, max_length: int | None = None, **kwargs: Any) -> None:
        self.plain_max_length = max_length
        super().__init__(*args, **kwargs)
        if max_length is not None:
            self.validators.append(validators.MaxLengthValidator(max_length))

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.plain_max_length is not None:
            kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        defaults = {
            "form_class": forms.CharField,
            "max_length": self.plain_max_length,
            "widget": forms.TextInput,
        }
        return models.Field.formfield(self, **{**defaults, **kwargs})


class EncryptedDateField(EncryptedTextField):
    """A date (a date of birth) sealed as its ISO text; reads back as a `datetime.date`."""

    # What django-stubs reads as the attribute's type on model instances.
    _pyi_private_set_type: dt.date | str | Combinable  # type: ignore[assignment]
    _pyi_private_get_type: dt.date  # type: ignore[assignment]

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        return None if text in (None, "") else dt.date.fromisoformat(text)

    def to_python(self, value: Any) -> dt.date | None:
        if value in (None, "") or isinstance(value, dt.date):
            return value or None
        return models.DateField().to_python(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = self.to_python(value)
        if value is None:
            return None
        return self.seal(value.isoformat())

    def value_to_string(self, obj: Any) -> str:
        value = self.value_from_object(obj)
        return value.isoformat() if isinstance(value, dt.date) else ""

    def formfield(self, **kwargs: Any) -> Any:
        return models.Field.formfield(self, **{"form_class": forms.DateField, **kwargs})


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every (model, field) pair that holds ciphertext, for rotation and audits of the schema."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                found.append((model, field))
    return found
