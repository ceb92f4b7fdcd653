"""The sharing label a participant chose for what they tell the clinician alone.

Contract used by records: `default_sharing_label(participant)` returns "private", "case" or
"clinical", taken from the participant's terms in the case's current agreement version. With
no agreement, no terms for this participant, or anything unexpected it returns "private":
failing closed means the narrowest sharing.
"""

from __future__ import annotations

from typing import Any

from confide.agreements.models import Agreement, ParticipantTerms, SharingLabel

FALLBACK = SharingLabel.PRIVATE.value


def default_sharing_label(participant: Any) -> str:
    """The label to pre-select for a new disclosure segment by this participant."""
    try:
        current = Agreement.objects.filter(case_id=participant.case_id).order_by("-version").first()
        terms = (
            None
            if current is None
            else ParticipantTerms.objects.filter(agreement=current, participant_id=participant.pk)
            .only("default_label")
            .first()
        )
    except Exception:
        return FALLBACK
    if terms is None or terms.default_label not in SharingLabel.values:
        return FALLBACK
    return str(terms.default_label)
