"""`words`, `plain` and `rule_title`: internal names as plain language on the page.

Every engine value goes through the vocabulary (`confide.words`), every rule shows by its
title and citation, never by its id."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from confide import words as vocabulary

register = template.Library()


@register.filter
def words(value: str | Iterable[str]) -> str:
    """ "treatment_progress" -> "treatment progress"; a list becomes a comma-separated phrase."""
    if isinstance(value, str):
        return vocabulary.say(value)
    return vocabulary.say_all(value)


@register.filter
def plain(value: object) -> str:
    """A sentence that may hold internal words (an audit summary), in plain language."""
    return vocabulary.plain(str(value))


@register.filter
def rule_title(rule_id: str) -> str:
    """The rule's title from the rule pack ("Psychotherapist-patient privilege"), or its id
    made readable if the pack no longer has it."""
    from confide.policy.jurisdictions import jurisdiction

    head = str(rule_id).split(".", 1)[0]
    code = head.upper() if head.startswith("us-") else "US"
    try:
        rule = jurisdiction(code).rules.get(str(rule_id))
    except Exception:
        rule = None
    if rule is not None and rule.title:
        return str(rule.title)
    return vocabulary.say(str(rule_id).rsplit(".", 1)[-1]).capitalize()


@register.filter
def information_words(value: Iterable[str]) -> str:
    """Information categories as the reader reads them (translated), comma-separated."""
    from confide.disclosures.vocabulary import INFORMATION_WORDS

    labels = [
        str(INFORMATION_WORDS[w]) if w in INFORMATION_WORDS else vocabulary.say(w) for w in value
    ]
    return ", ".join(label[:1].lower() + label[1:] for label in labels)
