"""Every write to agreements: one transaction each, with its audit event inside it.

Callers obtain what they pass through `agreements.access` (so sight is already checked);
these functions check what only a writer can: the role, that the case is the writer's, and
that the data make sense. Invalid data raise `ValidationError` and change nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from confide.accounts.models import Role
from confide.accounts.roles import account, has_role
from confide.accounts.types import Actor
from confide.agreements import gate
from confide.agreements.builder import Choices, compose, label_choices_for
from confide.agreements.changes import diff_summary
from confide.agreements.languages import reading
from confide.agreements.models import (
    DEFAULT_REVISIT_DAYS,
    Agreement,
    AgreementSettings,
    AgreementTranslation,
    GateOverride,
    IntakeItem,
    IntakeStep,
    ParticipantTerms,
    SharingLabel,
    Signature,
    SignerRole,
    SignMethod,
    TermsTranslation,
)
from confide.agreements.text import LANGUAGE, sha256
from confide.audit.log import record
from confide.practice import access as practice_access
from confide.practice.models import Case, Practice

MAX_REVISIT_DAYS = 730


def _require_case_clinician(user: Actor, case: Case) -> None:
    """Only a clinician assigned to the case writes its agreement, override and intake."""
    if not practice_access.is_clinician(user):
        raise PermissionDenied
    if not practice_access.cases_for(user).filter(pk=case.pk).exists():
        raise PermissionDenied


def _practice() -> Practice:
    practice = Practice.current()
    if practice is None:
        raise ValidationError("Set up the practice first.")
    return practice


def practice_settings(practice: Practice) -> AgreementSettings:
    """The practice's agreement defaults (unsaved defaults if none were set)."""
    found = AgreementSettings.objects.filter(practice=practice).first()
    return found or AgreementSettings(practice=practice, revisit_days=DEFAULT_REVISIT_DAYS)


def set_practice_defaults(
    *, acting_user: Actor, revisit_days: int, concern_contact: str, request: Any = None
) -> AgreementSettings:
    if getattr(acting_user, "role", None) not in {Role.ADMINISTRATOR, Role.CLINICIAN}:
        raise PermissionDenied
    if not 1 <= revisit_days <= MAX_REVISIT_DAYS:
        raise ValidationError({"revisit_days": f"Enter 1 to {MAX_REVISIT_DAYS} days."})
    with transaction.atomic():
        practice = _practice()
        found, _created = AgreementSettings.objects.update_or_create(
            practice=practice,
            defaults={"revisit_days": revisit_days, "concern_contact": concern_contact.strip()},
        )
        record(
            actor=acting_user,
            action="change",
            target=found,
            summary="Agreement defaults changed",
            detail={"revisit_days": revisit_days},
            request=request,
        )
        return found


def _check_choices(case: Case, choices: Choices) -> None:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if choices.revisit_on <= today:
        errors["revisit_on"] = "Choose a revisit date after today."
    elif (choices.revisit_on - today).days > MAX_REVISIT_DAYS:
        errors["revisit_on"] = "Choose a revisit date within two years."
    if not choices.concern_contact.strip():
        errors["concern_contact"] = "Say who clients raise a privacy concern with, and how."
    ids = {p.pk for p in case.participants.all()}
    for choice in choices.participants:
        if choice.participant.pk not in ids:
            errors["participants"] = "Choices may name only this case's participants."
        if choice.label not in SharingLabel.values:
            errors["participants"] = "Choose a sharing label for every participant."
        elif choice.label not in dict(label_choices_for(case)):
            errors["participants"] = (
                "Under the no-secrets policy the agreement says you will not keep secrets "
                "between participants: choose Case or Clinical, not Private."
            )
        guardian = choice.guardian
        if guardian is not None and (
            guardian.client_id != choice.participant.client_id
            or not guardian.is_personal_representative
        ):
            errors["participants"] = "A guardian must be the participant's personal representative."
    if errors:
        raise ValidationError(errors)


