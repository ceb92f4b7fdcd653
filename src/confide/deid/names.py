"""People the records do not know: names found by context cues and by common-name lists.

Cues, strongest first: a title before ("Dr. Hulse", "MRS LEY"), a credential after
("Joyce Jacobson, RN"), a relationship word before ("her husband Tom", "son bill"), a listed
given name or surname. A name found once is then found everywhere in the same text, in any
case, which is what lets "MR MASCI" teach the engine about a later bare "masci".
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator, Set
from dataclasses import dataclass
from functools import cache

from confide.deid.lexicon import (
    ambiguous,
    clinical_terms,
    common_words,
    english_words,
    first_names,
    name_syllables,
    surnames,
)
from confide.deid.spans import PRIORITY_CONTEXT, PRIORITY_GUESS, Span
from confide.deid.tokens import Token, token_starting

TITLES = {
    "dr", "drs", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "nurse", "ho", "doctor",
    "np", "md", "rev",
}  # fmt: skip
CREDENTIALS = {
    "rn", "md", "np", "rrt", "lpn", "lcsw", "licsw", "lmft", "lpc", "phd", "psyd", "msw", "cna",
    "bsn", "msn", "crnp", "pharmd", "lcpc", "lmhc", "lsw", "slp", "crt",
}  # fmt: skip

# Verbs only a person is the subject of, in their inflected forms (a base form follows a
# modal: "Will attend" is not Will). Verbs a drug or a plan can take ("works", "helped",
# "seemed", "started") are left out: "Zoloft helped" names no one.
HUMAN_VERBS = {
    "said", "says", "reported", "reports", "stated", "shared", "shares", "spoke", "speaks",
    "talked", "talks", "agreed", "agrees", "asked", "asks", "cried", "cries", "laughed",
    "listened", "felt", "feels", "noticed", "notices", "wants", "wanted", "admitted",
    "admits", "denied", "denies", "described", "describes", "explained", "explains",
    "practised", "practiced", "practises", "practices", "attended", "attends", "missed",
    "arrived", "protests", "protested", "worried", "worries", "hopes", "hoped", "thinks",
    "thought", "believes", "believed", "complained", "complains", "disclosed", "discloses",
    "endorsed", "endorses", "acknowledged", "apologized", "apologised", "texted", "phoned",
    "emailed", "decided", "decides", "refused", "refuses", "declined", "insisted", "insists",
    "recalled", "recalls", "remembered", "remembers", "told", "tells", "wrote", "writes",
    "visited", "visits", "brought", "cancelled", "canceled", "smiled", "nodded", "sighed",
    "shrugged", "joined", "lives", "lived", "moved", "lost", "sobbed", "yelled", "screamed",
    "whispered", "replied", "responded", "answered", "confided", "revealed", "expressed",
    "voiced", "wondered", "wishes", "wished", "prefers", "preferred", "loves", "hates",
    "blames", "blamed", "forgave", "married", "divorced", "dated", "kissed", "hugged",
    "interrupted", "argued", "fought", "drank", "slept", "skipped", "relapsed", "quit",
    "graduated", "enrolled", "volunteered", "babysits", "drove", "walked", "ran", "came",
    "left", "went", "returned", "stayed", "sat", "stood", "met", "called", "calls", "found",
}  # fmt: skip
# Not credentials here: PT (patient), PA (pulmonary artery), DO, OT read as words in notes.
RELATIONS = {
    "son", "sons", "daughter", "daughters", "dtr", "dau", "husband", "wife", "sister", "sisters",
    "brother", "brothers", "mother", "father", "mom", "dad", "mum", "nephew", "niece",
    "grandson", "granddaughter", "grandaughter", "grandmother", "grandfather", "grandma",
    "grandpa", "aunt", "uncle", "cousin", "friend", "caregiver", "proxy", "hcp", "spouse",
    "partner", "boyfriend", "girlfriend", "fiance", "fiancee", "fiancé", "neighbor", "neighbour",
    "roommate", "stepson", "stepdaughter", "stepmother", "stepfather", "stepdad", "stepmom",
    "caseworker", "guardian", "named", "exwife", "exhusband", "sibling", "child", "kids",
    "children", "teacher", "coach", "boss", "coworker", "colleague", "pastor", "sponsor",
    "counselor", "therapist", "psychiatrist", "pcp", "name", "gf", "bff",
    "fiancée", "stepsister", "stepbrother", "half-sister", "half-brother",
    # how clinicians write kin and the people around a client ("bf Marco", "her ex Brandon")
    "bf", "hubby", "ex", "sis", "bro", "twin", "nana", "granny", "gran", "gma", "gpa",
    "grandmom", "granddad", "grandad", "godmother", "godfather", "auntie", "aunty", "bestie",
    "supervisor", "manager", "attorney", "lawyer", "atty", "interpreter", "tutor", "officer",
    "detective", "judge", "principal", "advocate", "mentor", "landlord", "nanny", "babysitter",
    "doula", "midwife", "pediatrician", "psychologist", "worker", "parents", "parent",
    "grandparents", "siblings",
}  # fmt: skip
# "a dog named Biscuit": pets' names are not identifiers.
PETS = {
    "dog", "dogs", "cat", "cats", "puppy", "kitten", "pet", "pets", "bird", "parrot", "hamster",
    "horse", "pony", "rabbit", "bunny", "fish", "turtle", "lizard", "snake", "ferret", "guinea",
}  # fmt: skip
_TITLE_CUES = frozenset(TITLES | {"per"})
# Credentials that are also everyday words or abbreviations need capitals in mixed-case text.
_BRIDGE = {"is", "named", "-"}
# Titles that are also clinical abbreviations (MS: mental status, HO: history of) need a
# listed name after them, or a reporting verb after the name ("HO Schwarz aware").
_WEAK_TITLES = {"ms", "ho", "nurse", "np", "md"}
_REPORT_VERBS = {
    "aware", "notified", "paged", "called", "informed", "updated", "made", "here", "in",
    "who", "regarding", "re", "ordered", "said", "states", "spoke",
}  # fmt: skip
_SPACE_ONLY = re.compile(r"^[ \t]*$")
_INITIAL_GAP = re.compile(r"^\.?[ \t]*$")
_CUE_GAP = re.compile(r"^[\s,:\-–—(]*$")
_STRUCTURED_GAP = re.compile(r"[:\-–—(]")


@dataclass(frozen=True, slots=True)
class NameOptions:
    """`clinicians`: treat titled and credentialed names (Dr. X, X RN) as identifiers."""

    clinicians: bool = True
    capitals: bool = True


Index = dict[str, list[int]]
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_IS = frozenset({"is", "was"})


def _index(tokens: list[Token]) -> Index:
    """Where each cue word occurs: the cue detectors visit only their cue words' places."""
    index: Index = {}
    cues = _cue_words()
    for n, low in [(n, t.low) for n, t in enumerate(tokens) if t.low in cues]:
        index.setdefault(low, []).append(n)
    return index


