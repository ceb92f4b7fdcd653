"""People named by what prose says about them, not by a list: the doer of a human verb
("Grace said", "Zuzia wants"), the members of a roster or a list that holds a name
("Present: Hope, Will, Marisol"), and a nickname given in quotes after a name
('Oluwaseun ("Seun")', 'Beatrix "Bea" Lindqvist').

Therapy notes name their clients and families by first names, many of them ordinary words
(Hope, Grace, Will, Joy) or names no list holds (Zuzia, Seun). Only mixed-case prose gives this
evidence: a capital means nothing in an ALL CAPS or lower-case note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from confide.deid.known import one_edit
from confide.deid.lexicon import ambiguous, clinical_terms, common_words, english_words, first_names
from confide.deid.names import CREDENTIALS, HUMAN_VERBS, RELATIONS, TITLES, plausible_name
from confide.deid.spans import PRIORITY_CONTEXT, Span
from confide.deid.tokens import Token

# Adverbs that may stand between a name and its verb ("Hope both reported").
_BETWEEN = {"both", "also", "then", "never", "always", "still", "later", "again", "often"}
_NOT_SUBJECTS = {
    "she", "he", "they", "we", "i", "you", "it", "client", "patient", "pt", "therapist",
    "writer", "everyone", "someone", "nobody", "group", "family", "staff", "team", "police",
    "court", "school", "mother", "father", "mom", "dad", "sister", "brother", "wife",
    "husband", "partner", "son", "daughter", "who", "which", "that", "this", "then",
    "today", "later", "also", "both", "each", "neither", "either", "one",
    # hospital services and staff a note says "called" or "came" of ("Neuro called")
    "neuro", "ortho", "derm", "cards", "heme", "onc", "pulm", "surg", "psych", "renal", "gi",
    "ent", "uro", "gyn", "obgyn", "nephro", "endo", "rheum", "vasc", "micu", "sicu", "ccu",
    "icu", "er", "ed", "ot", "rt", "sw", "cm", "nsg", "rn", "md", "np", "pa", "ho", "ems",
    "anesthesia", "transport", "security", "admitting", "pharmacy", "nutrition", "radiology",
    "lab", "ir", "ep", "cath", "echo", "ct", "mri", "dialysis", "hospice", "rehab", "hem",
    "id", "tsicu", "csru", "nicu", "picu", "cvicu", "pacu", "or", "resp", "medicine", "med",
}  # fmt: skip
# Roster labels: what follows is a list of people ("Present: Hope, Will, Marisol.").
ROSTER_LABELS = {
    "present", "absent", "attendees", "attending", "attended", "participants", "members",
    "excused", "invited", "cc", "attendance", "in attendance",
}  # fmt: skip


def _title(tok: Token) -> bool:
    """Written with a capital in prose (a "lower" note is prose with few capitals: they still
    mark names there; an ALL CAPS note's capitals mark nothing)."""
    word = tok.word
    return tok.case != "upper" and word[:1].isupper() and (len(word) == 1 or not word.isupper())


@cache
def _not_names() -> frozenset[str]:
    return frozenset(common_words() | _never())


@cache
def _never() -> frozenset[str]:
    """Words never a given name here, even when a name list holds them ("May", "Mom")."""
    return frozenset(
        TITLES | CREDENTIALS | RELATIONS | _NOT_SUBJECTS | clinical_terms()
        | {"january", "february", "march", "april", "june", "july", "august", "september",
           "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
           "friday", "saturday", "sunday", "may"}
    )  # fmt: skip


def name_like(tok: Token) -> bool:
    """A Title Case word that may be a given name: a listed or ordinary-word name ("Grace"),
    or a word no dictionary holds that reads as a name ("Zuzia", "Seun")."""
    low = tok.low
    if not _title(tok) or not tok.word.replace("-", "").isalpha() or low in _never():
        return False
    if low in first_names() or low in ambiguous():
        return True
    if low in _not_names() or low in english_words() or not plausible_name(low):
        return False
    return not _misspelt_relation(low)  # "Neice called"


def _misspelt_relation(low: str) -> bool:
    """Within one letter of a relationship word: "neice", "daugther", "freind"."""
    return low in _relation_typos()


@cache
def _relation_typos() -> frozenset[str]:
    return frozenset(v for word in RELATIONS if len(word) >= 4 for v in one_edit(word))


def actors(tokens: list[Token], caps: list[int]) -> Iterator[Span]:
    """'Grace said', 'and Zuzia wants', 'Bea cried': a name-like word right before a verb
    only people take; a Title Case word before it joins ('Joy Tanaka said')."""
    last = len(tokens) - 1
    for j in caps:
        n = j + 1  # the verb, right after the name or after an adverb
        if tokens[n].low in _BETWEEN and n < last and tokens[n].gap == " ":
            n += 1
        verb = tokens[n]
        if verb.gap != " " or (verb.low not in HUMAN_VERBS and not _modal_verb(tokens, n)):
            continue
        tok = tokens[j]
        if tok.possessive or not name_like(tok):
            continue
        i = j
        if i > 0 and tokens[i].gap == " " and name_like(tokens[i - 1]):
            i -= 1
        yield _span(tokens, i, j + 1, "actor")


# "Seun could reflect", "Łukasz will walk her": a modal and a verb in its base form.
_MODALS = {"will", "would", "could", "can", "should", "might", "must", "wants", "plans"}
_NOT_BASE = {"be", "not", "have", "also", "still", "now", "then", "to", "the", "a", "an", "do"}


def _modal_verb(tokens: list[Token], n: int) -> bool:
    if tokens[n].low not in _MODALS or n + 1 >= len(tokens):
        return False
    base = tokens[n + 1]
    return (
        base.gap == " " and base.word.islower() and base.word.isalpha()
        and base.low not in _NOT_BASE and base.low in english_words()
    )  # fmt: skip


def rosters(tokens: list[Token], found: list[Span], caps: list[int]) -> Iterator[Span]:
    """Every member of a comma list ('Hope, Will, Marisol, Dev and Aaliyah') that follows a
    roster label ('Present:') or holds a name already found: each Title Case name-like word."""
    # a list spreads only from a name a cue found, not from a list guess ("Lasix, Lopressor")
    starts = {s.start for s in found if s.kind == "person" and s.priority >= PRIORITY_CONTEXT}
    after = 0
    for n in caps:
        if n < after:
            continue  # inside a list already read
        label = n > 0 and tokens[n - 1].low in ROSTER_LABELS and ":" in tokens[n].gap
        if not label and (n + 1 >= len(tokens) or tokens[n + 1].gap.strip() not in {",", ""}):
            continue  # no comma or 'and' after it: no list starts here
        group = _list_at(tokens, n, loose=label)
        if not group:
            continue
        if label or (len(group) >= 2 and any(tokens[k].start in starts for k in group)):
            for k in group:
                yield _span(tokens, k, k + 1, "roster")
        after = group[-1] + 1


def _member(tok: Token, loose: bool) -> bool:
    """A list member: name-like; after a roster label any capitalised word but a common or
    a longer ordinary one ("Dev")."""
    if name_like(tok):
        return True
    low = tok.low
    ordinary = len(low) > 3 and low in english_words()  # "Present: Mood, Affect" is an exam
    return loose and _title(tok) and low.isalpha() and low not in _not_names() and not ordinary


def _list_at(tokens: list[Token], n: int, loose: bool = False) -> list[int]:
    """Indexes of a run of name-like words joined by commas (and a final 'and'/'&')."""
    if not _member(tokens[n], loose):
        return []
    group = [n]
    k = n + 1
    while k < len(tokens):
        gap = tokens[k].gap
        if gap.strip() == "," and _member(tokens[k], loose):
            group.append(k)
            k += 1
        elif gap == " " and tokens[k].low in {"and", "&"} and k + 1 < len(tokens):
            if _member(tokens[k + 1], loose) and tokens[k + 1].gap == " " and len(group) >= 2:
                group.append(k + 1)
            break
        else:
            break
    return group


_OPEN_QUOTE = re.compile(r"^[ \t]+(?:\([ \t]*)?[\"“'‘]$")
_CLOSE_QUOTE = re.compile(r"^[\"”'’]")


def quoted_nicknames(tokens: list[Token], caps: list[int]) -> Iterator[Span]:
    """'Oluwaseun ("Seun")', 'Beatrix "Bea" Lindqvist': a Title Case name and the nickname
    quoted right after it are both a person's (ALL CAPS acronyms in quotes are not)."""
    for n in caps:
        if n == 0 or n + 1 >= len(tokens):
            continue
        nick, after = tokens[n], tokens[n + 1]
        if not _OPEN_QUOTE.match(nick.gap) or not _CLOSE_QUOTE.match(after.gap):
            continue
        name = tokens[n - 1]
        if not (name_like(nick) and name_like(name)) or name.possessive:
            continue
        key = "name:" + name.low
        yield Span(name.start, name.end, "person", "nickname", PRIORITY_CONTEXT, key)
        yield Span(nick.start, nick.end, "person", "nickname", PRIORITY_CONTEXT, key)
        last = tokens[n + 1]  # 'Beatrix "Bea" Lindqvist': the surname after the quotation
        if re.fullmatch(r"[\"”'’][ \t]+", last.gap) and _surname_like(last):
            yield Span(last.start, last.end, "person", "nickname", PRIORITY_CONTEXT, key)


def _surname_like(tok: Token) -> bool:
    low = tok.low
    return (
        _title(tok) and low not in english_words() and low not in _never()
        and plausible_name(low, plural_ok=True)
    )  # fmt: skip


# What a person has that a drug, a disease or a service does not.
_BELONGINGS = RELATIONS | {
    "role", "permission", "request", "consent", "therapy", "session", "sessions", "birthday",
    "funeral", "wedding", "death", "diagnosis", "parents", "family", "kids", "husband",
    "house", "apartment", "room", "car", "phone", "job", "school", "class", "teacher",
    "mood", "drinking", "behaviour", "behavior", "feelings", "words", "voice", "side",
    "view", "account", "wish", "wishes", "idea", "plan", "safety", "care", "custody",
}  # fmt: skip


def possessors(tokens: list[Token], caps: list[int]) -> Iterator[Span]:
    """ "Grace's sister", "Agnieszka's role", "at Yousef's request": a name-like word whose
    possessive holds a person's belonging (a relative, a request, a birthday)."""
    for n in caps:
        tok = tokens[n]
        if n + 1 >= len(tokens) or not tok.possessive:
            continue
        if tokens[n + 1].low in _BELONGINGS and name_like(tok):
            yield _span(tokens, n, n + 1, "possessor")


# Dotted capitals that are abbreviations, not a person's initials.
_DOTTED = {
    "us", "uk", "dc", "am", "pm", "nb", "ie", "eg", "po", "bs", "ba", "ma", "ms", "md", "rn",
    "do", "pa", "np", "la", "ny", "sf", "ot", "pt", "aa", "na", "dv", "er", "iv", "qd", "hs",
    "ac", "pc", "od", "os", "ou", "un", "eu", "iq", "cv", "tv", "jd", "bid", "tid", "qid",
    "prn", "sob", "dob", "mrn", "usa", "rip", "aka", "phd", "ad", "bc", "ce", "vs", "st",
    "jr", "sr", "ok", "uti", "cbt", "dbt", "co", "ci", "ho", "yo", "to", "gu", "gi", "hl",
    "ng", "og", "lr", "ns", "ed", "or", "ct", "ekg", "cxr", "abg", "bp", "hr", "rr",
}  # fmt: skip
_INITIALS_BEFORE = {"with", "client", "patient", "for", "met", "saw", "see", "seeing"}


def initials(tokens: list[Token], caps: list[int]) -> Iterator[Span]:
    """'Client: "K.B.", 34', 'with K.B. Good use of': two or three capitals, each with its
    full stop, in prose (not an ALL CAPS note), that are no common abbreviation."""
    after = 0
    for n in caps:
        first = tokens[n]
        if n < after or n + 1 >= len(tokens) or not first.initial:
            continue
        k = n + 1
        while k < len(tokens) and k - n < 3 and tokens[k].initial and tokens[k].gap == ".":
            if not tokens[k].word.isupper():
                break
            k += 1
        letters = "".join(t.low for t in tokens[n:k])
        closed = k == len(tokens) or tokens[k].gap.startswith(".")
        if k - n >= 2 and closed and letters not in _DOTTED and _initials_cued(tokens, n, k):
            yield _span(tokens, n, k, "initials")
        after = k


def _initials_cued(tokens: list[Token], n: int, k: int) -> bool:
    """Initials stand for a person when quoted, after 'with' or 'client', or before a
    human verb ('K.B. agreed'); clinical shorthand ('C.O. 6.1') has none of these."""
    quoted = tokens[n].gap[-1:] in {'"', "“"}
    before = n > 0 and tokens[n - 1].low in _INITIALS_BEFORE and tokens[n].gap.strip() in {"", ":"}
    verb = k < len(tokens) and tokens[k].low in HUMAN_VERBS and tokens[k].gap == ". "
    return quoted or before or verb


_QUOTES = frozenset("\"“'‘")
_AND = frozenset({"and", "&"})


def _candidates(
    tokens: list[Token], caps: list[int]
) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
    """One pass over the capitalised words, sorting out where each cue may apply (its own
    checks follow): before a human verb, a quoted nickname, a possessive, an initial, a
    list or roster member. Most capitals are none of these and cost one look."""
    act: list[int] = []
    nick: list[int] = []
    poss: list[int] = []
    init: list[int] = []
    listed: list[int] = []
    last = len(tokens) - 1
    verbs, between = HUMAN_VERBS, _BETWEEN
    for n in caps:
        tok = tokens[n]
        if tok.initial:
            init.append(n)
            continue
        if n > 0 and tok.gap[-1:] in _QUOTES:
            nick.append(n)
        if n > 0 and tokens[n - 1].low in ROSTER_LABELS:
            listed.append(n)
        if n >= last:
            continue
        nxt = tokens[n + 1]
        if tok.possessive:
            poss.append(n)
        elif nxt.low in verbs or nxt.low in between or nxt.low in _MODALS:
            act.append(n)
        joined = nxt.low in _AND or nxt.gap.strip() == ","
        if joined and (not listed or listed[-1] != n):
            listed.append(n)
    return act, nick, poss, init, listed


def find(
    tokens: list[Token], found: list[Span], remembered: dict[str, str], caps: list[int]
) -> list[Span]:
    """Every person this module's cues name, given the names already `found`; a word the
    packet `remembered` (a known person's declared nickname) is left to keep its person.
    `caps`: where the capitalised words are (`names.capitals`)."""
    act, nick, poss, init, listed = _candidates(tokens, caps)
    out = [
        *actors(tokens, act), *quoted_nicknames(tokens, nick), *possessors(tokens, poss),
        *initials(tokens, init),
    ]  # fmt: skip
    if listed:
        out.extend(rosters(tokens, [*found, *out], listed))
    if remembered:
        word = {t.start: t.low for t in tokens}
        out = [s for s in out if word.get(s.start) not in remembered]
    return out


def _span(tokens: list[Token], i: int, j: int, source: str) -> Span:
    key = "name:" + " ".join(t.low for t in tokens[i:j])
    return Span(tokens[i].start, tokens[j - 1].end, "person", source, PRIORITY_CONTEXT, key)