def issue_version(
    *, acting_user: Actor, case: Case, choices: Choices, request: Any = None
) -> Agreement:
    """Issue the next version of the case's agreement; it needs everyone's signature anew."""
    _require_case_clinician(acting_user, case)
    _check_choices(case, choices)
    practice = _practice()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        before = gate.current_agreement(case)
        version = (before.version + 1) if before else 1
        clinicians = [c.get_full_name() or c.username for c in case.clinicians.order_by("pk")]
        try:
            composed = compose(
                case=case,
                practice=practice,
                version=version,
                choices=choices,
                clinicians=clinicians,
            )
        except KeyError:
            raise ValidationError(
                f"confide has no rules for the jurisdiction {practice.jurisdiction!r}."
            ) from None
        lacking = [
            t.choice.participant.client.display_name
            for t in composed.terms
            if t.guardian_required and t.choice.guardian is None
        ]
        if lacking:
            raise ValidationError(
                {
                    "participants": "The law here needs a guardian to sign for "
                    + ", ".join(lacking)
                    + ": choose one."
                }
            )
        agreement = Agreement.objects.create(
            case=case,
            version=version,
            jurisdiction=practice.jurisdiction,
            licence=choices.licence,
            secrets_policy=case.secrets_policy or "",
            participant_ids=[t.choice.participant.pk for t in composed.terms],
            minor_ids=list(composed.minor_ids),
            revisit_on=choices.revisit_on,
            concern_contact=choices.concern_contact.strip(),
            extra_terms=choices.extra_terms.strip(),
            shared_text=composed.shared_text,
            created_by=account(acting_user),
        )
        rows = [
            ParticipantTerms.objects.create(
                agreement=agreement,
                participant=item.choice.participant,
                default_label=item.choice.label,
                private_topics=item.choice.private_topics.strip(),
                guardian_required=item.guardian_required,
                guardian=item.choice.guardian if item.guardian_required else None,
                own_text=item.own_text,
            )
            for item in composed.terms
        ]
        _issue_translations(agreement, rows, case, practice, version, choices, clinicians)
        summary = diff_summary(before, agreement)
        agreement.change_summary = "\n".join(summary)
        agreement.save(update_fields=["change_summary"])
        record(
            actor=acting_user,
            action="create",
            target=agreement,
            summary=f"Agreement version {version} issued",
            detail={
                "case_id": case.pk,
                "client_ids": [t.choice.participant.client_id for t in composed.terms],
                "changes": summary,
            },
            request=request,
        )
        return agreement


def _issue_translations(
    agreement: Agreement,
    rows: list[ParticipantTerms],
    case: Case,
    practice: Any,
    version: int,
    choices: Choices,
    clinicians: list[str],
) -> None:
    """The same version in every other language, from the same rule data and choices."""
    for language, _name in settings.LANGUAGES:
        if language == LANGUAGE:
            continue
        other = compose(
            case=case,
            practice=practice,
            version=version,
            choices=choices,
            clinicians=clinicians,
            language=language,
        )
        AgreementTranslation.objects.create(
            agreement=agreement, language=language, shared_text=other.shared_text
        )
        for terms, item in zip(rows, other.terms, strict=True):
            TermsTranslation.objects.create(terms=terms, language=language, own_text=item.own_text)


def _check_signer(
    acting_user: Actor, agreement: Agreement, terms: ParticipantTerms, role: str, method: str
) -> None:
    if method == SignMethod.PORTAL:
        own = has_role(acting_user, Role.CLIENT) and (
            terms.participant.client.portal_user_id == acting_user.pk
        )
        if not own or role == SignerRole.GUARDIAN:
            raise PermissionDenied
    elif method == SignMethod.OFFICE:
        _require_case_clinician(acting_user, agreement.case)
    else:
        raise ValidationError({"method": "Choose how the agreement was signed."})
    allowed = (
        {SignerRole.GUARDIAN, SignerRole.ASSENT}
        if terms.guardian_required
        else {SignerRole.PARTICIPANT}
    )
    if role not in allowed:
        raise ValidationError({"signer_role": _("This signature is not one this agreement needs.")})


