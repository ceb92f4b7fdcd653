"""The audit trail: an append-only, hash-chained list of who did what to which record.

Each event's `hash` covers its own fields and the previous event's hash, so editing, deleting
or reordering any event breaks the chain from that point (see confide.audit.verify). Database
triggers (migration 0002) refuse UPDATE and DELETE; the chain catches whoever drops them.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

GENESIS_HASH = "0" * 64


class HashField(models.BinaryField):
    """A sha256 stored as its 32 bytes (layout 3), read and written as 64 hex digits.

    Every tool, the anchors and the hashed text itself keep the hex form; only the column is
    half the size. Text found in the column (put there by hand, not by confide) reads back as
    it is, so the chain walk reports it instead of failing on it."""

    _pyi_private_set_type: str
    _pyi_private_get_type: str  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        return _hex(value)

    def to_python(self, value: Any) -> str | None:
        return _hex(value)

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return bytes.fromhex(value)  # a ValueError for anything but hex digits
        return value

    def value_to_string(self, obj: models.Model) -> str:
        return str(self.value_from_object(obj) or "")


def _hex(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return bytes(value).hex()


class AuditLabel(models.Model):
    """Who acted, as the trail shows it ("carla (clinician)", "system"): each label once.

    Events name their label by number instead of repeating the text (layout 3). The text is
    inside every event's hash, so a label changed here breaks the chain at its first event."""

    text = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.text


class AuditEventManager(models.Manager["AuditEvent"]):
    """Events come with their label: the trail, the CSV and the hash all read its text."""

    def get_queryset(self) -> models.QuerySet[AuditEvent]:
        return super().get_queryset().select_related("label")


class SeqField(models.BigIntegerField):
    """The chain position. On SQLite it is declared INTEGER so that it *is* the table's rowid:
    a BIGINT primary key there is a second copy of every number, in a separate index."""

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


class CanonicalJSONEncoder(DjangoJSONEncoder):
    """Writes `detail` in the form the hash covers: sorted keys, no spaces, ASCII. The stored
    text is then shorter, and the fast walk can hash it as it is (confide.audit.fastverify)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.update(sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        super().__init__(*args, **kwargs)


class Action(models.TextChoices):
    VIEW = "view", "View"
    CREATE = "create", "Create"
    CHANGE = "change", "Change"
    DELETE = "delete", "Delete"
    DECISION = "decision", "Decision"
    EXPORT = "export", "Export"
    RELEASE = "release", "Release"
    SIGN = "sign", "Sign"
    LOGIN = "login", "Sign-in"
    LOGIN_FAILED = "login_failed", "Failed sign-in"
    LOGOUT = "logout", "Sign-out"
    LOCKOUT = "lockout", "Lockout"
    ACCESS_DENIED = "access_denied", "Access denied"
    EMERGENCY_ACCESS = "emergency_access", "Emergency access"
    KEY_FAILURE = "key_failure", "Decryption failure"


class AuditEvent(models.Model):
    """One event. Never updated, never deleted: the database refuses both."""

    seq = SeqField(primary_key=True)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the (actor, seq) index serves both the foreign key and the trail
    )
    # Nullable only so that a label removed by hand reads as missing (and breaks the chain)
    # instead of hiding the event: record() always sets it.
    label = models.ForeignKey(
        AuditLabel, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # Free text, not choices: apps may add actions; Action lists the common ones.
    action = models.CharField(max_length=40)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    client_id = models.BigIntegerField(null=True, blank=True)
    # The case the event is about (layout 2). Hashed only when set, so events recorded
    # before the column existed keep the canonical form, and the hash, they were written with.
    case_id = models.BigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True, encoder=CanonicalJSONEncoder)
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = HashField()
    # Not a unique index: seq is inside every hash, so two events never share one, and the
    # index cost about 80 bytes an event. The chain walk is what proves the hashes.
    hash = HashField()

    objects = AuditEventManager()

    class Meta:
        ordering = ["seq"]
        # The trail page reads newest first within one filter: each index ends in seq, so a
        # filtered page is a short backward walk of one index (plans in docs/operations.md).
        indexes = [
            models.Index(fields=["actor", "seq"]),
            models.Index(fields=["action", "seq"], name="audit_action_seq"),
            models.Index(fields=["client_id", "seq"], name="audit_client_seq"),
            models.Index(fields=["case_id", "seq"], name="audit_case_seq"),
        ]

    def __str__(self) -> str:
        return (
            f"#{self.seq} {self.action} {self.target_type}:{self.target_id} by {self.actor_label}"
        )

    @property
    def actor_label(self) -> str | None:
        """The label's text; None only when its label row was removed by hand."""
        return None if self.label is None else self.label.text

    def canonical(self) -> str:
        """The event's fields as canonical JSON: sorted keys, UTC time, no whitespace."""
        fields: dict[str, Any] = {
            "seq": self.seq,
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "client_id": self.client_id,
            "summary": self.summary,
            "detail": self.detail,
            "ip": self.ip,
        }
        if self.case_id is not None:
            fields["case_id"] = self.case_id
        return json.dumps(fields, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)

    def compute_hash(self) -> str:
        """sha256(prev_hash + canonical JSON): the link that ties this event to the last."""
        return hashlib.sha256((self.prev_hash + self.canonical()).encode("utf-8")).hexdigest()
