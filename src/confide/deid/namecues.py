"""People named by the words clinicians put around them, not by a list of names.

Hurried therapy notes name strangers the lists do not hold ("session w/ Zuzia", "her ex
Brandon", "LUKASZ said", "aka Ola", "client SR", "the Whitakers"). Each cue here is a word a
note uses for a person (a session, a kinship word, a verb only people take, "goes by"), and the
word it points at must still read as a name: not an ordinary English word, not clinical
vocabulary on the sourced allow-lists (drugs.txt, clinical_allow.txt, abbreviations.txt), not
a pet's name. Every cue is visited through the note's cue-word index (`names._index`), so a
note pays only for the cues it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

from confide.deid import names
from confide.deid.lexicon import (
    abbreviations,
    allowed_terms,
    ambiguous,
    census_surnames,
    common_words,
    english_words,
    first_names,
    surnames,
)
from confide.deid.spans import PRIORITY_CONTEXT, Span
from confide.deid.tokens import Token

# A meeting a note records, then "with"/"w/" and the person met ("sess w/ joy").
SESSION_WORDS = frozenset({
    "session", "sess", "sessions", "mtg", "meeting", "call", "appt", "appointment", "visit",
    "intake", "consult", "conversation", "checkin",
})  # fmt: skip
# Words that give a name right after them ("aka Ola", "goes by Sasha", "nicknamed Bear").
NAME_GIVERS = frozenset({"aka", "nicknamed", "nickname", "by", "as", "name", "called"})
_GIVER_BEFORE = {
    "by": {"goes", "go", "going", "went", "gone"},
    "as": {"known", "introduced", "identified"},
    "name": {"preferred", "chosen", "new", "nick"},
    "called": {"be", "prefers", "likes", "asked", "wants", "wishes"},
}
# Verbs only a person is the subject of, as hurried lower-case notes write them after a name.
SPEECH_VERBS = frozenset({
    "said", "says", "reports", "reported", "states", "stated", "shared", "shares", "denies",
    "denied", "endorses", "endorsed", "agreed", "agrees", "asked", "asks", "told", "tells",
    "texted", "wants", "wanted", "feels", "felt", "thinks", "admits", "admitted", "cried",
    "yelled", "visited", "brought", "explained", "describes", "described", "disclosed",
    "worries", "complains", "complained", "attended", "missed", "declined", "refused",
})  # fmt: skip
# Where a capital with its full stop stands for a person: after these words ("w/ B.").
INITIAL_CUES = frozenset({"client", "clt", "pt", "patient", "with", "w", "saw", "met", "cc", "per"})
# Where two capitals do ("client SR", "pt AO"): an ICU note's "with SBP", "and MAP" do not.
PAIR_CUES = frozenset({"client", "clt", "pt", "patient", "name", "note", "initials"})
_IN_LAW = "law"
_PO = "po"
_THE = "the"
CUE_WORDS = SESSION_WORDS | NAME_GIVERS | SPEECH_VERBS | {_IN_LAW, _PO, _THE, "a"} | names.RELATIONS
# Two-letter state codes: "moved to TX" names no one (Safe Harbor keeps states).
_STATE_CODES = frozenset({
    "al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il", "in", "ia",
    "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj",
    "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt",
    "va", "wa", "wv", "wi", "wy", "dc", "pr",
})  # fmt: skip
_VOWELS = frozenset("aeiouy")


@cache
def _not_names() -> frozenset[str]:
    """Words the cues here never take for a name: allowed clinical terms, abbreviations,
    titles, credentials, kinship words and pets."""
    return (
        allowed_terms() | abbreviations() | common_words()
        | frozenset(names.TITLES | names.CREDENTIALS | names.RELATIONS | names.PETS)
    )  # fmt: skip


@cache
def _census_surnames() -> frozenset[str]:
    """Every Census 1990 family name that is no ordinary word (for surname plurals)."""
    words = english_words()
    return frozenset(n for n in census_surnames() if n not in words) | surnames()


def _lower_name(tok: Token) -> bool:
    """A lower-case word that reads as a name: a listed given name or surname, or a word no
    dictionary holds that has a name's shape ("tomasz", "adaeze", "okafor")."""
    low = tok.low
    if low in _not_names() or not tok.word.isalpha():
        return False
    if low in first_names() or low in surnames():
        return True
    vowels = sum(c in _VOWELS for c in low)  # "okafor", never "nqwmi"
    return low not in english_words() and names.plausible_name(low) and vowels >= 2


