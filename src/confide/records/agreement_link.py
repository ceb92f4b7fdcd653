"""The two things notes need from the agreements app, behind one switchable adapter.

Both fail closed: if the agreements app cannot answer (not installed, an error), notes may not
be written and every new segment defaults to "private", the narrowest sharing.
"""

from __future__ import annotations

from typing import Any

from confide.crypto import KeyRingError
from confide.records.visibility import CLINICAL, LABELS, PRIVATE


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
    changed = getattr(case, "secrets_policy_changed_at", None)
    if changed is None:
        return False
    from confide.agreements.gate import current_agreement

    agreement = current_agreement(case)
    return agreement is None or agreement.created_at < changed


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
    """The sharing label a new segment starts with: the discloser's agreement choice.

    Segments the clinician records in their own voice (no participant) start "clinical"."""
    if participant is None:
        return CLINICAL
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
