"""Model fields whose contents never reach the database in plaintext (DESIGN invariant 4)."""

from __future__ import annotations

from typing import Any

from django.db import models

from confide.crypto import keyring


class EncryptedTextField(models.TextField):
    """Text sealed with the data key ring; the column holds only `enc1:<key id>:<base64>`.

    Not searchable or orderable by content, by design: search runs on plaintext metadata
    (dates, participants, labels) only.
    """

    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return keyring().decrypt(value, self.context())

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return keyring().encrypt(str(value), self.context())


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every (model, field) pair that holds ciphertext, for rotation and audits of the schema."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                found.append((model, field))
    return found