@cache
def _cue_words() -> frozenset[str]:
    """Every word a cue detector looks for (`_at` may only be asked for these)."""
    from confide.deid.namecues import CUE_WORDS  # it imports this module

    return frozenset(
        _TITLE_CUES | CREDENTIALS | RELATIONS | _MEETING_VERBS | _LETTERS | _PAIR_VERBS
        | _PER_VERBS | {"and", "&"} | _PAREN_ROLES | _CALL_VERBS | _IS | _LABELS | CUE_WORDS
    )  # fmt: skip


@cache
def _listed_words() -> frozenset[str]:
    return first_names() | surnames()


def _at(
    tokens: list[Token], words: Set[str], index: Index | None = None, tail: int = 0
) -> list[int]:
    """The positions of `words` in `tokens`, in order, leaving `tail` tokens after each."""
    where = _index(tokens) if index is None else index
    limit = len(tokens) - tail
    if len(where) < len(words):  # a note holds few of the cue words: walk those
        found = [n for w, at in where.items() if w in words for n in at if n < limit]
    else:
        found = [n for w in words if w in where for n in where[w] if n < limit]
    found.sort()
    return found


def _common(low: str) -> bool:
    return low in common_words()


def _listed(low: str) -> bool:
    return low in first_names() or low in surnames()


def _wordish(tok: Token) -> bool:
    return tok.word.isalpha() or "'" in tok.word or "-" in tok.word


def _extends(prev: Token, tok: Token, loose: bool = False) -> bool:
    """Whether `tok` continues the name that `prev` ends ("Joyce" -> "Jacobson")."""
    if tok.gap == "-" and not tok.initial:
        return True  # a double-barrelled name: "Forman-Lyons"
    if not _SPACE_ONLY.match(tok.gap) and not (prev.initial and _INITIAL_GAP.match(tok.gap)):
        return False
    if tok.initial:
        return tok.word.isupper()
    if _common(tok.low) or not _wordish(tok) or tok.low in CREDENTIALS:
        return False  # "anita chowdhury lcsw": the credential is no part of the name
    if tok.case == "mixed":
        return tok.word[0].isupper()
    if _listed(tok.low) or tok.low in ambiguous() or prev.initial:
        return True
    # "bf marco drove her": in a lower-case note an everyday word after a name is no surname
    return (
        loose
        and plausible_name(tok.low)
        and not (tok.case == "lower" and tok.low in english_words())
    )


def _run(tokens: list[Token], i: int, limit: int = 3, loose: bool = False) -> int:
    """Index just past the name starting at token i (which is already accepted); `loose`
    after a title, where 'MR. EDWIN PRZYBYLO' may take an unlisted surname in capitals."""
    j = i + 1
    while (
        j < len(tokens)
        and j - i < limit
        and not tokens[j - 1].possessive  # "Sarah's mood": the name ends at the 's
        and _extends(tokens[j - 1], tokens[j], loose)
    ):
        j += 1
    return j


def _span(tokens: list[Token], i: int, j: int, source: str, priority: int) -> Span:
    key = "name:" + " ".join(t.low for t in tokens[i:j] if not t.initial)
    return Span(tokens[i].start, tokens[j - 1].end, "person", source, priority, key)


def _title_names(tokens: list[Token], index: Index | None = None) -> Iterator[Span]:
    for i in _at(tokens, _TITLE_CUES, index, tail=1):
        tok = tokens[i]
        initial_next = tokens[i + 1].initial and tokens[i + 1].word.isupper()
        if (
            tok.low == "per"
            and initial_next
            and tokens[i + 2 : i + 3]
            and (tokens[i + 2].gap.startswith("."))
        ):
            j = _run(tokens, i + 1)  # "AS PER E. WELSH"
            if j > i + 2:
                yield _span(tokens, i + 1, j, "title", PRIORITY_CONTEXT)
            continue
        if tok.low not in TITLES or (tok.possessive and tok.low != "drs"):
            continue  # "MD'S PREFER": the doctors' wish, not a name
        if tok.case == "mixed" and tok.low in {"ho", "nurse"} and tok.word.islower():
            continue
        nxt = tokens[i + 1]
        if not _INITIAL_GAP.match(nxt.gap) or not _wordish(nxt):
            continue
        if _irish(tokens, i + 1) and tok.low not in _WEAK_TITLES:
            yield _span(tokens, i + 1, i + 3, "title", PRIORITY_CONTEXT)  # "Dr. o rourke"
            continue
        if _common(nxt.low) and not (nxt.low in ambiguous() and nxt.word[:1].isupper()):
            continue
        if tok.low in {"md", "np"} and nxt.gap != " ":
            continue
        if tok.low in _WEAK_TITLES and not _weak_title_ok(tokens, i + 1):
            continue
        lower_name = nxt.case == "mixed" and not nxt.word[0].isupper() and not _listed(nxt.low)
        if lower_name and (tok.low in _WEAK_TITLES or not plausible_name(nxt.low)):
            continue  # "dr. lindquist" yes, "ms. unchanged" no
        j = _run(tokens, i + 1, loose=True)
        if nxt.initial and j == i + 2 and not nxt.word.isupper() and not _dotted_initial(tokens, i):
            continue
        yield _span(tokens, i + 1, j, "title", PRIORITY_CONTEXT)
        yield from _and_more(tokens, j)


_INITIAL_TITLES = {"dr", "mr", "mrs", "mx", "prof", "doctor"}


