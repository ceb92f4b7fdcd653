"""The training's situations: everyday cases, built as the engine's own Situation inputs for
the practice's state and the trainee's licence, so the answer a trainee is compared with is
exactly what `confide.policy.decide` says there, with its reasons and citations.

Each exercise offers a few plain choices; the engine's outcome is always among them (added
in the fixed order below when the state's rules lead somewhere the usual choices do not).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from confide.policy import Decision, Situation, decide, situation_from_dict

OUTCOME_LABELS: dict[str, str | Promise] = {
    "disclose": _("Share what is asked for"),
    "disclose_minimum_necessary": _("Share only the minimum that is needed"),
    "general_information_only": _(
        "Give general information only, and confirm nothing about the client"
    ),
    "seek_consent": _("Ask the client for written permission first"),
    "decline": _("Decline to share anything"),
    "report": _("Report it: to the authority, or to the privacy officer as a possible breach"),
    "warn_and_protect": _(
        "Act to protect: warn the person at risk and tell the police as the law requires"
    ),
    "address_in_session": _("Raise it with the client or the group in session"),
    "share_deidentified": _("Share it only with every identifying detail removed"),
}
ORDER = tuple(OUTCOME_LABELS)


@dataclass(frozen=True)
class Exercise:
    key: str
    title: str | Promise
    story: str | Promise
    client: dict[str, Any]
    case: dict[str, Any]
    event: dict[str, Any]
    choices: tuple[str, ...]

    def situation(self, code: str, licence: str) -> Situation:
        """The engine's input for this exercise in `code` ("US-CA") for `licence`."""
        return situation_from_dict(
            {
                "jurisdiction": code,
                "clinician_license": licence,
                "client": self.client,
                "case": self.case,
                "event": self.event,
            }
        )

    def decision(self, code: str, licence: str) -> Decision:
        return decide(self.situation(code, licence))

    def options(self, decision: Decision) -> list[tuple[str, str | Promise]]:
        """(outcome, label) choices, always including the engine's outcome, in fixed order."""
        wanted = set(self.choices) | {decision.outcome}
        return [(o, OUTCOME_LABELS[o]) for o in ORDER if o in wanted]


INDIVIDUAL: dict[str, Any] = {"type": "individual", "secrets_policy": None}
ASKED = ("disclose", "general_information_only", "seek_consent", "decline")

EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        key="relative",
        title=_("A relative asks about an adult client"),
        story=_(
            "A man calls and says he is the brother of a client, aged 34. He is worried. He "
            "asks how she is doing and what her diagnosis is. She has not signed anything that "
            "lets you talk to him."
        ),
        client={"age": 34},
        case=INDIVIDUAL,
        event={
            "kind": "information_request",
            "requester": "other_relative",
            "information": ["general_progress", "diagnosis"],
            "purpose": "concern_for_wellbeing",
        },
        choices=ASKED,
    ),
    Exercise(
        key="teen",
        title=_("Parents of a teen who asked for privacy"),
        story=_(
            "A client aged 16 came for counseling on their own consent and asked that what "
            "they say stays private. Their parents call and ask what their child talks about and "
            "to see the session notes."
        ),
        client={"age": 16, "consented_to_own_treatment": True},
        case=INDIVIDUAL,
        event={
            "kind": "information_request",
            "requester": "parent",
            "information": ["treatment_progress", "progress_notes"],
            "purpose": "concern_for_wellbeing",
        },
        choices=ASKED,
    ),
    Exercise(
        key="group",
        title=_("A group member repeats another's disclosure"),
        story=_(
            "In a therapy group, one member tells a friend outside the group what another "
            "member said in a session. The other member finds out and tells you."
        ),
        client={"age": 30},
        case={"type": "group", "secrets_policy": None},
        event={"kind": "suspected_violation", "by": "case_participant", "setting": "group"},
        choices=("address_in_session", "report", "decline"),
    ),
    Exercise(
        key="subpoena",
        title=_("A subpoena without a court order"),
        story=_(
            "A lawyer in a client's divorce sends a subpoena for the client's whole record. "
            "The lawyer signed it; no judge did. Nothing says the client was told."
        ),
        client={"age": 41},
        case=INDIVIDUAL,
        event={
            "kind": "information_request",
            "requester": "attorney",
            "information": ["whole_record"],
            "purpose": "legal_proceeding",
            "legal_process": "subpoena",
        },
        choices=("disclose", "disclose_minimum_necessary", "seek_consent", "decline"),
    ),
    Exercise(
        key="threat",
        title=_("A serious threat"),
        story=_(
            "In a session, a client says he will hurt his former business partner tonight. "
            "He names him and says he has a gun in his car."
        ),
        client={"age": 45},
        case=INDIVIDUAL,
        event={
            "kind": "safety_concern",
            "concern": "threat_to_identifiable_person",
            "imminent": True,
        },
        choices=("warn_and_protect", "address_in_session", "decline"),
    ),
    Exercise(
        key="supervision",
        title=_("A case for supervision"),
        story=_(
            "You want to talk about a hard case with your clinical supervisor. The client "
            "has not agreed to you sharing their details."
        ),
        client={"age": 29},
        case=INDIVIDUAL,
        event={"kind": "consultation", "with": "supervisor", "client_authorized": False},
        choices=("disclose", "share_deidentified", "decline"),
    ),
    Exercise(
        key="breach",
        title=_("A suspected staff breach"),
        story=_(
            "A colleague looked up a neighbour's record out of curiosity. The neighbour is a "
            "client, but not the colleague's client."
        ),
        client={"age": 52},
        case=INDIVIDUAL,
        event={"kind": "suspected_violation", "by": "staff", "setting": "individual"},
        choices=("address_in_session", "report", "decline"),
    ),
)
BY_KEY = {exercise.key: exercise for exercise in EXERCISES}