def _nameish(tok: Token, strong: bool = False) -> bool:
    """Whether the word a cue points at is a name. `strong`: the cue names a person outright
    ("aka", "goes by", a session with), so a given name that is a word too counts."""
    low = tok.low
    if len(low) < 2 or low in _not_names() or not names._wordish(tok):
        return False
    if strong and (low in ambiguous() or low in first_names()):
        return tok.case != "mixed" or tok.word[0].isupper()
    if tok.case == "mixed":
        if not tok.word[0].isupper() or (tok.word.isupper() and low not in first_names()):
            return False
        return low in first_names() or low in surnames() or _unknown(low, strong)
    return _lower_name(tok) or (strong and _unknown(low, strong))


def _unknown(low: str, short_ok: bool) -> bool:
    """No dictionary word, and shaped like a name (a short one only after a strong cue)."""
    if low in english_words() or not low.replace("-", "").isalpha():
        return False
    if len(low) == 3 and short_ok:
        return bool(set(low) & _VOWELS)
    return names.plausible_name(low)


def _person(tokens: list[Token], j: int, source: str, strong: bool = False) -> Iterator[Span]:
    """The name starting at token j, if it reads as one, on the cue's line."""
    if j >= len(tokens):
        return
    tok = tokens[j]
    gap = tok.gap.removeprefix("/")  # "w/ joy"
    if "\n" in gap or not names._CUE_GAP.match(gap) or not _nameish(tok, strong):
        return
    end = names._run(tokens, j, loose=tok.case != "mixed")
    while end > j + 1 and tokens[end - 1].low in _not_names():
        end -= 1
    yield names._span(tokens, j, end, source, PRIORITY_CONTEXT)


def _with_at(tokens: list[Token], i: int) -> int | None:
    """The token after "with" or "w/" at i, or None."""
    if i >= len(tokens) - 1:
        return None
    tok = tokens[i]
    if tok.low == "with":
        return i + 1
    if tok.low == "w" and tokens[i + 1].gap.startswith("/"):
        return i + 1
    return None


def sessions(tokens: list[Token], at: list[int]) -> Iterator[Span]:
    """'Individual session with Zuzia', 'couples sess w/ joy', 'mtg w/ Dariusz'."""
    for i in _before(at, len(tokens) - 2):
        j = _with_at(tokens, i + 1)
        if j is not None and tokens[j].low not in {"the", "her", "his", "their", "both"}:
            yield from _person(tokens, j, "session", strong=True)


def given_names(tokens: list[Token], at: list[int]) -> Iterator[Span]:
    """'aka Ola', 'goes by Sasha', 'known as Bear', 'preferred name Kai', 'a.k.a. Jojo';
    never a pet's ('our dog, called Biscuit')."""
    for i in _before(at, len(tokens) - 1):
        low = tokens[i].low
        j = i + 1
        if low == "k":
            if i == 0 or not _dotted_aka(tokens, i - 1):
                continue
            j = i + 2
        elif low in _GIVER_BEFORE and (i == 0 or tokens[i - 1].low not in _GIVER_BEFORE[low]):
            continue
        if j < len(tokens) and tokens[j].low in {"is", "of"}:
            j += 1  # "her chosen name is Kai"
        if names._after_pet(tokens, i):
            continue
        yield from _person(tokens, j, "named", strong=True)


def _dotted_aka(tokens: list[Token], i: int) -> bool:
    """'a.k.a. Jojo': three letters joined by full stops."""
    return (
        i + 3 < len(tokens)
        and tokens[i].low == "a"
        and tokens[i + 1].low == "k"
        and tokens[i + 2].low == "a"
        and tokens[i + 1].gap == "."
        and tokens[i + 2].gap == "."
    )


