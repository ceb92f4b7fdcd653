"""`words`, `plain` and `rule_title`: internal names as plain language on the page.

Every engine value goes through the vocabulary (`confide.words`), every rule shows by its
title and citation, never by its id."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from confide import words as vocabulary

register = template.Library()
URL = re.compile(r"https?://[^\s,;()]+[^\s,;().]")


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
def source_links(source: object) -> SafeString:
    """Where a rule was read, with each address a link named by its site ("www.ecfr.gov"): a
    long statute URL is for the browser, not for reading, and its query words are no one's
    vocabulary."""
    text = str(source or "")
    parts: list[str] = []
    last = 0
    for match in URL.finditer(text):
        address = match.group(0)
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html('<a href="{}">{}</a>', address, urlsplit(address).netloc))
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


@register.filter
def information_words(value: Iterable[str]) -> str:
    """Information categories as the reader reads them (translated), comma-separated."""
    from confide.disclosures.vocabulary import INFORMATION_WORDS

    labels = [
        str(INFORMATION_WORDS[w]) if w in INFORMATION_WORDS else vocabulary.say(w) for w in value
    ]
    return ", ".join(label[:1].lower() + label[1:] for label in labels)