def _dotted_initial(tokens: list[Token], i: int) -> bool:
    """'per dr. s.', 'spoke w/ dr. r. re meds': a hurried note's clinician by an initial alone,
    a letter with its full stop right after a title that is no clinical abbreviation."""
    if tokens[i].low not in _INITIAL_TITLES or tokens[i + 1].low in {"a", "i"}:
        return False
    after = tokens[i + 2] if i + 2 < len(tokens) else None
    return after is None or after.gap.startswith(".")


def _irish(tokens: list[Token], j: int) -> bool:
    """'o rourke', 'D Angelo': an O' or D' surname written without its apostrophe."""
    if tokens[j].low not in {"o", "d"} or j + 1 >= len(tokens):
        return False
    after = tokens[j + 1]
    return after.gap in {" ", "'"} and plausible_name(after.low) and not _common(after.low)


def _and_more(tokens: list[Token], j: int) -> Iterator[Span]:
    """'Drs Ballou and Dutter', 'Dr. Griffin and Swackhamer aware': the second name too."""
    if j + 1 >= len(tokens) or tokens[j].low not in {"and", "&"}:
        return
    tok = tokens[j + 1]
    if tok.low in TITLES or _common(tok.low) or not _wordish(tok) or "\n" in tok.gap:
        return
    if tok.case == "mixed" and not tok.word[0].isupper():
        return
    if tok.case != "mixed" and not (_listed(tok.low) or plausible_name(tok.low)):
        return
    yield _span(tokens, j + 1, _run(tokens, j + 1), "title", PRIORITY_CONTEXT)


_TITLE_SPELLINGS = {"Ms", "HO", "Nurse", "MD", "md", "NP", "np"}


def _weak_title_ok(tokens: list[Token], j: int) -> bool:
    nxt = tokens[j]
    if _listed(nxt.low) or nxt.low in ambiguous():
        return True
    title = tokens[j - 1]
    if nxt.case != "upper" and nxt.word.istitle() and title.word in _TITLE_SPELLINGS:
        return True
    after = tokens[j + 1] if j + 1 < len(tokens) else None
    return after is not None and after.low in _REPORT_VERBS and "\n" not in after.gap


def _credential_names(tokens: list[Token], index: Index | None = None) -> Iterator[Span]:
    for k in _at(tokens, CREDENTIALS, index):
        tok = tokens[k]
        if k == 0 or tok.low not in CREDENTIALS:
            continue
        if tok.case == "mixed" and not tok.word.isupper():
            continue
        if not re.match(r"^[ \t]*,?[ \t]*$", tok.gap):
            continue
        i = k - 1
        if _common(tokens[i].low) or not _wordish(tokens[i]):
            continue
        while (
            i > 0
            and k - i < 4
            and (
                _extends(tokens[i - 1], tokens[i], loose=True)
                or (tokens[i].gap == " " and plausible_name(tokens[i].low, plural_ok=True))
            )
            and _name_part(tokens[i - 1])
        ):
            i -= 1
        group = tokens[i:k]
        signature = _signature(tokens, i, k)
        if any(t.gap[-1:].isdigit() for t in group):
            continue  # "4L NP": a unit glued to a number, not a name
        if tok.case == "mixed" and not all(t.word[0].isupper() for t in group):
            continue
        if (
            tok.case != "mixed"
            and not signature
            and not any(_listed(t.low) for t in group)
            and not (tok.case == "lower" and all(_title_in_lower(t) for t in group))
            and not (len(group) >= 2 and _initialled(group[0], group[1]))
        ):
            continue
        yield _span(tokens, i, k, "credential", PRIORITY_CONTEXT)


def _initialled(initial: Token, surname: Token) -> bool:
    """'Q. LANDER RRT': a capital initial with its dot, then a word that reads as a surname."""
    return (
        initial.initial
        and initial.word.isupper()
        and surname.gap.startswith(".")
        and plausible_name(surname.low)
    )


def _name_part(tok: Token) -> bool:
    """A word that may sit inside a name: an initial, or not an ordinary word."""
    if tok.initial:
        return tok.word.isupper() or tok.case != "mixed"
    return _wordish(tok) and not _common(tok.low)


def _signature(tokens: list[Token], i: int, k: int) -> bool:
    """'Q. LANDER RRT' alone on its line: a sign-off, a name whatever the words are."""
    line_start = i == 0 or "\n" in tokens[i].gap or tokens[i].gap.strip() in {".", "!", "?"}
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    line_end = nxt is None or "\n" in nxt.gap
    return line_start and line_end


def _relation_names(tokens: list[Token], index: Index | None = None) -> Iterator[Span]:
    for i in _at(tokens, RELATIONS, index, tail=1):
        tok = tokens[i]
        if tok.low not in RELATIONS or tok.possessive:
            continue  # "her father's lack of sleep": the father is not named
        if tok.low == "named" and _after_pet(tokens, i):
            continue
        j = i + 1
        if tokens[j].low in _BRIDGE and j + 1 < len(tokens):
            j += 1
        if tokens[j].low in TITLES:
            continue  # "her boss Dr. Hulse": the title cue takes it from here
        yield from _names_after_cue(tokens, j)


def _after_pet(tokens: list[Token], i: int) -> bool:
    """'a dog named Biscuit', 'our cat, named Mochi': a pet's name, not an identifier."""
    return any(t.low in PETS for t in tokens[max(0, i - 3) : i])


_MEETING_VERBS = {
    "met", "meets", "meeting", "spoke", "speaks", "talked", "talks", "texted", "texts",
    "visited", "visits", "dating", "dated", "married", "friends", "staying", "stays", "fought",
    "argued", "broke", "lives", "living", "lived", "moved",
}  # fmt: skip
_MEETING_PREPS = {"with", "to", "up"}
_MOVING = {"moved", "lives", "living", "lived", "staying", "stays"}


def _meeting_names(tokens: list[Token], index: Index | None = None) -> Iterator[Span]:
    """'met with Jonah and Priya', 'broke up with Tyler': in prose only, and only a name
    written with a capital (a lower-case or ALL CAPS note gives no such evidence)."""
    for i in _at(tokens, _MEETING_VERBS, index, tail=2):
        if tokens[i + 1].low not in _MEETING_PREPS:
            continue
        if tokens[i + 1].low == "to" and tokens[i].low in _MOVING:
            continue  # "moved to Dayton": a place, not a person
        j = i + 2
        if tokens[i + 1].low == "up" and tokens[j].low == "with":
            j += 1
        if j < len(tokens) and tokens[j].case != "upper":
            yield from _names_after_cue(tokens, j)