def speakers(tokens: list[Token], at: list[int]) -> Iterator[Span]:
    """'LUKASZ said' in prose, 'adaeze reports', 'tomasz said' in a lower-case note: the word
    right before a verb only people take, when no dictionary holds it."""
    for k in at:
        if k == 0 or tokens[k].gap != " ":
            continue
        tok = tokens[k - 1]
        if tok.possessive or not tok.word.isalpha() or tok.low in _not_names():
            continue
        if tok.case != "upper" and tok.word.isupper() and len(tok.word) >= 3:
            ok = tok.low in first_names() or _shouted_name(tok.low)
        elif tok.case == "lower" and tok.word.islower():
            ok = _lower_name(tok) and tok.low not in first_names() | surnames()
        else:
            continue  # Title Case is subjects.actors' work; an ALL CAPS note proves nothing
        if ok:
            i = k - 1
            if i > 0 and tokens[i].gap == " " and tokens[i - 1].case == tok.case:
                before = tokens[i - 1]
                if (
                    before.word.isalpha()
                    and _lower_name(before)
                    and before.word.isupper() == (tok.word.isupper())
                ):
                    i -= 1  # "dariusz kowalczyk said"
            yield names._span(tokens, i, k, "speaker", PRIORITY_CONTEXT)


def _shouted_name(low: str) -> bool:
    """An ALL CAPS word in mixed prose that is a name, not an acronym: no dictionary, list of
    abbreviations or clinical term holds it, and it has a name's shape and vowels."""
    return (
        len(low) >= 4 and low not in english_words() and names.plausible_name(low)
        and sum(c in _VOWELS for c in low) >= 2
    )  # fmt: skip


def kin_possessives(tokens: list[Token], at: list[int]) -> Iterator[Span]:
    """ "tomasz's mom", "Adaeze's husband": a possessive name before a kinship word."""
    for k in at:
        if k == 0 or tokens[k].gap != " ":
            continue
        tok = tokens[k - 1]
        if not tok.possessive or not tok.word.isalpha() or tok.low in _not_names():
            continue
        mixed_ok = tok.case == "mixed" and tok.word.istitle() and _unknown(tok.low, False)
        if mixed_ok or (tok.case != "mixed" and _lower_name(tok)):
            yield names._span(tokens, k - 1, k, "possessive", PRIORITY_CONTEXT)


def possessives(tokens: list[Token], caps: list[int]) -> Iterator[Span]:
    """ "Tomasz's", "Oluwaseun's": a Title Case possessive that no dictionary or clinical list
    holds (eponyms, drugs and programmes are on the allow-lists: "Crohn's", "Medicaid's")."""
    for n in caps:
        tok = tokens[n]
        if not tok.possessive or not tok.word.istitle() or len(tok.word) < 3:
            continue
        low = tok.low
        if low in _not_names() or not tok.word.isalpha() or not _owned(tokens, n + 1):
            continue
        if low in first_names() or _unknown(low, False):
            yield names._span(tokens, n, n + 1, "possessive", PRIORITY_CONTEXT)


# What follows an eponym's possessive ("Kussmaul's respirations"), not a person's.
_EPONYM_NOUNS = frozenset({
    "disease", "syndrome", "sign", "signs", "respirations", "breathing", "triad", "law",
    "criteria", "score", "scale", "test", "reflex", "phenomenon", "palsy", "chorea",
    "dementia", "ulcer", "node", "nodes", "maneuver", "fracture", "equation", "formula",
    "solution", "classification", "pouch", "space", "line", "type", "procedure", "lymphoma",
    "sarcoma", "tumor", "tumour", "disorder", "encephalopathy", "psychosis", "level", "levels",
})  # fmt: skip


def _owned(tokens: list[Token], k: int) -> bool:
    """The word after a possessive is something a person has: an ordinary lower-case word
    that no eponym takes ("Tomasz's wife", never "Troponin's 2.01", "Kussmaul's respirations")."""
    if k >= len(tokens):
        return False
    nxt = tokens[k]
    return (
        nxt.gap == " " and nxt.word.islower() and nxt.low not in _EPONYM_NOUNS
        and nxt.low not in allowed_terms()
    )  # fmt: skip


def in_laws(tokens: list[Token], at: list[int]) -> Iterator[Span]:
    """'her mother-in-law Carol', 'sister-in-law (Dee)': the name after an in-law."""
    for k in _before(at, len(tokens) - 1):
        joined = k >= 2 and tokens[k - 1].low == "in" and tokens[k].gap == tokens[k - 1].gap == "-"
        if joined and tokens[k - 2].low in names.RELATIONS:
            yield from _person(tokens, k + 1, "relation")


_PO_BEFORE = {"her", "his", "their", "my", "w", "called", "told", "met", "from"}


