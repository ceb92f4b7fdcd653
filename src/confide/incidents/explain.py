"""Plain-language reasons shown beside the engine's advice on a suspected violation: why it
belongs in session with the client, and why the other courses people reach for do not fit."""

from __future__ import annotations

from confide.incidents.models import Violation

WHY_IN_SESSION = (
    "A client sharing what was said in therapy is a matter for therapy. Taking it up with the "
    "client, in session, protects the relationship and lets you revisit the confidentiality "
    "agreement together."
)
NOT_AUTHORITIES = (
    "Not reporting it to the authorities: clients are not bound by HIPAA, and no law makes a "
    "client's lapse reportable. A report would itself disclose therapy information without a "
    "legal basis."
)
NOT_WITHOUT_CLIENT = (
    "Not discussing it without the client: talking about it with others (family, other "
    "participants, colleagues by name) would spread the very information at stake and deny "
    "the client the chance to explain."
)
NOT_LEFT_TO_GROUP = (
    "Not leaving it to the group: raising it cold before everyone exposes the member and can "
    "fracture the group. See the member first; bring confidentiality back to the group in "
    "general terms once you have."
)
PRACTICE_BREACH = (
    "If someone at the practice may be the source, it is a possible breach by the practice: "
    "report it to the privacy officer as a breach incident as well."
)


def why_not(violation: Violation) -> list[str]:
    """The reasons that apply to this violation, in the order a clinician would weigh them."""
    reasons = [NOT_AUTHORITIES, NOT_WITHOUT_CLIENT]
    if violation.setting in ("group", "family", "couple") or (
        violation.case is not None and violation.case.case_type != "individual"
    ):
        reasons.append(NOT_LEFT_TO_GROUP)
    if violation.by in ("staff", "unknown"):
        reasons.append(PRACTICE_BREACH)
    return reasons


OUTCOME_LABELS = {
    "report": "Report",
    "warn_and_protect": "Warn and protect",
    "address_in_session": "Take it up in session",
    "decline": "Decline",
    "seek_consent": "Seek the client's consent",
}
OBLIGATION_LABELS = {
    "required": "required by law",
    "permitted": "permitted, not required",
    "discretionary": "your judgment",
    "prohibited": "not allowed",
}


def advice_label(decision: dict[str, object]) -> str:
    """The engine's outcome and obligation in words, e.g. "Warn and protect (required by law)"."""
    outcome = str(decision.get("outcome", ""))
    obligation = str(decision.get("obligation", ""))
    words = OUTCOME_LABELS.get(outcome, outcome.replace("_", " ").capitalize())
    return f"{words} ({OBLIGATION_LABELS.get(obligation, obligation)})"