def _names_after_cue(tokens: list[Token], j: int) -> Iterator[Span]:
    """ "son bill", "Sons Smokey, Morris and Roger", "DAUGHTER-KRISSY": up to three names."""
    for _ in range(3):
        if j >= len(tokens):
            return
        tok = tokens[j]
        if not _CUE_GAP.match(tok.gap) or "\n" in tok.gap:
            return
        if _common(tok.low) or not _wordish(tok) or len(tok.word) < 2 or tok.low in RELATIONS:
            return
        if tok.low in TITLES:
            return  # "spoke with Dr. Rakusin": the title cue takes it from here
        listed = _listed(tok.low) or tok.low in ambiguous()
        if tok.case == "mixed":
            if not tok.word[0].isupper() or (tok.word.isupper() and not listed):
                return
        elif not (
            listed
            or _STRUCTURED_GAP.search(tok.gap)
            # "parents froze", "met with vice principal": in a lower-case note an everyday
            # word after a cue is no name
            or (
                plausible_name(tok.low) and not (tok.case == "lower" and tok.low in english_words())
            )
            or _short_name(tok.low)
            or _title_in_lower(tok)
        ):
            return
        end = _run(tokens, j, loose=True)
        yield _span(tokens, j, end, "relation", PRIORITY_CONTEXT)
        if end < len(tokens) and tokens[end].low in {"and", "&"}:
            j = end + 1
        elif end < len(tokens) and tokens[end].gap.strip() == ",":
            j = end
        else:
            return


# Three-letter words after a relationship word that are abbreviations, not given names.
_SHORT_NOT_NAMES = {
    "age", "occ", "pta", "cmo", "dnr", "dni", "icu", "ccu", "has", "had", "was", "did", "got",
    "can", "may", "own", "two", "one", "all", "per", "pcp", "her", "his", "and", "not", "too",
    "yet", "now", "out", "off", "are", "ill", "due", "hcp", "mom", "dad", "son", "via", "w/o",
}  # fmt: skip


def _short_name(low: str) -> bool:
    """A three-letter word with a vowel, right after a relationship word: 'SISTER EVE'."""
    return (
        len(low) == 3
        and low.isalpha()
        and any(c in "aeiouy" for c in low)
        and low not in _SHORT_NOT_NAMES
        and not _common(low)
    )


def _title_in_lower(tok: Token) -> bool:
    """In a lower-case note a word written with a capital ('daughter Lou') is a name's mark."""
    word = tok.word
    return tok.case == "lower" and word[:1].isupper() and not word.isupper()


_NOT_NAME_ENDINGS = (
    "ed", "ing", "ly", "tion", "sion", "ment", "ness", "ous", "ive", "able", "ible", "ful",
    "ic", "al", "ary", "ery", "ity", "ize", "ise", "est", "ies", "ism", "ure", "ance",
    "ence", "less", "ward", "wise", "ship", "hood", "ent", "ant", "s",
)  # fmt: skip


_JOINED_NAME = re.compile(r"^(?:[a-z]{1,2}'[a-z]{3,}|[a-z]{2,}(?:-[a-z]{2,})+)$")


def plausible_name(low: str, plural_ok: bool = False) -> bool:
    """An unlisted word could be a name: not an ordinary word by its ending, not too short.
    A final 's' marks a plural unless the word is written as a name (`plural_ok`)."""
    # "o'connell", "forman-lyons": a name may hold an apostrophe or a hyphen, not "con't"
    if (len(low) < 4 or not low.isalpha()) and not _JOINED_NAME.match(low):
        return False
    if plural_ok and low.endswith("s") and not low.endswith(("ies", "ness", "ous")):
        return not low[:-1].endswith(_NOT_NAME_ENDINGS)
    return not low.endswith(_NOT_NAME_ENDINGS)


def _title_pair(tokens: list[Token], i: int) -> bool:
    """'Gerry Masci' written in Title Case inside a lower-case or ALL CAPS note."""
    if i + 1 >= len(tokens) or tokens[i + 1].gap != " ":
        return False
    first, nxt = tokens[i], tokens[i + 1]
    return first.word.istitle() and nxt.word.istitle() and plausible_name(nxt.low)


def _verb_follows(tokens: list[Token], j: int) -> bool:
    """tokens[j] is a plausible surname and a reporting verb comes right after it."""
    if j + 1 >= len(tokens) or tokens[j].gap != " ":
        return False
    return plausible_name(tokens[j].low) and tokens[j + 1].low in _REPORT_VERBS


def _initial_names(tokens: list[Token], index: Index | None = None) -> Iterator[Span]:
    """'Z. MILLER AWARE', 'W. MAROTTA AWARE': an initial, a surname, a reporting verb."""
    for i in _at(tokens, _LETTERS, index, tail=1):
        tok = tokens[i]
        if not (tok.initial and tok.word.isupper()):
            continue
        nxt = tokens[i + 1]
        if nxt.low in _ORGANISMS or _common(nxt.low):
            continue
        dotted = nxt.gap == ". "
        if not (dotted or (nxt.gap == " " and _listed(nxt.low))) or tok.gap[-1:].isdigit():
            continue
        cued = dotted and (
            (i > 0 and tokens[i - 1].low in _INITIAL_CUES)
            or (_INITIAL_GAPS.search(tok.gap) is not None and nxt.capitalised)
        )
        if plausible_name(nxt.low) and (
            (i + 2 < len(tokens) and tokens[i + 2].low in _INITIAL_VERBS)
            or cued
            or (dotted and tok.gap[-1:] in _WORD_OPENERS and _rare_surname(nxt))
        ):
            yield _span(tokens, i, i + 2, "initial", PRIORITY_CONTEXT)


# "(A. Farouk)", "A. Farouk and B. Ndiaye", "cc: R. Amsel": punctuation that opens a name.
_INITIAL_GAPS = re.compile(r"(?:[(\[]|[,;:]\s+)$")
_WORD_OPENERS = {"", " ", "\t", "\n", "(", '"', "“"}  # not "R>L.", "U/S."


