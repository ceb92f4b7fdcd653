"""Turn a case and the clinician's choices into one version's texts and snapshots.

Kept apart from `actions` so the same composition serves issuing a version, the preview and
the tests; it reads the case's own rows (already permission-checked by the caller) and the
rule data, and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from confide.agreements.exceptions import exception_groups
from confide.agreements.models import SharingLabel
from confide.agreements.signers import signer_plan
from confide.agreements.text import (
    OwnInputs,
    PersonLine,
    SharedInputs,
    render_own,
    render_shared,
)
from confide.policy import minor_consent_rule
from confide.practice.models import Case, ContactPoint, Participant, Practice, RelatedPerson
from confide.practice.vocabulary import SECRETS_POLICY_EXPLANATIONS, SecretsPolicy


def default_label_for(case: Case) -> str:
    """Where a participant's sharing label starts: "case" under a no-secrets policy ("I will
    not keep secrets between you"), otherwise "private", the narrowest."""
    return "case" if case.secrets_policy == SecretsPolicy.NO_SECRETS else "private"


def label_choices_for(case: Case) -> list[tuple[str, str]]:
    """The sharing labels a participant may choose in this case's agreement. Under a
    no-secrets policy the agreement says "I will not keep secrets between you", so Private
    is not among them: a segment the clinician still wants held back is marked on the note,
    where they confirm how the policy will handle it (`records.actions`)."""
    if case.secrets_policy == SecretsPolicy.NO_SECRETS:
        return [(v, str(n)) for v, n in SharingLabel.choices if v != SharingLabel.PRIVATE]
    return [(v, str(n)) for v, n in SharingLabel.choices]


@dataclass
class ParticipantChoice:
    participant: Participant
    # "": the case's default (`default_label_for`): "case" under no secrets, else "private"
    label: str = ""
    private_topics: str = ""
    guardian: RelatedPerson | None = None

    def __post_init__(self) -> None:
        if not self.label:
            self.label = default_label_for(self.participant.case)


@dataclass
class Choices:
    licence: str
    revisit_on: dt.date
    concern_contact: str
    extra_terms: str = ""
    participants: list[ParticipantChoice] = field(default_factory=list)


@dataclass(frozen=True)
class ComposedTerms:
    choice: ParticipantChoice
    guardian_required: bool
    own_text: str


@dataclass(frozen=True)
class Composed:
    shared_text: str
    terms: tuple[ComposedTerms, ...]
    minor_ids: tuple[int, ...]


MARKUP_START = re.compile(r"^\s*(#+\s|-\s|\[\d+\]\s)+")


def free_text(text: str, *, one_line: bool = False) -> str:
    """Typed text made safe for the agreement's line format: no line may pass for a heading,
    list item or footnote, so what a person typed can never change the text's structure."""
    lines = [MARKUP_START.sub("", line).strip() for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    return " ".join(lines) if one_line else "\n".join(lines)


def contact_lines(points: list[ContactPoint]) -> tuple[str, ...]:
    """A client's contact preferences in plain words, one line per contact point."""
    lines = []
    for point in points:
        allowed = ", ".join(point.permissions) or _("do not use")
        label = f" ({point.label})" if point.label else ""
        lines.append(f"{point.get_kind_display()}{label} {point.value}: {allowed}")
    return tuple(lines)


def minor_rule_summary(jurisdiction: str) -> str:
    """The state's minor-consent rule in plain words (empty where there is none)."""
    try:
        rule = minor_consent_rule(jurisdiction)
    except KeyError:
        return ""
    if rule is None:
        return _("Federal rules decide what parents may see.")
    if rule.age > 0:
        start = _(
            "In this state, a young person aged %(age)s or older can agree to their own care."
        )
        start = start % {"age": rule.age}
    else:
        start = _("In this state, a young person can agree to their own care only in some cases.")
    access = {
        "none": _("Then parents do not get the records of that care on their own."),
        "with_minor_consent": _("Then parents see the records only if the young person agrees."),
        "discretionary": _("Then I decide, with the young person, what parents are told."),
        "full": _("Parents can still see the records."),
    }.get(rule.parent_access, "")
    return f"{start} {access}".strip()


def compose(
    *,
    case: Case,
    practice: Practice,
    version: int,
    choices: Choices,
    clinicians: list[str],
    language: str = "en",
) -> Composed:
    """Render the shared text and each participant's own text for a new version, in one
    language: everything said in words (labels, the minors' rule, contact preferences) is
    composed in that language too, from the same rule data."""
    with translation.override(language):
        return _compose(case, practice, version, choices, clinicians, language)


def _compose(
    case: Case,
    practice: Practice,
    version: int,
    choices: Choices,
    clinicians: list[str],
    language: str,
) -> Composed:
    chosen = {c.participant.pk: c for c in choices.participants}
    # Only those still in the case: someone who left is neither named nor asked to sign.
    current = case.participants.filter(left_on__isnull=True).select_related("client")
    participants = list(current.order_by("pk"))
    minors = tuple(p.pk for p in participants if p.client.is_minor)
    general, minor_group = exception_groups(
        practice.jurisdiction, choices.licence, any_minor=bool(minors)
    )
    policy = case.secrets_policy or ""
    shared = SharedInputs(
        practice_name=practice.name,
        case_title=case.title,
        case_type=case.case_type,
        no_secrets=policy == SecretsPolicy.NO_SECRETS,
        version=version,
        secrets_policy=str(SecretsPolicy(policy).label) if policy else "",
        secrets_explanation=str(SECRETS_POLICY_EXPLANATIONS.get(SecretsPolicy(policy), ""))
        if policy
        else "",
        people=tuple(
            PersonLine(p.client.display_name, p.role_in_case, p.client.is_minor)
            for p in participants
        ),
        clinicians=tuple(clinicians),
        exceptions=tuple(general),
        minors=minor_group,
        minor_rule_summary=minor_rule_summary(practice.jurisdiction) if minors else "",
        concern_contact=free_text(choices.concern_contact, one_line=True),
        revisit_on=choices.revisit_on,
        extra_terms=free_text(choices.extra_terms),
    )
    terms = []
    for participant in participants:
        choice = chosen.get(participant.pk) or ParticipantChoice(
            participant, label=default_label_for(case)
        )
        plan = signer_plan(participant.client.age, practice.jurisdiction, choices.licence)
        own = OwnInputs(
            name=participant.client.display_name,
            label=choice.label,
            private_topics=free_text(choice.private_topics, one_line=True),
            contacts=contact_lines(list(participant.client.contact_points.all())),
            guardian_required=plan.guardian_required,
            guardian_name=choice.guardian.name if choice.guardian else "",
        )
        terms.append(ComposedTerms(choice, plan.guardian_required, render_own(own, language)))
    return Composed(render_shared(shared, language), tuple(terms), minors)
