"""The first draft of the practice's confidentiality policy and procedures (164.530(i)).

The privacy officer edits it before approving; this only gives a sound starting point that
matches how confide itself works (who may see what) and cites the rules it rests on, drawn
from the rule pack for the practice's state. Same line format as the notice.
"""

from __future__ import annotations

from confide.policy import jurisdiction

TITLE = "Confidentiality policy and procedures"


def _cite(code: str, rule_id: str) -> str:
    found = jurisdiction(code).rule(rule_id)
    return f"{found.title}: {found.citation}"


def default_policy(practice_name: str, code: str) -> str:
    """The starting text for `code` ("US-CA"). Raises KeyError for an unknown code."""
    place = jurisdiction(code)
    lines = [
        f"# {TITLE}: {practice_name}",
        f"This policy applies to everyone who works for {practice_name}: clinicians, "
        "supervisors, the privacy officer, the administrator, the front desk, students and "
        f"contractors. It follows federal law and the law of {place.name}.",
        "## Who may see what",
        "- Clinicians see the records of the cases they are assigned to, and nothing else. "
        "Emergency access to another case is logged, expires and is reviewed.",
        "- The administrator keeps the client list and the schedule, never clinical notes.",
        "- The front desk sees no client list. It takes messages and never confirms or denies "
        "that anyone is a client.",
        "- Supervisors see only what a clinician shares for consultation, de-identified unless "
        "the client agreed.",
        "- The privacy officer sees the audit trail and handles complaints and breaches.",
        "- Everyone uses and shares the minimum necessary for the task. "
        f"({_cite(code, 'us.hipaa.minimum_necessary')})",
        "## Sharing information",
        "- Nothing leaves the practice without the client's written authorization, unless a "
        f"rule permits it. ({_cite(code, 'us.hipaa.authorization_required')})",
        "- Every request from outside is recorded and decided by the client's clinician. "
        "Subpoenas and court papers go to the privacy officer the same day. "
        f"({_cite(code, 'us.hipaa.judicial_subpoena')})",
        "- Every release is recorded so the client's accounting is complete. "
        f"({_cite(code, 'us.hipaa.accounting')})",
    ]
    if place.state is not None:
        state = place.state
        lines += [
            "- Safety duties and mandated reports follow the state's rules: "
            f"{state.duty_to_protect.rule.title} ({state.duty_to_protect.rule.citation}); "
            f"{state.child_abuse.rule.title} ({state.child_abuse.rule.citation}); "
            f"{state.adult_abuse.rule.title} ({state.adult_abuse.rule.citation}).",
        ]
    lines += [
        "## Breach response",
        "- Anyone who suspects that information went to the wrong person, was lost or was seen "
        "by someone who should not see it tells the privacy officer the same day.",
        "- The privacy officer records the incident, stops further harm, and completes the "
        "four-factor risk assessment.",
        "- Unless the assessment shows a low probability of compromise, affected clients are "
        "told without unreasonable delay and within 60 days of discovery, and HHS is notified. "
        f"({_cite(code, 'us.hipaa.breach_notification')})",
        "- Staff who break this policy face sanctions, recorded by the privacy officer.",
        "## Devices and messages",
        "- Use only practice devices with screen locks and full-disk encryption. Lock the screen "
        "when you step away.",
        "- Do not keep client information on personal phones, in personal email or in chat apps.",
        "- Email and text reach a client only in the ways the client chose, in discreet words, "
        "with no clinical content.",
        "- Voicemail: leave a message only where the client allowed it; never say why we called.",
        "- Paper: keep it locked away; shred it when it is no longer needed.",
        "## Training and review",
        "- Everyone completes confidentiality training when they join, every year, and again "
        "when the rules for our state change.",
        "- This policy is reviewed at least once a year and whenever the law changes. Every "
        "version is kept for six years from when it was last in effect.",
    ]
    return "\n".join(lines) + "\n"
