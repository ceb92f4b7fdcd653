"""Given names and their nicknames, both directions, from the bundled data files.

`data/nicknames.tsv` comes from the `nicknames` package (Apache-2.0; see build_lexicons.py),
`data/nicknames_confide.tsv` adds the pairs written for confide. A nickname that is also an
ordinary word (Will, Bill, Kit) is matched only because the case's records name that person,
and `known` asks a capital of it in mixed-case text.
"""

from __future__ import annotations

from functools import cache

from confide.deid.lexicon import read_data


@cache
def table() -> dict[str, frozenset[str]]:
    """Given name -> its nicknames, from both files (loaded once)."""
    out: dict[str, set[str]] = {}
    for name in ("nicknames.tsv", "nicknames_confide.tsv"):
        for line in read_data(name).splitlines():
            if not line or line.startswith("#"):
                continue
            formal, _, nicks = line.partition("\t")
            out.setdefault(formal, set()).update(nicks.split())
    return {k: frozenset(v) for k, v in out.items()}


@cache
def _formal_of() -> dict[str, frozenset[str]]:
    back: dict[str, set[str]] = {}
    for formal, nicks in table().items():
        for nick in nicks:
            back.setdefault(nick, set()).add(formal)
    return {k: frozenset(v) for k, v in back.items()}


def variants_of(first: str) -> set[str]:
    """Every diminutive of a given name, and the formal names a diminutive may stand for."""
    low = first.lower()
    out = set(table().get(low, ())) | set(_formal_of().get(low, ()))
    out.discard(low)
    return out


@cache
def confide_pairs() -> frozenset[str]:
    """Every name in confide's own pairs: these match in any case, as they always have."""
    out: set[str] = set()
    for line in read_data("nicknames_confide.tsv").splitlines():
        if line and not line.startswith("#"):
            formal, _, nicks = line.partition("\t")
            out.add(formal)
            out.update(nicks.split())
    return frozenset(out)