def probation_officers(tokens: list[Token], at: list[int]) -> Iterator[Span]:
    """'to PO Ramirez', 'her po ms. dunn' (the title cue takes that one): a probation
    officer's name; 'po' alone is 'by mouth', so a person's word or capitals must mark it."""
    for k in _before(at, len(tokens) - 1):
        if k > 0 and tokens[k - 1].low in _PO_BEFORE:  # "PO VASOTEC" is by mouth
            yield from _person(tokens, k + 1, "relation")


def families(tokens: list[Token], at: list[int]) -> Iterator[Span]:
    """'the Whitakers', 'at the Thibodeauxs', 'the Asante-Mensahs': a family by the plural of
    its surname (a Census surname, or in prose a capitalised word no dictionary holds)."""
    for k in _before(at, len(tokens) - 1):
        j = k + 1
        tok = tokens[j]
        if tok.gap != " " or not tok.word.isalpha():
            continue
        end = j + 1
        while end < len(tokens) and end - j < 3 and tokens[end].gap == "-":
            end += 1  # "Asante-Mensahs"
        last = tokens[end - 1]
        if not last.low.endswith("s") or len(last.low) < 4 or last.low in _not_names():
            continue
        if tok.case == "mixed" and not all(t.word.istitle() for t in tokens[j:end]):
            continue
        if _surname_plural(last.low, tok.word.istitle() or end > j + 1):
            yield names._span(tokens, j, end, "family", PRIORITY_CONTEXT)


def _surname_plural(low: str, capitalised: bool) -> bool:
    """'whitakers', 'joneses', 'thibodeauxs': a surname's plural, not an ordinary word's."""
    words = english_words()
    if low in words:
        return False
    for stem in (low[:-1], low[:-2] if low.endswith("es") else ""):
        if stem and stem not in words and stem in _census_surnames():
            return True
    stem = low[:-1]
    return capitalised and stem not in words and names.plausible_name(stem)


def two_letter_initials(tokens: list[Token], caps: list[int]) -> Iterator[Span]:
    """'client SR', 'pt AO denies SI', 'Progress note - MJ': two or three capitals in prose
    that are no abbreviation (abbreviations.txt) nor a state, after a cue or before a verb
    only people take."""
    for n in caps:
        tok = tokens[n]
        word = tok.word
        if not (2 <= len(word) <= 3 and word.isupper() and word.isalpha()) or tok.case == "upper":
            continue
        low = tok.low
        if low in abbreviations() or low in allowed_terms() or low in _STATE_CODES:
            continue
        before = tokens[n - 1] if n > 0 else None
        after = tokens[n + 1] if n + 1 < len(tokens) else None
        if after is not None and after.gap.strip()[:1].isdigit():
            continue  # "PAP 58/27": a measure and its value
        cue = before.low if before is not None and "\n" not in tok.gap else ""
        # "pt SBP": three capitals only after "client" or "patient"
        cued = cue in PAIR_CUES and not (len(word) == 3 and cue in {"pt", "note"})
        verb = after.low if after is not None and after.gap == " " else ""
        closed = after is None or after.gap.strip()[:1] in {",", ".", ";", ")", ":"}
        if (cued and (verb in names.HUMAN_VERBS or closed)) or verb in SPEECH_VERBS:
            yield names._span(tokens, n, n + 1, "initials", PRIORITY_CONTEXT)


def lone_initials(tokens: list[Token], caps: list[int]) -> Iterator[Span]:
    """'session w/ B. today', 'K. (sister) joined', 'B. said': a capital and its full stop
    standing for a person, after a cue word, before a kinship word or a verb people take."""
    for n in caps:
        tok = tokens[n]
        if not tok.initial or not tok.word.isupper() or n + 1 >= len(tokens):
            continue
        nxt = tokens[n + 1]
        if not nxt.gap.startswith(".") or nxt.low in names._ORGANISMS:
            continue
        if n + 2 < len(tokens) and tokens[n + 2].gap.startswith("."):
            continue  # "K.B." and "T.W.": subjects.initials reads those
        before = tokens[n - 1] if n > 0 else None
        cued = before is not None and before.low in INITIAL_CUES and tok.gap.strip() in {"", "/"}
        kin = nxt.low in names.RELATIONS and "(" in nxt.gap
        spoken = nxt.low in SPEECH_VERBS and nxt.gap == ". "
        if (cued or kin or spoken) and tok.low not in {"a", "i"}:
            yield names._span(tokens, n, n + 1, "initials", PRIORITY_CONTEXT)