def _rare_surname(tok: Token) -> bool:
    """In mixed-case prose, a Title Case word after an initial that no dictionary, clinical
    list or organism holds reads as a surname ("B. Ndiaye"; never "D. Prozac", "E. coli")."""
    low = tok.low
    return (
        tok.case == "mixed" and tok.word.istitle() and len(low) >= 3
        and low not in english_words() and not _common(low) and low not in clinical_terms()
        and low not in _ORGANISMS and low not in _CALENDAR
    )  # fmt: skip


# "TO MEET S. DOMINICO", "discussed with R. Amsel": a word that takes a person after it.
_INITIAL_CUES = {
    "meet", "met", "with", "per", "paged", "called", "notified", "by", "from", "cc", "attn",
    "signed", "facilitator", "co-facilitator",
}  # fmt: skip
_ROLES = {
    "officer", "fellow", "resident", "intern", "attending", "team", "service", "staff",
    "doctor", "physician", "surgeon", "nurse", "np", "pa", "md", "rn", "house", "unit",
}  # fmt: skip
_PAIR_VERBS = {"aware", "notified", "paged"}
_PER_VERBS = {
    "will", "wants", "said", "says", "states", "stated", "aware", "ok", "okay", "recommends",
    "would", "feels", "agrees", "ordered", "wanted",
}  # fmt: skip


def _pair_before_verb(tokens: list[Token], index: Index | None = None) -> Iterator[Span]:
    """'BEA TURA AWARE', 'Sweeney Olsen notified': two name-like words, then the verb a note
    uses for the clinician it told; 'PER DOUGLASS WILL HOLD': a surname after 'per'."""
    verbs = [k - 2 for k in _at(tokens, _PAIR_VERBS | _PER_VERBS, index) if k >= 2]
    for k in _at(tokens, {"and", "&"}, index, tail=1):
        if k >= 2 and tokens[k + 1].low in {"dr", "drs"} and tokens[k].gap == " ":
            verbs.append(k - 2)  # "BEA TURA AND DRS JOSEPH": a name listed with doctors
    for i in sorted(set(verbs)):
        a, b, verb = tokens[i], tokens[i + 1], tokens[i + 2]
        if (verb.low in _PAIR_VERBS or verb.low in {"and", "&"}) and b.gap == verb.gap == " ":
            if not (_pair_word(a) and _pair_word(b) and plausible_name(b.low)):
                continue
            if not (plausible_name(a.low) or _short_name(a.low) or _listed(a.low)):
                continue  # "CORNEAL REFLEX AND DR. X": an ordinary word by its ending
            if a.case == "mixed" and not (a.word.istitle() and b.word[:1].isupper()):
                continue
            yield _span(tokens, i, i + 2, "pair", PRIORITY_CONTEXT)
        elif (
            a.low == "per"
            and verb.low in _PER_VERBS
            and b.gap == " "
            and verb.gap == " "
            and _pair_word(b)
            and (plausible_name(b.low) or (b.low.endswith("ss") and plausible_name(b.low[:-2])))
            and b.capitalised
        ):
            yield _span(tokens, i + 1, i + 2, "pair", PRIORITY_CONTEXT)


def _pair_word(tok: Token) -> bool:
    low = tok.low
    return (
        len(low) >= 3
        and tok.word.isalpha()
        and not _common(low)
        and low not in TITLES
        and low not in CREDENTIALS
        and low not in RELATIONS
        and low not in _ROLES
        and low not in _ORGANISMS
    )


def _parenthesised_roles(tokens: list[Token], index: Index | None = None) -> Iterator[Span]:
    """'DICK CUCCHIARA (RESIDENT)', 'Ann Ruiz (SW)': a clinician named before a role."""
    for k in _at(tokens, _PAREN_ROLES, index):
        tok = tokens[k]
        if k < 2 or tok.low not in _PAREN_ROLES or tok.gap.strip() != "(":
            continue
        i = k - 1
        if not _name_part(tokens[i]) or tokens[i].initial or not _pair_word(tokens[i]):
            continue
        while i > 0 and k - i < 3 and _extends(tokens[i - 1], tokens[i], loose=True):
            if not _name_part(tokens[i - 1]) or "\n" in tokens[i].gap:
                break
            i -= 1
        group = tokens[i:k]
        if all(_listed(t.low) or plausible_name(t.low) or t.initial for t in group):
            yield _span(tokens, i, k, "role", PRIORITY_CONTEXT)


_PAREN_ROLES = {
    "resident", "intern", "fellow", "attending", "sw", "chaplain", "pharmacist", "dietitian",
    "dietician", "surgeon", "cardiologist", "neurologist", "psychiatrist", "therapist",
    "nurse", "rn", "md", "np", "slp", "hospitalist",
    "pcp", "oncologist", "nephrologist", "intensivist", "anesthesiologist", "anesthesia",
}  # fmt: skip


_INITIAL_VERBS = {
    "aware", "notified", "paged", "informed", "updated", "made", "placing", "called", "spoke",
    "said", "ordered", "in",
}  # fmt: skip
# "E. COLI", "C. DIFF": organisms written like an initial and a surname.
_ORGANISMS = {
    "coli", "diff", "difficile", "pylori", "aureus", "aeruginosa", "pneumoniae", "faecalis",
    "faecium", "albicans", "epidermidis", "pyogenes", "influenzae", "marcescens", "cloacae",
}  # fmt: skip


def _parenthesised_relations(tokens: list[Token], index: Index | None = None) -> Iterator[Span]:
    """'URSLA MORETTI (DAUGHTER)', 'Hank Przybylo (son)': names just before a relation."""
    for k in _at(tokens, RELATIONS, index):
        tok = tokens[k]
        if k == 0 or tok.low not in RELATIONS or tok.gap.strip() not in {"(", "-", "--"}:
            continue
        i = k - 1
        if not _name_part(tokens[i]) or tokens[i].initial:
            continue
        while i > 0 and k - i < 3 and _extends(tokens[i - 1], tokens[i], loose=True):
            if not _name_part(tokens[i - 1]) or "\n" in tokens[i].gap:
                break
            i -= 1
        group = tokens[i:k]
        if all(_listed(t.low) or plausible_name(t.low) or t.initial for t in group):
            yield _span(tokens, i, k, "relation", PRIORITY_CONTEXT)


