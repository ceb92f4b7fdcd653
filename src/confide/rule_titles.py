"""Rule titles in the reader's language, for the footnotes of agreements and notices.

The rule data (policy/rules/us) names each rule in English; a Spanish reader's footnotes
should not switch to English mid-page. The translations live in `locale/<lang>/rule_titles.toml`
beside the catalogs, keyed by the English title, so research can rename or add a rule without
touching code (tests/web/test_rule_titles.py names any title left without a translation).
Citations are never translated: they are how a reader finds the law.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


@cache
def table(language: str, name: str) -> dict[str, str]:
    """English text -> text in `language` from `locale/<language>/<name>.toml` (its
    `[<language>]` table); empty for English or a language without that file. Rule titles
    and the agencies a report goes to (`confide.rule_agencies`) share this layout."""
    path = LOCALE_DIR / language / f"{name}.toml"
    if language == SOURCE_LANGUAGE or not path.is_file():
        return {}
    with path.open("rb") as handle:
        found = tomllib.load(handle).get(language, {})
    return {str(k): str(v) for k, v in found.items()}


def titles(language: str) -> dict[str, str]:
    """English title -> title in `language`; empty for a language without a titles file."""
    return table(language, "rule_titles")


def rule_title(title: str, language: str) -> str:
    """`title` in `language`; the English title when the language is English or the title has
    no translation yet (better an English title than none)."""
    base = language.split("-", 1)[0].lower()
    return titles(base).get(title, title)
