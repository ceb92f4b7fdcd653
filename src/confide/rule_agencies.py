"""The agency a report goes to, in the reader's language, for the Notice of Privacy Practices.

Each state's rule data names where a report goes (`report_to`: "the Department of Children
and Families (Careline …) or a law enforcement agency") in English, and the notice puts it
inside its own sentence; a Spanish reader should not meet an English clause there. The
translations live in `locale/<lang>/rule_agencies.toml`, keyed by the English text exactly as
the rule data spells it, beside the rule titles (`confide.rule_titles`): research can change a
`report_to` without touching code, and tests/web/test_rule_agencies.py names any text left
without a translation. Official names stay as they are inside the translation, so the reader
can still find the agency.
"""

from __future__ import annotations

from confide.rule_titles import table


def agencies(language: str) -> dict[str, str]:
    """English `report_to` -> its text in `language`; empty for English or a language
    without an agencies file."""
    return table(language, "rule_agencies")


def rule_agency(report_to: str, language: str) -> str:
    """`report_to` in `language`; the rule data's English when the language is English or the
    text has no translation yet (better the agency in English than no agency at all)."""
    base = language.split("-", 1)[0].lower()
    return agencies(base).get(report_to, report_to)