def _titlecase(tok: Token) -> bool:
    word = tok.word
    if tok.case == "upper" or not word[:1].isupper():
        return False
    return len(word) == 1 or not word.isupper()


def capitals(tokens: list[Token]) -> list[int]:
    """Where the words written with a capital in prose are (none in an ALL CAPS note): the
    only places the capital-led cues can name someone. Computed once a text."""
    return [n for n, t in enumerate(tokens) if t.word[0].isupper() and t.case != "upper"]


def _capitalised_runs(tokens: list[Token], caps: list[int]) -> Iterator[Span]:
    """Mixed-case prose: two or three Title Case words in a row that are not ordinary words
    ("Johannes Varvio", "Faina D. Yefremova"), at least one of them not a sentence opener."""
    # Only where two Title Case words meet; most tokens are not even capitalised.
    pairs = [n for n, m in itertools.pairwise(caps) if m == n + 1]
    i = 0
    for start in pairs:
        if start < i:
            continue
        i = start
        if not _titlecase(tokens[i]) or not _titlecase(tokens[i + 1]):
            continue
        j = i
        while j < len(tokens) and j - i < 3 and _titlecase(tokens[j]) and _unusual(tokens[j]):
            gap = tokens[j].gap
            if j > i and not (
                _SPACE_ONLY.match(gap) or (tokens[j - 1].initial and _INITIAL_GAP.match(gap))
            ):
                break
            j += 1
        real = [t for t in tokens[i:j] if not t.initial]
        if len(real) >= 2 and not tokens[j - 1].initial and _name_shaped(tokens[i], real):
            yield _span(tokens, i, j, "capitals", PRIORITY_GUESS)
            i = j
        else:
            i += 1


def _name_shaped(first: Token, real: list[Token]) -> bool:
    """Each word reads as a name; a run that opens a sentence or line must open with a listed
    given name (otherwise it is a heading like 'Resp Care' or 'Vital Signs')."""
    if first.gap[-1:].isdigit() or any(not plausible_name(t.low, True) for t in real):
        return False
    # a sentence may end inside a quotation: 'works." Later Hope smiled'
    end = first.gap.rstrip(" \t\"”'’)")[-1:]
    opener = not first.gap or "\n" in first.gap or end in {".", ":", "!", "?"}
    if not opener or first.low in first_names():
        return True
    # "Dariusz Kowalczyk and his wife": an opener no dictionary holds, then a listed surname
    second = real[1].low
    return (
        second in surnames() and second not in english_words()
        and first.low not in english_words() and first.low not in clinical_terms()
    )  # fmt: skip


def _unusual(tok: Token) -> bool:
    """Not an ordinary capitalised word: not common, not a month or weekday, not a title."""
    low = tok.low
    if tok.initial:
        return True
    return not (_common(low) or low in _CALENDAR or low in TITLES or low in CREDENTIALS)


_CALENDAR = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "christmas", "easter", "thanksgiving",
}  # fmt: skip


def _listed_names(tokens: list[Token]) -> Iterator[Span]:
    amb = ambiguous()
    firsts, listed_words = first_names(), _listed_words()
    i = 0
    for at in [n for n, t in enumerate(tokens) if t.low in listed_words]:
        if at < i:
            continue
        i = at
        tok = tokens[i]
        low = tok.low
        if low not in amb and tok.capitalised and not _common(low):
            # after a given name in an ALL CAPS or lower-case note, an unlisted surname that
            # reads as a name: 'AGNES MUNROE', 'martin carey'
            j = _run(tokens, i, loose=tok.case != "mixed" and low in firsts)
            if (
                j == i + 1
                and low in firsts
                and i + 1 < len(tokens)
                and tokens[i + 1].capitalised  # mixed case: "Alex came in" is no surname
                and (_verb_follows(tokens, i + 1) or _title_pair(tokens, i))
            ):
                j = i + 2  # "mary souza AWARE", "Gerry Masci": a surname the lists do not hold
            priority = PRIORITY_GUESS
            if _given_before(tokens, i):
                i -= 1  # "Joy Tanaka", "Hope Adeyemi": an everyday-word given name before it
                priority = PRIORITY_CONTEXT  # a full name: its given name repeats with a capital
            yield _span(tokens, i, j, "list", priority)
            i = j


def _given_before(tokens: list[Token], i: int) -> bool:
    """In mixed-case prose, a listed surname right after a Title Case given name that is an
    everyday word too (which the lists leave to cues): both are the name."""
    if i == 0 or tokens[i].case != "mixed" or not _SPACE_ONLY.match(tokens[i].gap):
        return False
    tok, prev = tokens[i], tokens[i - 1]
    return (
        tok.low in surnames() and tok.low not in first_names() and prev.word.istitle()
        and prev.low in ambiguous() and not prev.possessive
    )  # fmt: skip


def find_names(
    tokens: list[Token],
    options: NameOptions | None = None,
    remembered: dict[str, str] | None = None,
    more: Callable[[list[Token], list[Span], dict[str, str], list[int]], list[Span]] | None = None,
    caps: list[int] | None = None,
) -> list[Span]:
    """Every person mention the cues and lists find, then every repeat of those words (and of
    the `remembered` ones, learned from earlier texts of the same packet; updated in place).
    `more`: further cues, told what was found so far, what is remembered (a word the packet
    already knows keeps its person) and where the capitals are; their names repeat too.
    `caps`: `capitals(tokens)`, when the caller has it already."""
    opts = options or NameOptions()
    index = _index(tokens)
    clinicians = [
        *_title_names(tokens, index),
        *_credential_names(tokens, index),
        *_initial_names(tokens, index),
        *_pair_before_verb(tokens, index),
        *_parenthesised_roles(tokens, index),
    ]
    found: list[Span] = list(clinicians) if opts.clinicians else []
    found.extend(_relation_names(tokens, index))
    found.extend(_parenthesised_relations(tokens, index))
    found.extend(_meeting_names(tokens, index))
    found.extend(_called_names(tokens, index))
    found.extend(_subject_names(tokens, index))
    found.extend(_label_names(tokens, index))
    found.extend(_listed_names(tokens))
    if caps is None:
        caps = capitals(tokens)
    from confide.deid import namecues  # it reads this module's cue words: imported late

    found.extend(namecues.find(tokens, index, caps, remembered or {}))
    if opts.capitals and caps:
        found.extend(_capitalised_runs(tokens, caps))
    if more is not None and caps:
        found.extend(more(tokens, found, remembered if remembered is not None else {}, caps))
    found.extend(_repeats(tokens, found, remembered if remembered is not None else {}, caps))
    found.extend(_coordinated(tokens, found, index))
    if opts.clinicians:
        return found
    return _outside(found, clinicians)