def sign(
    *,
    acting_user: Actor,
    terms: ParticipantTerms,
    signer_role: str,
    signer_name: str,
    method: str,
    text_sha256: str,
    language: str = LANGUAGE,
    request: Any = None,
) -> Signature:
    """Record one signature on the exact text the signer was shown, in the language shown.

    `text_sha256` is the hash of the text on the signer's screen; if it does not match the
    stored text of this version in `language` (or the version is no longer current) nothing
    is recorded. The signature keeps the language and that text's hash.
    """
    agreement = terms.agreement
    _check_signer(acting_user, agreement, terms, signer_role, method)
    name = signer_name.strip()
    if not name:
        raise ValidationError({"signer_name": _("Type the signer's full name.")})
    with transaction.atomic():
        current = gate.current_agreement(agreement.case)
        if current is None or current.pk != agreement.pk:
            raise ValidationError(_("A newer version exists: sign that one instead."))
        read = reading(agreement, terms, language)
        if read.language != language:
            raise ValidationError(_("This agreement has no text in that language."))
        expected = sha256(read.text)
        if text_sha256 != expected:
            raise ValidationError(_("The text changed while you read it. Read it again and sign."))
        if Signature.objects.filter(
            agreement=agreement, participant=terms.participant, signer_role=signer_role
        ).exists():
            raise ValidationError(_("This signature is already recorded."))
        try:
            with transaction.atomic():
                signature = Signature.objects.create(
                    agreement=agreement,
                    participant=terms.participant,
                    signer_role=signer_role,
                    signer_name=name[:200],
                    related_person=terms.guardian if signer_role == SignerRole.GUARDIAN else None,
                    method=method,
                    recorded_by=account(acting_user),
                    signed_at=timezone.now(),
                    language=language,
                    text_sha256=expected,
                )
        except IntegrityError:  # signed at the same moment elsewhere
            raise ValidationError(_("This signature is already recorded.")) from None
        record(
            actor=acting_user,
            action="sign",
            target=signature,
            client_id=terms.participant.client_id,
            summary=f"Agreement v{agreement.version} signed ({signer_role}, {method})",
            detail={"case_id": agreement.case_id, "sha256": expected, "language": language},
            request=request,
        )
        return signature


def override_gate(
    *, acting_user: Actor, case: Case, reason: str, request: Any = None
) -> GateOverride:
    """Let intake and notes go ahead before every signature is in; the reason is required."""
    _require_case_clinician(acting_user, case)
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError(
            {"reason": "Write the reason in a sentence (at least 10 characters)."}
        )
    with transaction.atomic():
        present = case.participants.filter(left_on__isnull=True).values_list("pk", flat=True)
        override = GateOverride.objects.create(
            case=case,
            agreement=gate.current_agreement(case),
            reason=reason,
            participant_ids=list(present),
            created_by=account(acting_user),
        )
        record(
            actor=acting_user,
            action="override",
            target=override,
            summary="Confidentiality-first gate overridden",
            detail={
                "case_id": case.pk,
                "agreement_id": override.agreement_id,
                "client_ids": list(case.participants.values_list("client_id", flat=True)),
            },
            request=request,
        )
        return override


def withdraw_override(*, acting_user: Actor, override: GateOverride, request: Any = None) -> None:
    _require_case_clinician(acting_user, override.case)
    with transaction.atomic():
        updated = GateOverride.objects.filter(pk=override.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        if not updated:
            raise ValidationError("This override was already withdrawn.")
        record(
            actor=acting_user,
            action="change",
            target=override,
            summary="Gate override withdrawn",
            detail={"case_id": override.case_id},
            request=request,
        )


def complete_intake_step(
    *, acting_user: Actor, case: Case, step: str, note: str = "", request: Any = None
) -> IntakeItem:
    """Mark goals or fees done: refused until the confidentiality agreement gate is open."""
    _require_case_clinician(acting_user, case)
    if step not in IntakeStep.values:
        raise ValidationError({"step": "Choose an intake step."})
    if gate.policy_outdates_agreement(case):
        raise ValidationError(
            "The secrets policy changed: issue a new version of the agreement and have it "
            "signed before other intake steps."
        )
    if not gate.intake_allowed(case):
        raise ValidationError(
            "Confidentiality comes first: every participant must sign the agreement "
            "(or record an override with a reason) before other intake steps."
        )
    with transaction.atomic():
        if IntakeItem.objects.filter(case=case, step=step).exists():
            raise ValidationError({"step": "This step is already done."})
        item = IntakeItem.objects.create(
            case=case, step=step, note=(note or "").strip(), completed_by=account(acting_user)
        )
        record(
            actor=acting_user,
            action="change",
            target=item,
            summary=f"Intake step done: {step}",
            detail={"case_id": case.pk},
            request=request,
        )
        return item