_CLIENT_WORDS = frozenset({"client", "clt", "pt", "patient"})


def clients(tokens: list[Token], at: list[int]) -> Iterator[Span]:
    """'client Juniper ("June")', 'pt Oksana': a word after 'client' that a lower-case note
    writes with a capital, or that no dictionary holds."""
    for k in _before(at, len(tokens) - 1):
        tok = tokens[k + 1]
        if tok.gap != " " or tokens[k].possessive or tok.low in _not_names():
            continue
        marked = tok.case == "lower" and tok.word.istitle() and len(tok.word) >= 3
        if marked or (tok.word.istitle() and _unknown(tok.low, False)):
            yield from _person(tokens, k + 1, "client")


def told(tokens: list[Token], at: list[int]) -> Iterator[Span]:
    """'will tell tânia about the sponsor', 'texted darek': in a lower-case note, a word no
    dictionary holds right after a verb of telling or calling."""
    for k in _before(at, len(tokens) - 1):
        tok = tokens[k + 1]
        lower = tok.case == "lower" and tok.word.islower() and tok.gap == " "
        listed = tok.low in first_names() or tok.low in surnames()  # the lists' work
        if lower and not listed and _lower_name(tok):
            yield from _person(tokens, k + 1, "called")


Cue = Callable[[list[Token], list[int]], Iterator[Span]]
_CUES: tuple[tuple[str, Cue], ...] = (
    ("session", sessions), ("giver", given_names), ("speech", speakers),
    ("kin", kin_possessives), ("law", in_laws), ("po", probation_officers), ("the", families),
    ("client", clients), ("call", told),
)  # fmt: skip


@cache
def _routes() -> dict[str, tuple[str, ...]]:
    """Cue word -> the cues that start at it: one walk over a note's index serves them all."""
    groups = {
        "session": SESSION_WORDS, "giver": NAME_GIVERS | {"k"}, "speech": SPEECH_VERBS,
        "kin": frozenset(names.RELATIONS), "law": {_IN_LAW}, "po": {_PO}, "the": {_THE},
        "client": _CLIENT_WORDS, "call": frozenset(names._CALL_VERBS),
    }  # fmt: skip
    out: dict[str, tuple[str, ...]] = {}
    for key, words in groups.items():
        for word in words:
            out[word] = (*out.get(word, ()), key)
    return out


def _routed(index: names.Index) -> dict[str, list[int]]:
    """Each cue's positions in the note, from one walk over the words its index holds."""
    routes = _routes()
    at: dict[str, list[int]] = {}
    for word, where in index.items():
        for key in routes.get(word, ()):
            at.setdefault(key, []).extend(where)
    return at


def _before(at: list[int], limit: int) -> list[int]:
    """The positions below `limit` (a cue that reads words after it needs them there)."""
    return [n for n in at if n < limit]


def _sorted_capitals(tokens: list[Token], caps: list[int]) -> tuple[list[int], ...]:
    """One pass over the capitals: possessives, two or three capitals, lone initials."""
    owned: list[int] = []
    short: list[int] = []
    lone: list[int] = []
    for n in caps:
        tok = tokens[n]
        size = len(tok.word)
        if tok.initial:
            lone.append(n)
        elif size <= 3:
            short.append(n)
        if tok.possessive:
            owned.append(n)
    return owned, short, lone


def find(
    tokens: list[Token], index: names.Index, caps: list[int], remembered: dict[str, str]
) -> list[Span]:
    """Every person this module's cues name (`index`: names._index of the tokens; `caps`:
    names.capitals). A word the packet `remembered` (a known person's declared nickname:
    "known as Seun") is left to keep its person."""
    at = _routed(index)
    out: list[Span] = []
    for key, cue in _CUES:
        if key in at:
            out.extend(cue(tokens, at[key]))
    if caps:
        owned, short, lone = _sorted_capitals(tokens, caps)
        out.extend(possessives(tokens, owned))
        out.extend(two_letter_initials(tokens, short))
        out.extend(lone_initials(tokens, lone))
    if remembered and out:
        word = {t.start: t.low for t in tokens}
        out = [s for s in out if word.get(s.start) not in remembered]
    return out