_CALL_VERBS = {
    "page", "paged", "call", "called", "notify", "notified", "contact", "contacted", "phone",
    "phoned", "text", "texted", "email", "emailed", "tell", "told", "ask", "asked", "thank",
    "thanked", "remind", "reminded",
}  # fmt: skip


def _called_names(tokens: list[Token], index: Index | None = None) -> Iterator[Span]:
    """'ask to page Suzanne', 'called Marguerite': in prose a Title Case word right after a
    verb of calling is the person called (services are ordinary words: 'paged Renal')."""
    for i in _at(tokens, _CALL_VERBS, index, tail=1):
        nxt = tokens[i + 1]
        if nxt.case == "upper" or not nxt.word.istitle() or not _SPACE_ONLY.match(nxt.gap):
            continue  # a capital says nothing in an ALL CAPS note; in lower case it is a mark
        if _after_pet(tokens, i):
            continue  # "our cat, called Mochi"
        if _pair_word(nxt) and (plausible_name(nxt.low) or _listed(nxt.low)):
            yield _span(tokens, i + 1, _run(tokens, i + 1), "called", PRIORITY_CONTEXT)


def _subject_names(tokens: list[Token], index: Index | None = None) -> Iterator[Span]:
    """'lorrie morales is a 70 yr old female': the words opening a line before 'is a <age>'."""
    for k in _at(tokens, _IS, index, tail=2):
        if k == 0 or tokens[k + 1].low not in {"a", "an"}:
            continue
        age = tokens[k + 2]
        if not any(c.isdigit() for c in age.gap) or age.low not in _AGE_WORDS:
            continue
        i = k - 1
        while i > 0 and k - i < 3 and _SPACE_ONLY.match(tokens[i].gap):
            i -= 1
        opener = i == 0 or "\n" in tokens[i].gap or tokens[i].gap.strip() in {".", ":"}
        group = tokens[i:k]
        if not opener or not group or group[0].low in TITLES:
            continue
        if all(_pair_word(t) and (_listed(t.low) or plausible_name(t.low)) for t in group):
            yield _span(tokens, i, k, "subject", PRIORITY_CONTEXT)


_AGE_WORDS = {"y", "yo", "yr", "yrs", "year", "years", "y/o", "yom", "yof", "m", "f"}


_LABELS = {"social", "family", "visitors", "visitor", "visiting", "contact", "dispo"}
_LABEL_VERBS = {
    "called", "visited", "phoned", "here", "in", "aware", "updated", "notified", "visiting",
    "spoke", "came", "stayed", "present",
}  # fmt: skip


def _label_names(tokens: list[Token], index: Index | None = None) -> Iterator[Span]:
    """'social: bill called once', 'FAMILY: GRACE VISITED': under a social or family label a
    name, even one that is also a word, opens the line and a verb of visiting follows."""
    for i in _at(tokens, _LABELS, index, tail=2):
        name, verb = tokens[i + 1], tokens[i + 2]
        if ":" not in name.gap or verb.low not in _LABEL_VERBS or verb.gap != " ":
            continue
        if (_listed(name.low) or name.low in ambiguous()) and name.word.isalpha():
            yield _span(tokens, i + 1, i + 2, "label", PRIORITY_CONTEXT)


def _coordinated(tokens: list[Token], found: list[Span], index: Index | None = None) -> list[Span]:
    """'Both Suzanne and Hank': a Title Case word joined by 'and' to a name already found."""
    starts = {s.start for s in found if s.kind == "person"}
    ends = {s.end for s in found if s.kind == "person"}
    out: list[Span] = []
    for i in _at(tokens, {"and", "&"}, index, tail=1):
        join = tokens[i]
        if i == 0 or join.case != "mixed":
            continue
        before, after = tokens[i - 1], tokens[i + 1]
        if after.start in starts and before.end not in ends and _joinable(before):
            out.append(_span(tokens, i - 1, i, "and", PRIORITY_GUESS))
        elif before.end in ends and after.start not in starts and _joinable(after):
            out.append(_span(tokens, i + 1, i + 2, "and", PRIORITY_GUESS))
    return out


def _joinable(tok: Token) -> bool:
    return (
        tok.case == "mixed"
        and tok.word.istitle()
        and _pair_word(tok)
        and (plausible_name(tok.low) or _listed(tok.low))
        and tok.low not in _CALENDAR
    )


def _outside(found: list[Span], clinicians: list[Span]) -> list[Span]:
    """Drop every mention of a name that a title or credential marks as a clinician's."""
    keys = {s.key for s in clinicians}
    return [
        s
        for s in found
        if s.key not in keys and not any(c.start < s.end and s.start < c.end for c in clinicians)
    ]


def _repeats(
    tokens: list[Token], found: list[Span], remembered: dict[str, str], caps: list[int]
) -> list[Span]:
    """Mentions of a word already found as a name, anywhere in the text, in any case. Only
    names found by a cue (a title, a credential, a relation) are remembered for later texts
    of the packet: a list guess is good for one note, too weak to spread."""
    keys = dict(remembered)
    for span in found:
        n = token_starting(tokens, span.start)
        strong = span.priority >= PRIORITY_CONTEXT
        while n is not None and n < len(tokens) and tokens[n].end <= span.end:
            tok = tokens[n]
            usable = len(tok.low) >= 3 and not _common(tok.low)
            if usable and (tok.low not in ambiguous() or strong):
                keys.setdefault(tok.low, span.key)
                if strong and tok.low not in ambiguous():
                    remembered.setdefault(tok.low, span.key)
            n += 1
    if not keys:
        return []
    # in prose (capitals, names among them), unlike a hurried all lower-case note
    amb = ambiguous() if len(caps) >= 0.02 * len(tokens) else frozenset()
    out = [
        Span(tok.start, tok.end, "person", "repeat", PRIORITY_GUESS, keys[tok.low])
        for tok in tokens
        if tok.low in keys
        # "Hope said ... I hope": in prose a name that is a word too repeats with its capital
        and not (tok.low in amb and tok.case != "upper" and not tok.word[0].isupper())
    ]
    out.extend(_plural_repeats(tokens, keys))
    return out


