"""Draft replies to a requester that follow the engine's advice.

Until something may be released, no draft confirms or denies that the person asked about is a
client: each speaks of "the person you asked about" and of how therapy works in general.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from confide.disclosures.vocabulary import ReplyKind
from confide.policy.decision import RELEASING_OUTCOMES

TEXTS = {
    ReplyKind.CONFIDENTIALITY_POLICY: (
        "Thank you for getting in touch. Our practice keeps everything about the people we "
        "see confidential, including whether someone is seen here at all. We can share "
        "information only with the person's written permission, or where the law requires it."
    ),
    ReplyKind.GENERAL_INFORMATION: (
        "In general, therapy works best when people can speak freely, which is why what is "
        "said in sessions stays private. Family and friends often help most by listening "
        "without pressing for details, and by looking after themselves too. If you are "
        "worried about someone's immediate safety, call 988 (the Suicide & Crisis Lifeline) "
        "or 911."
    ),
    ReplyKind.INVITE_CLIENT: (
        "If the person you asked about would like you to know how they are doing, they are "
        "always free to tell you themselves, or to ask their clinician to share something "
        "with you."
    ),
    ReplyKind.JOINT_SESSION: (
        "Some people find it helpful to invite a family member to a joint session. If the "
        "person you asked about wishes to, they can arrange that with their clinician."
    ),
    ReplyKind.REQUEST_AUTHORIZATION: (
        "We can consider releasing information only with a written authorization signed by "
        "the person concerned, naming you, the information and its purpose. If they wish to "
        "sign one, they can do so through our client portal or at the office."
    ),
    ReplyKind.NEITHER_CONFIRM_NOR_DENY: (
        "We can neither confirm nor deny whether any particular person receives services "
        "here. Any request for information needs that person's written authorization or "
        "valid legal process."
    ),
}
ACTION_REPLIES = {
    "explain_confidentiality_policy": ReplyKind.CONFIDENTIALITY_POLICY,
    "provide_general_information": ReplyKind.GENERAL_INFORMATION,
    "invite_client_to_share": ReplyKind.INVITE_CLIENT,
    "offer_joint_session": ReplyKind.JOINT_SESSION,
    "obtain_written_authorization": ReplyKind.REQUEST_AUTHORIZATION,
}


@dataclass(frozen=True)
class Draft:
    kind: str
    label: str
    text: str


def drafts_for(decision: Mapping[str, Any]) -> list[Draft]:
    """The drafts that fit this decision, the engine's own message first."""
    drafts: list[Draft] = []
    message = decision.get("requester_message")
    if message:
        drafts.append(Draft(ReplyKind.ENGINE_MESSAGE, ReplyKind.ENGINE_MESSAGE.label, message))
    for action in decision.get("actions", []):
        kind = ACTION_REPLIES.get(action)
        if kind is not None and all(d.kind != kind for d in drafts):
            drafts.append(Draft(kind, kind.label, TEXTS[kind]))
    if decision.get("outcome") not in RELEASING_OUTCOMES:
        kind = ReplyKind.NEITHER_CONFIRM_NOR_DENY
        drafts.append(Draft(kind, kind.label, TEXTS[kind]))
    return drafts


def combined(decision: Mapping[str, Any]) -> str:
    """One reply made of the drafts that follow the advice (the editable starting point)."""
    drafts = drafts_for(decision)
    if decision.get("outcome") in RELEASING_OUTCOMES:
        return "\n\n".join(d.text for d in drafts)
    wanted = [d for d in drafts if d.kind != ReplyKind.ENGINE_MESSAGE] or drafts
    return (
        "\n\n".join(d.text for d in wanted if d.kind != ReplyKind.NEITHER_CONFIRM_NOR_DENY)
        or (TEXTS[ReplyKind.NEITHER_CONFIRM_NOR_DENY])
    )
