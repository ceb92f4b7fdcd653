"""The front-desk script: what the person answering the phone says, drawn from the rule pack
for the practice's state, each line with the rule it rests on."""

from __future__ import annotations

from dataclasses import dataclass

from confide.disclosures.replies import TEXTS
from confide.disclosures.vocabulary import ReplyKind
from confide.policy import jurisdiction


@dataclass(frozen=True)
class Line:
    text: str
    citation: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[Line, ...]


def _rule(code: str, rule_id: str) -> str:
    found = jurisdiction(code).rule(rule_id)
    return f"{found.title}, {found.citation}"


def script(code: str) -> list[Section]:
    """The sections of the script for `code` ("US-CA"); KeyError for an unknown code."""
    place = jurisdiction(code)
    never_confirm = TEXTS[ReplyKind.NEITHER_CONFIRM_NOR_DENY]
    sections = [
        Section(
            "When someone asks whether a person is a client",
            (
                Line(f'Say: "{never_confirm}"', _rule(code, "us.hipaa.authorization_required")),
                Line(
                    'Then say: "I can take a message. If the person you are asking about is '
                    'connected with us, the right person will get it."'
                ),
                Line("Say the same thing every time, whoever calls and whatever the answer is."),
            ),
        ),
        Section(
            "How to take a message",
            (
                Line("Write down the caller's name, how to call them back and who they are."),
                Line("Write down the name they asked about, exactly as they said it."),
                Line("Write down what they want, in their words. Do not ask for more."),
                Line(
                    "Record it with the form on this page. It goes to the practice's request "
                    "inbox; the client's clinician decides what happens next.",
                    _rule(code, "us.hipaa.family_involvement"),
                ),
            ),
        ),
        Section(
            "What never to say",
            (
                Line(
                    'Never say "yes, they come here", "they have an appointment" or "they missed '
                    'their session".'
                ),
                Line('Never say "we have no one by that name": that tells the caller too.'),
                Line(
                    "Never give out a schedule, a diagnosis, a clinician's name for a client, or "
                    "any detail of care.",
                    _rule(code, "us.hipaa.minimum_necessary"),
                ),
                Line(
                    "Never leave a voicemail that names the practice for a client unless the "
                    "client allowed it."
                ),
            ),
        ),
        Section(
            "Legal papers and the police",
            (
                Line(
                    "A subpoena, court order or warrant: do not accept or discuss it on the spot. "
                    "Take the details and tell the privacy officer today.",
                    _rule(code, "us.hipaa.judicial_subpoena"),
                ),
                Line(
                    "The police asking about someone: the same message, the same words. Mark it "
                    "urgent if they say someone is in danger.",
                    _rule(code, "us.hipaa.law_enforcement"),
                ),
            ),
        ),
    ]
    danger = [
        Line(
            "If a caller says someone is in danger right now, tell them to call 911, then "
            "record the message as an emergency and tell a clinician at once.",
            _rule(code, "us.hipaa.serious_threat"),
        ),
    ]
    if place.state is not None:
        duty = place.state.duty_to_protect.rule
        danger.append(
            Line(
                f"{place.state.name} has its own rule on threats; the clinician applies it.",
                f"{duty.title}, {duty.citation}",
            )
        )
    sections.append(Section("When someone may be in danger", tuple(danger)))
    return sections