def _plural_repeats(tokens: list[Token], keys: dict[str, str]) -> Iterator[Span]:
    """'Mrs. Whitaker ... the Whitakers': a family named by the plural of a surname found."""
    amb, words, common = ambiguous(), english_words(), common_words()
    plurals = {
        low + "s": key
        for low, key in keys.items()
        if len(low) >= 4 and low not in amb and low + "s" not in words and low + "s" not in common
    }
    for tok in [t for t in tokens if t.low in plurals]:
        yield Span(tok.start, tok.end, "person", "repeat", PRIORITY_GUESS, plurals[tok.low])


_PHONE_WORDS = {"cell", "home", "work", "tel", "ph", "phone", "mobile", "pager", "office"}
_BEFORE_PHONE = re.compile(
    r"^[\s\-–(:,]*(?:(?:cell|home|work|tel|ph|phone|mobile|pager)\s*)?[#:\s\-–(]*$", re.I
)


def names_before_phones(tokens: list[Token], text: str, phones: list[Span]) -> list[Span]:
    """'Carol Buckley (201/324/1423)', 'Lopie Certusi cell# 410-322-1419': a contact list names
    the person whose number follows."""
    ends = [t.end for t in tokens]
    out: list[Span] = []
    for phone in phones:
        k = bisect.bisect_right(ends, phone.start) - 1
        if k > 0 and tokens[k].low in _PHONE_WORDS:
            k -= 1  # "cell# 410-...": the word belongs to the number
        if k < 0 or not _BEFORE_PHONE.match(text[tokens[k].end : phone.start]):
            continue
        i = k
        while i > 0 and k - i < 2 and _extends(tokens[i - 1], tokens[i], loose=True):
            if not _name_part(tokens[i - 1]) or tokens[i - 1].low in RELATIONS:
                break
            i -= 1
        group = tokens[i : k + 1]
        if not all(_name_part(t) for t in group) or group[-1].low in RELATIONS:
            continue
        named = any(_listed(t.low) for t in group) or (
            len(group) >= 2 and all(t.word.istitle() or t.initial for t in group)
        )
        if named:
            out.append(_span(tokens, i, k + 1, "before-phone", PRIORITY_CONTEXT))
    return out


_HYPHENATED = re.compile(r"(?<![\w\-])([^\W\d_]{1,6})-([^\W\d_]{1,6})(?![\w\-])")
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][a-z'\-]+)")


def hyphenated_given(text: str) -> Iterator[Span]:
    """Romanized East Asian given names written as two syllables joined by a hyphen
    ("Min-jun", "Ji-woo", "Xiao-ming", "MIN-JUN"), with a listed surname right after ("Min-jun
    Park"). Both halves must be name syllables, one of three letters or more, not a doubled
    syllable ("Ha-ha") nor two ordinary words; with a capital unless the note has none."""
    if "-" not in text:
        return
    syllables, words, common = name_syllables(), english_words(), common_words()
    lower_note: bool | None = None
    for match in _HYPHENATED.finditer(text):
        a, b = match.group(1).lower(), match.group(2).lower()
        if a == b or max(len(a), len(b)) < 3 or a not in syllables or b not in syllables:
            continue
        if (a in words or a in common) and (b in words or b in common):
            continue
        if not match.group()[0].isupper():
            if lower_note is None:
                letters = [c for c in text if c.isalpha()]
                lower_note = sum(c.isupper() for c in letters) < 0.02 * max(1, len(letters))
            if not lower_note:
                continue
        end = match.end()
        after = _NEXT_WORD.match(text, end)
        if after is not None and after.group(1).lower() in surnames():
            end = after.end()
        key = "name:" + match.group().lower()
        yield Span(match.start(), end, "person", "syllables", PRIORITY_GUESS, key)


_DECLARED_INITIALS = re.compile(r"[ \t]*\(?[ \t]*[\"“'‘]([A-Z]{2,3})[\"”'’][ \t]*\)?")
_NAME_PIECES = re.compile(r"[^\W\d_]+")


def declared_initials(text: str, found: list[Span], remembered: dict[str, str]) -> list[Span]:
    """'Min-jun ("MJ")', 'Robert Halvorsen "RH"': initials a note gives in quotes right after
    a name it found are that person's, here and in the packet's later notes (`remembered`)."""
    out = []
    for span in found:
        if span.kind != "person":
            continue
        match = _DECLARED_INITIALS.match(text, span.end)
        if match is None:
            continue
        letters = "".join(w[0] for w in _NAME_PIECES.findall(text[span.start : span.end]))
        acronym = match.group(1)
        if acronym.lower() == letters.lower() or acronym.lower() == letters[:-1].lower():
            key = span.key or "name:" + text[span.start : span.end].lower()
            for again in re.finditer(rf"(?<![\w.]){acronym}(?![\w])", text):
                out.append(
                    Span(again.start(), again.end(), "person", "initials", span.priority, key)
                )
            remembered.setdefault(acronym.lower(), key)
    return out


# "Yousef Al-Masri", "Rania El-Sayed", "Abu-Bakr": an Arabic family name with its article,
# and the given name before it; never a program ("Al-Anon": an ordinary word after it).
_ARTICLE_NAME = re.compile(
    r"(?:\b([A-Z][a-z'’]+)[ \t]+)?\b(?:Al|El|Abu|Ibn|Bin|Bint|Abd|Abdul)-([A-Z][a-z]+)\b"
)


def article_names(text: str) -> Iterator[Span]:
    """Family names joined to their article by a hyphen, with a Title Case given name before."""
    if "l-" not in text and "u-" not in text and "n-" not in text and "d-" not in text:
        return
    for match in _ARTICLE_NAME.finditer(text):
        if match.group(2).lower() in english_words():
            continue
        start = match.start(2) - len(match.group().split("-")[0].split()[-1]) - 1
        given = match.group(1)
        if given and given.lower() not in english_words() and not _common(given.lower()):
            start = match.start(1)
        key = "name:" + match.group(2).lower()
        yield Span(start, match.end(), "person", "article-name", PRIORITY_CONTEXT, key)
