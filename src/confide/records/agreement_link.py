"""The two things notes need from the agreements app, behind one switchable adapter.

Both fail closed: if the agreements app cannot answer (not installed, an error), notes may not
be written and every new segment defaults to "private", the narrowest sharing.
"""

from __future__ import annotations

from typing import Any

from confide.crypto import KeyRingError
from confide.records.visibility import CASE, CLINICAL, LABELS, PRIVATE

NO_SECRETS = "no_secrets"
NO_SECRETS_PRIVATE = (
    "This case has a no-secrets policy: anything one participant tells you alone may be "
    "brought into the joint sessions, and the agreement says you will not keep secrets "
    "between them. Marking a segment Private holds it back from the others all the same. "
    "Confirm that you mean to, and plan how you will handle it under the policy (for "
    "example, helping the person share it)."
)


def is_no_secrets(case: Any) -> bool:
    return getattr(case, "secrets_policy", None) == NO_SECRETS


def notes_allowed(case: Any) -> bool:
    """Whether every participant has signed the current agreement (or an override holds),
    and that agreement was issued after the case's secrets policy last changed: a policy
    change needs a new version, signed anew, before notes go on."""
    try:
        from confide.agreements.gate import notes_allowed as gate_open

        return bool(gate_open(case)) and not policy_outdates_agreement(case)
    except KeyRingError:
        raise  # a key problem is a server error, never a closed gate
    except Exception:
        return False


def policy_outdates_agreement(case: Any) -> bool:
    """True when the secrets policy changed after the current agreement version was issued
    (or there is none): the version no longer says what the case does."""
    from confide.agreements.gate import policy_outdates_agreement as outdated

    return outdated(case)


def unsigned_names(case: Any) -> list[str]:
    """Who still has to sign, for the page that explains why notes are refused."""
    try:
        from confide.agreements.gate import gate_status

        return list(gate_status(case).unsigned_names)
    except KeyRingError:
        raise  # a key problem is a server error, never a closed gate
    except Exception:
        return []


def default_label(participant: Any) -> str:
    """The sharing label a new segment starts with: the discloser's agreement choice, or
    "case" under a no-secrets policy (whatever older terms said).

    Segments the clinician records in their own voice (no participant) start "clinical"."""
    if participant is None:
        return CLINICAL
    if is_no_secrets(participant.case):
        # "I will not keep secrets between you": what a participant says is the case's.
        return CASE
    try:
        from confide.agreements.defaults import default_sharing_label

        label = str(default_sharing_label(participant))
    except KeyRingError:
        raise  # a key problem is a server error, never a closed gate
    except Exception:
        return PRIVATE
    return label if label in LABELS else PRIVATE


def agreement_url(case: Any) -> str:
    """Where the case's agreement lives (the agreements app's page if it has one)."""
    from django.urls import NoReverseMatch, reverse

    for name in ("agreements:case_agreement", "agreements:case", "agreements:detail"):
        try:
            return reverse(name, args=[case.pk])
        except NoReverseMatch:
            continue
    return "/agreements/"
