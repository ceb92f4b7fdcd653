"""Every write of notices, acknowledgments and policy documents: one transaction each, the
audit event inside it. Nothing is ever deleted: a superseded version is kept, readable, for
six years (164.530(j)).

The notice moves draft -> reviewed -> published. Editing a reviewed draft sends it back to
draft; a published version never changes (clients acknowledged those words).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from confide.accounts.models import Role
from confide.accounts.roles import account
from confide.accounts.types import Actor
from confide.audit.log import record
from confide.notices import access
from confide.notices.compose import LANGUAGE, NoticeInputs, compose
from confide.notices.models import (
    NoticeAcknowledgment,
    NoticeTranslation,
    NoticeVersion,
    PolicyVersion,
)
from confide.notices.vocabulary import AckMethod, AckOutcome, NoticeStatus, PolicyStatus
from confide.practice import access as practice_access
from confide.practice import actions as practice_actions
from confide.practice.models import Client, Practice
from confide.rulepack import fingerprint

NOTICE_FIELDS = ("contact_title", "contact_phone", "contact_email", "contact_address")


def _require_privacy_officer(user: Actor) -> None:
    if not access.is_privacy_officer(user):
        raise PermissionDenied


def _practice() -> Practice:
    practice = Practice.current()
    if practice is None:
        raise ValidationError(_("Set up the practice first."))
    return practice


def _clean_notice(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {name: str(data.get(name) or "").strip() for name in NOTICE_FIELDS}
    errors = {}
    if not cleaned["contact_title"]:
        errors["contact_title"] = _("Name the person or office to contact (164.520(b)(1)(vii)).")
    if not cleaned["contact_phone"]:
        errors["contact_phone"] = _("Give a telephone number to contact (164.520(b)(1)(vii)).")
    effective_on = data.get("effective_on")
    if not isinstance(effective_on, dt.date):
        errors["effective_on"] = _("Give the date the notice takes effect.")
    if errors:
        raise ValidationError(errors)
    cleaned["effective_on"] = effective_on
    return cleaned


def _next_number(model: type[NoticeVersion] | type[PolicyVersion]) -> int:
    return int(model.objects.aggregate(n=Max("number"))["n"] or 0) + 1


def save_notice_draft(
    *,
    acting_user: Actor,
    data: Mapping[str, Any],
    notice: NoticeVersion | None = None,
    request: Any = None,
) -> NoticeVersion:
    """Compose a draft from the rule pack for the practice's state, or recompose an open one.

    `data` holds the contact details, `effective_on` and `holds_part2` (the practice's
    setting for substance use disorder records, saved with it)."""
    _require_privacy_officer(acting_user)
    fields = _clean_notice(data)
    with transaction.atomic():
        practice = _practice()
        holds = bool(data.get("holds_part2", practice.holds_substance_use_records))
        practice = practice_actions.set_substance_use_records(
            acting_user=acting_user, holds=holds, request=request
        )
        if notice is None:
            draft = NoticeVersion(
                number=_next_number(NoticeVersion), created_by=account(acting_user)
            )
        else:
            draft = NoticeVersion.objects.select_for_update().get(pk=notice.pk)
            if draft.status == NoticeStatus.PUBLISHED:
                raise ValidationError(_("A published notice never changes: start a new version."))
        for name, value in fields.items():
            setattr(draft, name, value)
        draft.jurisdiction = practice.jurisdiction
        draft.holds_part2 = holds
        draft.status = NoticeStatus.DRAFT
        draft.reviewed_by, draft.reviewed_at = None, None
        inputs = _notice_inputs(practice, fields, holds, draft.number)
        try:
            draft.text = compose(inputs)
            others = {code: compose(inputs, code) for code in _other_languages()}
            draft.rules_fingerprint = fingerprint(practice.jurisdiction)
        except KeyError:
            raise ValidationError(_("The practice's state has no rules in confide.")) from None
        draft.save()
        _save_translations(draft, others)
        record(
            actor=acting_user,
            action="create" if notice is None else "change",
            target=draft,
            summary=f"Notice of Privacy Practices version {draft.number} drafted",
            detail={"jurisdiction": draft.jurisdiction, "part2": holds},
            request=request,
        )
        return draft


def _notice_inputs(
    practice: Practice, fields: Mapping[str, Any], holds: bool, number: int
) -> NoticeInputs:
    return NoticeInputs(
        practice_name=practice.name,
        jurisdiction=practice.jurisdiction,
        effective_on=fields["effective_on"],
        contact_title=fields["contact_title"],
        contact_phone=fields["contact_phone"],
        contact_email=fields["contact_email"],
        contact_address=fields["contact_address"],
        holds_part2=holds,
        licence_types=tuple(str(n) for n in practice.licence_types),
        version=number,
    )


def _other_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != LANGUAGE]


def _save_translations(draft: NoticeVersion, texts: Mapping[str, str]) -> None:
    """The draft's text in every other shipped language, recomposed with the English (a
    draft's translations never lag behind it; a published version's never change)."""
    for language, text in texts.items():
        NoticeTranslation.objects.update_or_create(
            notice=draft, language=language, defaults={"text": text}
        )


def review_notice(
    *, acting_user: Actor, notice: NoticeVersion, request: Any = None
) -> NoticeVersion:
    """The privacy officer has read the whole draft and finds it right."""
    _require_privacy_officer(acting_user)
    with transaction.atomic():
        draft = NoticeVersion.objects.select_for_update().get(pk=notice.pk)
        if draft.status != NoticeStatus.DRAFT:
            raise ValidationError(_("Only a draft can be marked reviewed."))
        draft.status = NoticeStatus.REVIEWED
        draft.reviewed_by, draft.reviewed_at = account(acting_user), timezone.now()
        draft.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        record(
            actor=acting_user,
            action="change",
            target=draft,
            summary=f"Notice of Privacy Practices version {draft.number} reviewed",
            request=request,
        )
        return draft


def publish_notice(
    *, acting_user: Actor, notice: NoticeVersion, request: Any = None
) -> NoticeVersion:
    """Put a reviewed version in effect; the one before it is superseded and kept."""
    _require_privacy_officer(acting_user)
    with transaction.atomic():
        draft = NoticeVersion.objects.select_for_update().get(pk=notice.pk)
        if draft.status != NoticeStatus.REVIEWED:
            raise ValidationError(_("Review the draft before publishing it."))
        now = timezone.now()
        if draft.effective_on < timezone.localdate():
            # 164.520(b)(1)(viii): the effective date may not be earlier than publication.
            raise ValidationError({"effective_on": _("The effective date cannot be in the past.")})
        previous = list(
            NoticeVersion.objects.select_for_update().filter(
                status=NoticeStatus.PUBLISHED, superseded_at__isnull=True
            )
        )
        for old in previous:
            old.superseded_at = now
            old.save(update_fields=["superseded_at"])
        draft.status = NoticeStatus.PUBLISHED
        draft.published_by, draft.published_at = account(acting_user), now
        draft.save(update_fields=["status", "published_by", "published_at"])
        record(
            actor=acting_user,
            action="change",
            target=draft,
            summary=f"Notice of Privacy Practices version {draft.number} published",
            detail={"supersedes": [old.number for old in previous]},
            request=request,
        )
        return draft


def _current_or_fail() -> NoticeVersion:
    current = access.current_notice()
    if current is None:
        raise ValidationError(_("No notice is published yet."))
    return current


def _save_acknowledgment(ack: NoticeAcknowledgment, actor: Actor, request: Any) -> None:
    if NoticeAcknowledgment.objects.filter(client=ack.client, notice=ack.notice).exists():
        raise ValidationError(_("This client's acknowledgment of this notice is already recorded."))
    ack.save()
    record(
        actor=actor,
        action="create",
        target=ack,
        client_id=ack.client_id,
        summary=f"Notice of Privacy Practices acknowledgment recorded ({ack.method})",
        detail={"notice": ack.notice.number, "outcome": ack.outcome, "language": ack.language},
        request=request,
    )


def _given(ack: NoticeAcknowledgment, shown: access.Reading) -> None:
    """The acknowledgment keeps which text the client was given: its language and hash."""
    ack.language, ack.text_sha256 = shown.language, shown.sha256


def record_acknowledgment(
    *,
    acting_user: Actor,
    client: Client,
    outcome: str,
    good_faith_note: str = "",
    request: Any = None,
) -> NoticeAcknowledgment:
    """Staff record in the office that the client received the current notice, or, when the
    client would not sign, the good-faith effort and why it failed (164.530(j) documentation)."""
    if not practice_access.sees_roster(acting_user):
        raise PermissionDenied
    try:
        practice_access.get_client(acting_user, client.pk)
    except Http404:
        raise PermissionDenied from None
    if outcome not in AckOutcome.values:
        raise ValidationError({"outcome": _("Say whether the client signed.")})
    note = (good_faith_note or "").strip()
    if outcome == AckOutcome.DECLINED and not note:
        raise ValidationError(
            {"good_faith_note": _("Say what was done and why the acknowledgment was not obtained.")}
        )
    with transaction.atomic():
        notice = _current_or_fail()
        ack = NoticeAcknowledgment(
            client=client,
            notice=notice,
            outcome=outcome,
            method=AckMethod.OFFICE,
            good_faith_note=note if outcome == AckOutcome.DECLINED else "",
            recorded_by=account(acting_user),
        )
        # In the office the client is given the notice in the language on their record.
        _given(ack, access.reading(notice, client.preferred_language))
        _save_acknowledgment(ack, acting_user, request)
        return ack


def acknowledge_in_portal(
    *, acting_user: Actor, request: Any = None, language: str | None = None
) -> NoticeAcknowledgment:
    """The client, signed in to the portal, says they received the current notice, in the
    language they read it in (the page's language unless given)."""
    if getattr(acting_user, "role", None) != Role.CLIENT:
        raise PermissionDenied
    client = access.portal_client(acting_user)
    with transaction.atomic():
        notice = _current_or_fail()
        ack = NoticeAcknowledgment(
            client=client,
            notice=notice,
            outcome=AckOutcome.ACKNOWLEDGED,
            method=AckMethod.PORTAL,
            recorded_by=account(acting_user),
        )
        _given(ack, access.reading(notice, language or translation.get_language()))
        _save_acknowledgment(ack, acting_user, request)
        return ack


# Policies and procedures --------------------------------------------------------------------


def save_policy_draft(
    *,
    acting_user: Actor,
    title: str,
    text: str,
    policy: PolicyVersion | None = None,
    request: Any = None,
) -> PolicyVersion:
    """Write a new draft version, or change an open draft; an approved version never changes."""
    if not access.may_write_policy(acting_user):
        raise PermissionDenied
    title, text = (title or "").strip(), (text or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the policy a title.")
    if not text:
        errors["text"] = _("Write the policy.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if policy is None:
            draft = PolicyVersion(number=_next_number(PolicyVersion), author=account(acting_user))
        else:
            draft = PolicyVersion.objects.select_for_update().get(pk=policy.pk)
            if draft.status != PolicyStatus.DRAFT:
                raise ValidationError(_("An approved version never changes: start a new version."))
        draft.title, draft.text, draft.updated_at = title, text + "\n", timezone.now()
        draft.save()
        record(
            actor=acting_user,
            action="create" if policy is None else "change",
            target=draft,
            summary=f"Confidentiality policy version {draft.number} drafted",
            request=request,
        )
        return draft


def approve_policy(
    *,
    acting_user: Actor,
    policy: PolicyVersion,
    effective_on: dt.date,
    request: Any = None,
) -> PolicyVersion:
    """The privacy officer approves a draft; it takes effect and the one before is superseded."""
    _require_privacy_officer(acting_user)
    if not isinstance(effective_on, dt.date):
        raise ValidationError({"effective_on": _("Give the date the policy takes effect.")})
    with transaction.atomic():
        draft = PolicyVersion.objects.select_for_update().get(pk=policy.pk)
        if draft.status != PolicyStatus.DRAFT:
            raise ValidationError(_("This version is already approved."))
        now = timezone.now()
        previous = list(
            PolicyVersion.objects.select_for_update().filter(
                status=PolicyStatus.APPROVED, superseded_at__isnull=True
            )
        )
        for old in previous:
            old.superseded_at = now
            old.save(update_fields=["superseded_at"])
        draft.status = PolicyStatus.APPROVED
        draft.approved_by, draft.approved_at, draft.effective_on = (
            account(acting_user),
            now,
            effective_on,
        )
        draft.save(update_fields=["status", "approved_by", "approved_at", "effective_on"])
        record(
            actor=acting_user,
            action="change",
            target=draft,
            summary=f"Confidentiality policy version {draft.number} approved",
            detail={"supersedes": [old.number for old in previous]},
            request=request,
        )
        return draft
