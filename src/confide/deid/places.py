"""Places and organisations the records do not know: facility names, towns, employers.

Facilities are found by their endings ("Calvert Hospital", "Lincoln High School", "Acme Inc"),
towns by a small list matched with Aho-Corasick, and both by cues ("lives in", "works at").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import ahocorasick

from confide.deid import addresses
from confide.deid.firstwords import WordStarts
from confide.deid.lexicon import (
    US_STATES,
    clinical_terms,
    common_words,
    countries,
    english_words,
    facility_names,
    first_names,
    neighborhoods,
    places,
    us_cities,
)
from confide.deid.names import plausible_name
from confide.deid.spans import PRIORITY_CONTEXT, PRIORITY_GUESS, Kind, Span
from confide.deid.textutil import Scanner, WordScanners, bounded, letter_counts
from confide.deid.tokens import Token, token_starting, word_starts

# One-word and two-word endings; the kind says how the whole name is replaced.
_FACILITY_ENDINGS: dict[str, Kind] = {
    "hospital": "location", "hosp": "location", "clinic": "location", "infirmary": "location",
    "medical center": "location", "med center": "location", "health center": "location",
    "nursing home": "location", "rehab": "location", "rehabilitation center": "location",
    "hospice": "location", "church": "location", "mall": "location", "park": "location",
    "county": "location", "village": "location", "heights": "location",
    "school": "organization", "high school": "organization", "middle school": "organization",
    "elementary": "organization", "elementary school": "organization", "academy": "organization",
    "college": "organization", "university": "organization", "institute": "organization",
    "inc": "organization", "llc": "organization", "corp": "organization",
    "corporation": "organization", "company": "organization",
    "associates": "organization", "foundation": "organization", "bank": "organization",
    "ltd": "organization",
    "memorial": "location", "regional": "location", "adventist": "location",
    "campus": "location", "house": "location", "rehab center": "location",
    "center": "location", "centre": "location", "chapel": "location", "fellowship": "location",
    "temple": "location", "mosque": "location", "synagogue": "location",
    "ministries": "location", "tabernacle": "location", "cathedral": "location",
}  # fmt: skip
# Endings that are ordinary clinical words: only with a capitalised name before them.
_WEAK_ENDINGS = {"rehab", "park", "village", "heights", "group", "partners", "county", "bank"}
_WEAK_ENDINGS |= {"house", "campus", "regional", "center", "centre", "chapel", "fellowship"}
_WEAK_ENDINGS |= {"temple", "ministries"}
# Company endings that are also note shorthand ("HR inc" = increased): Title Case only.
_TITLE_ONLY = {"inc", "corp", "ltd", "llc"}
_NOT_A_NAME = {
    "outside", "local", "this", "that", "same", "another", "other", "psych", "psychiatric",
    "state", "the", "a", "an", "to", "from", "at", "in", "by", "of", "via", "his", "her", "their",
    "our", "my", "your", "prior", "previous", "nearest", "community", "area", "acute", "chronic",
    "medical", "med", "high", "middle", "nursing", "day", "home", "new", "old", "rehab", "home's",
    "neighborhood", "neighbourhood",
}  # fmt: skip
# Places every hospital note mentions; they identify no one.
_PLACE_WORDS = {
    "floor", "unit", "icu", "ccu", "micu", "sicu", "ed", "er", "ew", "or", "cath", "lab", "rehab",
    "hospital", "home", "nursing", "radiology", "ct", "mri", "dialysis", "surgery", "pacu",
    "bed", "chair", "room", "ward", "service", "team", "step", "stepdown", "telemetry", "tele",
    "hospice", "osh", "ir", "ep", "echo", "endoscopy", "medicine", "cardiology", "facility",
    "him", "her", "them", "me", "us", "pt", "patient", "family", "bathroom", "commode",
    "shelter", "work", "school", "church", "town", "city", "state", "country", "area",
    "transfer", "walk", "pharmacy", "sleep", "pcu", "hosp", "bay", "quarters",
    "station", "spot", "level", "procedure", "bedside", "nicu", "picu", "csru", "ccu's",
}  # fmt: skip
_LEADERS = {"university", "college", "bank", "church"}  # "University of Maryland"
_CUE_PLACE = Scanner(
    "lrmgbh",
    r"\b(?:lives|living|lived|resides|residing|moved|moving|grew\s+up|born|home)\s+"
    r"(?:nearby\s+|alone\s+|together\s+|with\s+\w+\s+)?(?:in|to|near)\s+"
    r"([a-z][a-z'\-]+(?:\s+[a-z][a-z'\-]+){0,2})",
    word=True,
)  # matched on the folded text; the capitals are checked on the original
_CUE_ORG = Scanner(
    "wejisa",
    r"\b(?:works|worked|working|employed|employee|job|intern(?:s|ed|ing)?|studies|studying|"
    r"enrolled|attends|attended|student)\s+(?:at|for|by|with)\s+(?:the\s+)?"
    r"((?:[A-Z][A-Za-z&'\-]+)(?:\s+(?:[A-Z][A-Za-z&'\-]+|&|of)){0,3})",
    word=True,
)
# A job or a working time before "at": "an architect at Kimura & Lee Architects", "a pastry
# chef at Sugar & Salt Bakery", "works nights stocking shelves at Al-Noor Market".
_OCCUPATIONS = (
    "accountant", "architect", "nurse", "chef", "cook", "baker", "teacher", "engineer",
    "manager", "cashier", "analyst", "clerk", "driver", "mechanic", "technician", "assistant",
    "developer", "lawyer", "attorney", "paralegal", "pharmacist", "barista", "server",
    "waiter", "waitress", "janitor", "custodian", "receptionist", "secretary", "supervisor",
    "worker", "intern", "volunteer", "programmer", "designer", "consultant", "electrician",
    "plumber", "contractor", "carpenter", "welder", "professor", "researcher", "scientist",
    "librarian", "bartender", "dishwasher", "stocker", "aide", "banker", "teller",
    "salesperson", "associate", "representative", "coordinator", "administrator", "director",
    "firefighter", "paramedic", "hygienist", "nanny", "tutor", "chaplain", "shelves", "nights",
    "shifts", "shift", "weekends", "hired", "rehired", "promoted", "fired", "position", "career",
    "apprentice", "apprenticeship", "internship", "job", "caseworker", "counselor", "coach",
    "pastor",
)  # fmt: skip
_LOWER_ACRONYM = Scanner(
    "tafi", r"\b(?:to|at|from|into)\s+(?:the\s+)?([b-df-hj-np-tv-z]{1,3}h)\b", word=True
)
_TOWN_WORD = Scanner(
    "iofnt",
    r"\b(?:in|of|from|to|near)\s+((?:[a-z]+[ \t])?[a-z]+"
    r"(?:town|ville|burg|borough|ford|field|wood|dale|port|mouth|ton|shire))\b",
    word=True,
)
_NOT_TOWN = {
    "baseline", "skeleton", "button", "cotton", "carton", "piston", "support", "report",
    "passport", "transport", "import", "export", "sport", "comport", "quinton", "hampshire",
    "downtown", "uptown", "afternoon", "overtown", "field", "hollywood", "plywood", "firewood",
    "dogwood", "wormwood", "mouth", "singleton", "milton", "boston",
}  # fmt: skip
_NOT_FACILITY = {"OSH", "ETOH", "NH", "ICH", "SAH", "LVH", "RVH", "BPH", "PPH", "HH", "CH", "PH"}
_ACRONYM_CODE = Scanner("A-Z", r"\b[A-Z]{1,4}(?:H|MC|HC)\b", word=True)
_ACRONYM_BEFORE = re.compile(r"(?:\b(?:to|at|from|by|in|into|leave)|@|->)\s*(?:the\s+)?$")
_MOTION = Scanner(
    "tasgbrdfmlhnewcop",
    r"\b(?:transferred|transfered|transfer|trans|admitted|sent|went|go|called|today|taken|"
    r"brought|returned|surgeons?|physicians?|doctors?|cardiologist|oncologist|ambulance|"
    r"discharged|d/c'd|dc'd|arrived|flown|flew|fly|flying|med-flighted|screened\s+by|"
    r"accepted|excepted|moved|moving|lives|living|daughter|son|sister|brother|dtr|wife|"
    r"husband|nephew|niece|business|ceo|employer|employed|works?|worked)"
    r"\s+(?:(?:back\s+)?(?:to|from|at|into|in|by|@|of|for)\s+)(?:the\s+)?"
    r"([A-Za-z][A-Za-z'.]*(?:[ \t]+[A-Za-z][A-Za-z'.]*)?)(?=([ \t]*\d{1,3}(?!\d|[.:]\d|/\d{2}))?)",
    word=True,
)
_SAINTS = Scanner(
    "S", r"\b(?:St\.?|ST\.?|Saint|SAINT)[ \t]+([A-Z][A-Za-z]+(?:'s|'S)?|[A-Z]\.(?=[ \t]))"
)
_AT_BEFORE = re.compile(r"(?:@|\b(?:at|to|from|in))[ \t]*\Z")
_HOLY = Scanner(
    "hsg",
    r"\b(?:holy\s+(?:cross|family|name|spirit|redeemer|trinity)|sacred\s+heart|"
    r"good\s+samaritan|good\s+shepherd)\b",
    word=True,
)
_UNIVERSITY = Scanner(
    "U",
    r"\b(?:(?:UNIV|Univ|University|UNIVERSITY)\.?\s+(?:(?i:of)\s+)?[A-Z][A-Za-z]+|"
    r"U\.?\s+(?:(?i:of)\s+[A-Z][A-Za-z]+|[A-Z][a-z]+))",
)


# Words that never open or join a facility's name, even written with a capital.
_NEVER_IN_NAME = {
    "the", "a", "an", "to", "from", "at", "in", "by", "of", "via", "his", "her", "their", "our",
    "my", "your", "this", "that", "same", "another", "other", "prior", "previous", "nearest",
    "outside", "local", "psych", "psychiatric", "acute", "chronic",
}  # fmt: skip


# Ordinary nouns a facility's name is often made of ("Sunrise Adult Day Center").
_NAME_NOUNS = {
    "day", "night", "care", "health", "services", "service", "social", "community",
    "family", "security", "medical", "home", "behavioral", "behavioural", "counseling",
}  # fmt: skip


def _name_word(tok: Token) -> bool:
    """A word of a facility's name. In prose a capital lets a generic word join ("Sunrise
    Adult Day Center", "New Covenant Fellowship"); elsewhere generic words end the name."""
    titled = tok.case != "upper" and tok.word[:1].isupper() and not tok.word.isupper()
    if tok.low in _NEVER_IN_NAME or (
        tok.low in common_words() and not (titled and tok.low in _NAME_NOUNS)
    ):
        return False
    if tok.low in _NOT_A_NAME and not titled:
        return False
    if not (tok.word.replace(".", "").replace("'", "").replace("-", "").isalpha()):
        return False
    return tok.case != "mixed" or tok.word[0].isupper()


_ENDING_HEADS = {e.split()[0] for e in _FACILITY_ENDINGS}
# Words that name hospitals ("MEMORIAL HOSPITAL", "GENERAL HOSPITAL"): a name there even in an
# ALL CAPS note, where the word before 'HOSPITAL' otherwise has to read as a person's name.
# Besides these, any word that is itself a facility ending ("REGIONAL", "MEMORIAL").
_FACILITY_WORDS = {
    "general", "mercy", "baptist", "methodist", "presbyterian", "lutheran", "episcopal",
    "children's", "childrens", "veterans", "shriners", "sinai", "union", "valley", "kaiser",
    "providence", "samaritan",
}  # fmt: skip


def _ending_at(tokens: list[Token], k: int) -> tuple[int, Kind] | None:
    """If a facility ending starts at token k, how many tokens it takes and its kind."""
    if tokens[k].low not in _ENDING_HEADS:
        low = tokens[k].low
        if low.startswith("hosp") and 7 <= len(low) <= 10 and low.isalpha():
            return 1, "location"  # "HOSPIATAL", "hosptial": a hurried spelling
        return None
    one = tokens[k].low.rstrip(".")
    if k + 1 < len(tokens) and tokens[k + 1].gap.strip() == "":
        two = f"{one} {tokens[k + 1].low}"
        if two in _FACILITY_ENDINGS:
            return 2, _FACILITY_ENDINGS[two]
    if one in _FACILITY_ENDINGS:
        return 1, _FACILITY_ENDINGS[one]
    return None


def facilities(tokens: list[Token]) -> Iterator[Span]:
    """'CALVERT HOSPITAL', 'Holy Cross Hospital', 'University of Maryland', 'Acme Inc'."""
    heads = _ENDING_HEADS
    for k in [n for n, t in enumerate(tokens) if (w := t.low) in heads or w[:4] == "hosp"]:
        tok = tokens[k]
        ending = _ending_at(tokens, k)
        if ending is None:
            continue
        size, kind = ending
        if tok.low in _TITLE_ONLY and (tok.case != "mixed" or not tok.word[0].isupper()):
            continue
        i = k
        while (
            i > 0 and k - i < 3 and _glued(tokens[i - 1], tokens[i]) and _name_word(tokens[i - 1])
        ):
            i -= 1
        before = tokens[k - 1]
        titled = before.case == "lower" and before.word.istitle()
        if tok.case != "mixed" and i < k and not (titled or _facility_name(before.low)):
            continue
        if i < k:
            end = tokens[k + size - 1].end
            yield Span(tokens[i].start, end, kind, "facility", PRIORITY_CONTEXT)
        if tok.low in _LEADERS:
            yield from _led_by(tokens, k, kind)


def _facility_name(low: str) -> bool:
    """In an ALL CAPS or lower-case note, the word before 'HOSPITAL' must read as a name."""
    return (
        low in places()
        or low in first_names()
        or low in _FACILITY_WORDS
        or low in _FACILITY_ENDINGS
        or plausible_name(low)
    )


def _led_by(tokens: list[Token], k: int, kind: Kind) -> Iterator[Span]:
    if k + 2 < len(tokens) and tokens[k + 1].low == "of" and tokens[k + 2].capitalised:
        j = k + 3
        while (
            j < len(tokens)
            and j - k < 6
            and _glued(tokens[j - 1], tokens[j])
            and (_name_word(tokens[j]) or tokens[j].low in {"medical", "center", "med", "school"})
        ):
            j += 1
        yield Span(tokens[k].start, tokens[j - 1].end, kind, "facility", PRIORITY_CONTEXT)


def _glued(prev: Token, tok: Token) -> bool:
    gap = tok.gap
    if gap == "-":
        return True  # "Kessler-Adventist"
    return gap in {" ", ". ", "."} and (gap == " " or len(prev.word) <= 3)


_GEO_RANK = PRIORITY_CONTEXT + 1
_GEO_MIN = 4  # shorter GeoNames names ("Ada", "Rye") are too often something else


_CAPITALS_ONLY = 2  # an abbreviation: only as written in capitals
_AFTER_CUE = 3  # an ordinary-word neighbourhood: capitalised, after a place cue
_SMALL_CUED = 4  # a GeoNames town in lower case: after a place cue
_SMALL_CUE = re.compile(
    r"\b(?:in|from|to|near|visiting|outside[ \t]+of|drove[ \t]+(?:back[ \t]+)?(?:to|from))[ \t]+$"
)
# A town that is a given name too ("from tyler") needs a residence cue.
_RESIDENCE_CUE = re.compile(
    r"\b(?:lives|living|lived|moved|moving|grew[ \t]+up|raised|born|drove)[ \t]+"
    r"(?:back[ \t]+)?(?:in|to|from|near)[ \t]+$"
)


@cache
def _small_towns() -> frozenset[str]:
    """GeoNames towns that are no ordinary, clinical or hospital word, nor a country."""
    stop = _stop_words() | clinical_terms() | countries()
    words = english_words()
    return frozenset(
        name
        for name in us_cities()
        if len(name) >= _GEO_MIN
        and name not in stop
        and not any(w in words for w in re.split(r"[ \-]", name))
    )


# "lives in Uptown", "over in the Heights": what comes before such a neighbourhood.
_AREA_CUE = re.compile(
    r"\b(?:in|from|to|near|around|over[ \t]+in|out[ \t]+in)[ \t]+(?:the[ \t]+)?$"
)


@cache
def _place_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    own = places()
    for name, needs_capital in own.items():
        automaton.add_word(name, (len(name), needs_capital))
    for name, abbreviation in facility_names().items():  # "Mt. Sinai", "UCSF"
        if name not in own:
            automaton.add_word(name, (len(name), _CAPITALS_ONLY if abbreviation else False))
    for name, ordinary in neighborhoods().items():  # "Bushwick"; "Uptown" only after a cue
        if name not in own:
            ordinary = ordinary or any(w in english_words() for w in re.split(r"[ \-]", name))
            automaton.add_word(name, (len(name), _AFTER_CUE if ordinary else False))
    for name in _small_towns():  # "moved to kalamazoo": written small, after a cue
        if automaton.get(name, None) is None:
            automaton.add_word(name, (len(name), _SMALL_CUED))
    for hint in addresses.HINTS:  # street-type words ride along: one pass for both
        automaton.add_word(hint, (len(hint), None))
    automaton.make_automaton()
    return automaton


def towns(text: str, folded: str, hints: list[int] | None = None) -> Iterator[Span]:
    """Listed US towns and states, on word boundaries; ordinary-word towns need a capital.
    `hints` gets where each street-type word (`addresses.HINTS`) ends, for `addresses`."""
    for end_index, (length, needs_capital) in _place_automaton().iter(folded):
        if needs_capital is None:
            if hints is not None:
                hints.append(end_index)
            continue
        end = end_index + 1
        start = end - length
        if not bounded(folded, start, end):
            continue
        if needs_capital == _CAPITALS_ONLY:
            if text[start:end].isupper():
                yield Span(start, end, "location", "facility-name", PRIORITY_GUESS)
            continue
        if needs_capital == _SMALL_CUED:
            if text[start:end].islower() and _small_cued(folded, start):
                yield Span(start, end, "location", "small-town", PRIORITY_GUESS)
            continue
        if needs_capital == _AFTER_CUE:
            capital = text[start].isupper() and not text[start:end].isupper()
            if capital and _AREA_CUE.search(folded, max(0, start - 16), start):
                yield Span(start, end, "location", "neighborhood", PRIORITY_GUESS)
            continue
        if needs_capital and not (text[start].isupper() and not text[start:end].isupper()):
            continue
        yield Span(start, end, "location", "town", PRIORITY_GUESS)


def _small_cued(folded: str, start: int) -> bool:
    """Whether a place cue comes right before a town written small; a residence cue for a
    town that is a given name too."""
    window = max(0, start - 28)
    if folded[start:].split(" ", 1)[0] in first_names():
        return _RESIDENCE_CUE.search(folded, window, start) is not None
    return _SMALL_CUE.search(folded, window, start) is not None


@cache
def _geo_names() -> dict[str, int]:
    """GeoNames towns confide's own list lacks: first word -> most words a town so opening
    has (the cued lookup reads one word, and more only for a town that needs them)."""
    own, stop = places(), _stop_words() | clinical_terms()
    heads: dict[str, int] = {}
    for name in us_cities():
        if name not in own and len(name) >= _GEO_MIN and name not in stop:
            first, size = name.split(" ", 1)[0], name.count(" ") + 1
            heads[first] = max(heads.get(first, 0), size)
    return heads


@cache
def _geo_set() -> frozenset[str]:
    own, stop = places(), _stop_words() | clinical_terms()
    return frozenset(
        n for n in us_cities() if n not in own and len(n) >= _GEO_MIN and n not in stop
    )


# Place prepositions, and the words that may stand between one and its town.
_GEO_CUES = frozenset(
    {"in", "from", "to", "near", "outside", "around", "visiting", "visited", "toward", "towards"}
)
_GEO_BETWEEN = frozenset(
    {"downtown", "rural", "suburban", "north", "south", "east", "west", "northern", "southern",
     "eastern", "western", "central"}
)  # fmt: skip
# A town before its state's code: "Gresham, OR", "Xenia, OH" (read on the original text).
_GEO_STATE = re.compile(
    r",[ \t]*(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|"
    r"O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\b"
)
_WORD_BEFORE_STATE = re.compile(r"[a-z][a-z'\-]*$")
_SPACES = frozenset({" ", "\t", "  "})


def geo_towns(text: str, folded: str, tokens: list[Token], caps: list[int]) -> Iterator[Span]:
    """GeoNames towns (data/geo_us_cities.txt) that confide's own list lacks, only where prose
    puts a place: after a place preposition ("lives in", "moved to", "from"), or before a
    state's code ("Xenia, OH"). In prose only capitalised words are looked at (`caps`, from
    `names.capitals`); elsewhere one set lookup a word."""
    heads = _geo_names()
    mixed = _mixed(text)
    where = caps if mixed else _cued_words(folded, tokens, heads)
    for n in where:
        tok = tokens[n]
        if n == 0 or tok.low not in heads or tok.gap not in _SPACES:
            continue
        cue = tokens[n - 1]
        if cue.low in _GEO_BETWEEN and n > 1 and cue.gap in _SPACES:
            cue = tokens[n - 2]
        if cue.low not in _GEO_CUES:
            continue
        found = _longest_town(folded, tokens, n, heads[tok.low])
        if found is not None and _geo_ok(text, folded, *found, mixed, cued=True):
            yield _geo_span(folded, *found)
    if "," not in text:
        return
    for match in _GEO_STATE.finditer(text):
        before = _WORD_BEFORE_STATE.search(folded, max(0, match.start() - 30), match.start())
        if before is None:
            continue
        start, end = before.start(), before.end()
        if folded[start:end] not in _geo_set():
            continue  # one-word towns only here: the cue above finds the longer ones
        if _geo_ok(text, folded, start, end, mixed, cued=False):
            yield _geo_span(folded, start, end)


def _mixed(text: str) -> bool:
    upper, lower = letter_counts(text)
    return 0.02 * (upper + lower) <= upper <= 0.6 * (upper + lower)


# In a note without capitals to go by: the word after a place preposition (one C-level pass).
_GEO_CUE_WORD = re.compile(
    r"\b(?:in|from|to|near|outside|around|visiting|visited|towards?)[ \t]+"
    r"(?:(?:downtown|rural|suburban|north|south|east|west|central)[ \t]+)?([a-z][a-z']*)"
)


def _cued_words(folded: str, tokens: list[Token], heads: dict[str, int]) -> list[int]:
    """The tokens right after a place cue whose word may open a GeoNames town."""
    out = []
    for match in _GEO_CUE_WORD.finditer(folded):
        if match.group(1) in heads:
            n = token_starting(tokens, match.start(1))
            if n is not None:
                out.append(n)
    return out


def _longest_town(folded: str, tokens: list[Token], n: int, most: int) -> tuple[int, int] | None:
    """The longest run of up to `most` words from token n (joined by a space or a hyphen)
    that is a GeoNames town."""
    names = _geo_set()
    start = tokens[n].start
    ends = [tokens[n].end]
    for k in range(n + 1, min(n + most, len(tokens))):
        if tokens[k].gap not in _SPACES and tokens[k].gap != "-":
            break
        ends.append(tokens[k].end)
    for end in reversed(ends):
        if folded[start:end] in names:
            return start, end
    return None


def _geo_span(folded: str, start: int, end: int) -> Span:
    # a cued town outranks a name guess, unless it is a given name too ("Troy")
    rank = PRIORITY_GUESS if folded[start:end] in first_names() else _GEO_RANK
    return Span(start, end, "location", "geo-town", rank)


# A town that is an ordinary word too ("Independence", "Green") needs a residence cue.
_GEO_HOME = re.compile(
    r"\b(?:lives?|living|lived|resides?|residing|moved|moving|grew[ \t]+up|raised|born|"
    r"relocated|(?:is|are|was|were|came|comes|originally)[ \t]+from)[ \t]+(?:back[ \t]+)?"
    r"(?:in|to|from|near)?[ \t]*$"
)


def _geo_ok(text: str, folded: str, start: int, end: int, mixed: bool, cued: bool) -> bool:
    """In mixed-case prose a town must be capitalised (not ALL CAPS); one that is an
    ordinary word ("Independence", "Green") only there, and only after a residence cue
    ("lives in", "moved to", "is from"). In ALL CAPS or lower-case notes ordinary-word towns
    never count."""
    value = text[start:end]
    ordinary = any(w in english_words() for w in folded[start:end].split())
    if mixed:
        if not value[0].isupper() or (value.isupper() and len(value) > 3):
            return False
    elif ordinary:
        return False
    if ordinary:
        return cued and _GEO_HOME.search(folded, max(0, start - 40), start) is not None
    return True


_FAMILY_MOTION = {
    "lives", "living", "moved", "moving", "daughter", "son", "sister", "brother", "dtr", "wife",
    "husband", "nephew", "niece", "fly", "flying", "flew", "flown",
}  # fmt: skip
# Kin whose place a note gives in passing ("his mother in Lagos"): a place only with a capital.
_ELDERS = {
    "mother", "father", "parents", "mom", "dad", "family", "grandmother", "grandfather",
    "grandparents", "aunt", "uncle", "cousin", "cousins", "relatives",
}  # fmt: skip
_PLACE_CUES = ("live", "resid", "moved", "moving", "grew", "born", "home")
_ORG_CUES = ("work", "employ", "job", "intern", "stud", "enrol", "attend")


def cued(text: str, folded: str | None = None, words: WordStarts | None = None) -> Iterator[Span]:
    """Places after 'lives in', employers after 'works at', hospitals like 'to GH'."""
    low = text.lower() if folded is None else folded
    if words is None:
        words = word_starts(text)
    upper, lower = letter_counts(text)
    wanted = [
        any(c in low for c in _PLACE_CUES), True, True, True, "from" in low,
        any(c in low for c in _HOLY_CUES),
    ]  # fmt: skip
    cue_places, motion, wards, town_words, travel, holy = _low_words().run(low, wanted, words)
    yield from _cue_places(text, cue_places)
    yield from _cue_orgs(text, _scan(_CUE_ORG, text, _ORG_CUES, words))
    yield from _motion(text, motion)
    wards += _scan(_WARD_AT, low, ("@",), words) + _scan(_WARD_LINE, low, ("plan",), words)
    yield from _wards(text, wards)
    yield from _town_words(text, town_words)
    yield from _travel(text, travel)
    business = _scan(_BUSINESS, text, ("business",), words)
    orgs_lower: list[re.Match[str]] = []
    if lower > 0.93 * (upper + lower):
        orgs_lower = _scan(_CUE_ORG_LOWER, text, ("work", "employ"), words)
    yield from _employers(text, business, orgs_lower)
    yield from _before_state(text, low)
    if upper < 0.1 * (upper + lower):
        yield from _lower_acronyms(_scan(_LOWER_ACRONYM, text, (), words))
    for match in _scan(_SAINTS, text, ("St", "ST", "Saint", "SAINT"), words):
        if len(match.group(1)) == 2:  # "a bed @ St A.": a saint's hospital, its name cut short
            before = text[max(0, match.start() - 8) : match.start()]
            if match.group().startswith("St") and _AT_BEFORE.search(before):
                yield Span(match.start(), match.end() - 1, "location", "saint", PRIORITY_CONTEXT)
            continue
        name = (match.group(1) or "").lower().removesuffix("'s")
        if name and name not in first_names() and not match.group(1).istitle():
            continue  # "ST. NO ECTOPY": sinus tachycardia, not a saint
        if name and (name in common_words() or (name not in first_names() and name.isupper())):
            continue
        yield Span(match.start(), match.end(), "location", "saint", PRIORITY_CONTEXT)
    for match in holy:
        yield Span(match.start(), match.end(), "location", "saint", PRIORITY_CONTEXT)
    for match in _scan(_UNIVERSITY, text, ("U",), words):
        yield Span(match.start(), match.end(), "location", "university", PRIORITY_CONTEXT)
    for match in _scan(_ACRONYM_CODE, text, (), words):
        code = match.group()
        stem = code[:-2] if code.endswith(("MC", "HC")) else code[:-1]
        if code in _NOT_FACILITY or (any(c in "AEIOUY" for c in stem) and stem[:2] != "VA"):
            continue
        if _ACRONYM_BEFORE.search(low, max(0, match.start() - 12), match.start()):
            yield Span(match.start(), match.end(), "location", "acronym", PRIORITY_GUESS)


_HOLY_CUES = ("holy", "sacred", "good")


@cache
def _low_words() -> WordScanners:
    """The word-start cues read on the folded text, in one pass (in `cued`'s order)."""
    return WordScanners([_CUE_PLACE, _MOTION, _WARD, _TOWN_WORD, _TRAVEL, _HOLY])


@cache
def _stop_words() -> frozenset[str]:
    """Words that never name a town or an employer: ordinary words and hospital places."""
    return frozenset(common_words() | _NOT_A_NAME | _PLACE_WORDS)


@cache
def _trim_stop() -> frozenset[str]:
    return frozenset(common_words() | _NOT_A_NAME)


def _scan(
    scanner: Scanner, text: str, needles: tuple[str, ...] = (), words: WordStarts | None = None
) -> list[re.Match[str]]:
    """The scanner's matches; none when the text holds none of the words it needs."""
    if needles and not any(n in text for n in needles):
        return []
    return list(scanner.finditer(text, words))


# "ON QUARTERMAIN 6", "per Bayside 3 RN", "ADMITTED TO WESTWING7": a ward or building named
# with its floor; a dose or a setting after a drug or a mode carries a unit, which rules it out.
_WARD_TAIL = (
    r"[ \t]+(?:the[ \t]+)?(\d{3}[ \t]+)?"
    r"([a-z][a-z'\-]{3,})(?:[ \t]?(\d)|[ \t]*(?=[.;,]|$))"
    r"(?<!q\d)(?![\d.,/%:]\d|\d|[a-z]|[ \t]*(?:mg|mcg|meq|mmol|gm?\b|grams?|l\b|lpm|cc|ml|units?|"
    r"u\b|hr|%|x\b|-|am\b|pm\b|min))"
)
_WARD = Scanner(
    "optfasrmbgw",
    r"\b(?:on|per|from|at|(?:transferred|transfered|admitted|sent|taken|moved|returned|back|"
    r"went|go|going|transfer|trans|brought)(?:[ \t]+[\d/]{3,10})?[ \t]+to)" + _WARD_TAIL,
    re.M,
    word=True,
)
_WARD_AT = Scanner("@", "@" + _WARD_TAIL, re.M)
_MOTION_TO = ("transfer", "admitted", "sent", "taken", "moved", "returned", "back", "went", "go",
              "brought")  # fmt: skip
_NOT_WARD = {"cpap", "bipap", "simv", "peep", "vent", "ventilator", "mask", "trach", "nasal"}
# "PLAN: QUARTERMAIN 2 WHEN BED AVAILABLE": the same shape at the start of a plan line.
_WARD_LINE = Scanner(
    "p", r"\bplan[ \t]*[:\-][ \t]*(?:to[ \t]+)?()([a-z]{4,})[ \t]?(\d)(?![\d.,/%:])"
)


def _wards(text: str, matches: list[re.Match[str]]) -> Iterator[Span]:
    for match in matches:
        room, word, floor = match.group(1, 2, 3)
        if room and not match.group().lstrip().startswith(_MOTION_TO):
            room = None  # "at 930 crit": a time; only "transferred to 209 X" has a room
        if floor is None and room is None and not _glued_digit(text, match.end(2)):
            continue
        if word in _NOT_WARD or word in _PLACE_WORDS or word in common_words():
            continue
        if word in _NOT_A_NAME or not plausible_name(word.replace("'", "")):
            continue
        end = match.end(2)
        if _glued_digit(text, end):
            end += 1
        yield Span(match.start(2), end, "location", "ward", PRIORITY_GUESS)


def _glued_digit(text: str, end: int) -> bool:
    return end < len(text) and text[end].isdigit() and not text[end + 1 : end + 2].isdigit()


# "daughter flying in tomorrow from Rome", "TO ARRIVE 9/9 FROM DENVER": where a visitor comes
# from, a few words after a travel verb.
_TRAVEL = Scanner(
    "afdctv",
    r"\b(?:arriv\w*|fly\w*|flew|flown|driv\w*|drove|coming|came|travel\w*|visiting)\b"
    r"[^.\n]{0,40}?\bfrom[ \t]+([a-z][a-z'\-]+(?:[ \t]+[a-z][a-z'\-]+)?)",
    word=True,
)
# "his business Acme", "family business Brightline".
_BUSINESS = Scanner(
    "b",
    r"\bbusiness[ \t]+(?:is[ \t]+|called[ \t]+)?([A-Z][A-Za-z&'\-]+(?:[ \t]+[A-Z][A-Za-z&'\-]+)?)",
)
# "works for vista health" in a lower-case note, where the capitals say nothing.
_CUE_ORG_LOWER = Scanner(
    "we",
    r"\b(?:works|worked|working|employed)[ \t]+(?:for|at|by)[ \t]+(?:the[ \t]+)?"
    r"([a-z][a-z&'\-]+(?:[ \t]+[a-z][a-z&'\-]+)?)(?=[ \t]*(?:[.,;\n]|$))",
    re.M,
    word=True,
)
_STATES = "|".join(US_STATES)
# "this Towson Maryland facility", "from Dundalk, Maryland": the town before its state.
_WORD_BEFORE = re.compile(r"\b([a-z][a-z'\-]{3,})[ \t]*,?[ \t]+$")
_NOT_TOWN_BEFORE_STATE = {
    "western", "eastern", "northern", "southern", "central", "upstate", "downstate", "rural",
    "coastal", "state", "from", "lives", "live", "living", "into", "near", "visiting", "with",
    "university", "univ", "college", "hospital", "moved", "born", "raised", "back", "home",
    "went", "left", "out", "across", "throughout", "northwest", "northeast", "southwest",
    "southeast", "west", "east", "north", "south", "whole", "entire",
}  # fmt: skip


def _travel(text: str, matches: list[re.Match[str]]) -> Iterator[Span]:
    for match in matches:
        start = match.start(1)
        end = _capital_run(text, start, _trim_common(text, start, match.end(1)))
        if end > start and _proper(text, start, end, family=True):
            yield Span(start, end, "location", "travel", PRIORITY_GUESS)


@cache
def _state_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for state in _STATES.split("|"):
        automaton.add_word(state, len(state))
    automaton.make_automaton()
    return automaton


def _before_state(text: str, low: str) -> Iterator[Span]:
    for end_index, length in _state_automaton().iter(low):
        end = end_index + 1
        start = end - length
        if not bounded(low, start, end) or low[end : end + 3].lstrip("'-")[:2].isalpha():
            continue  # "maryland's" is fine, "virginian" is not a state
        match = _WORD_BEFORE.search(low, max(0, start - 40), start)
        if match is None:
            continue
        word = match.group(1)
        if word in _NOT_TOWN_BEFORE_STATE or word in common_words() or word in _NOT_A_NAME:
            continue
        if not plausible_name(word) and word not in places():
            continue
        yield Span(match.start(1), match.end(1), "location", "town-state", PRIORITY_GUESS)


def _employers(
    text: str, business: list[re.Match[str]], orgs_lower: list[re.Match[str]]
) -> Iterator[Span]:
    for match in business:
        yield Span(match.start(1), match.end(1), "organization", "works-at", PRIORITY_CONTEXT)
    stop = _stop_words()
    for match in orgs_lower:
        words = match.group(1).split()
        if words[0] in stop or len(words[0]) < 4:
            continue  # "works for the state", "works at home"
        yield Span(match.start(1), match.end(1), "organization", "works-at", PRIORITY_GUESS)


# ", in Lochearn" after a street or a facility: the town it is in.
_TOWN_AFTER = re.compile(
    r"\.?[ \t]*,?[ \t]*(?:in|of|at)?[ \t]*([A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)|"
    r"\.?[ \t]*,?[ \t]*(?:in|of)[ \t]+([A-Z]{4,}(?:[ \t]+[A-Z]{4,})?)\b"
)
_AFTER_SOURCES = {"facility", "street", "university", "saint"}
# "SCREENED BY BALTIMORE REHAB AND KIMBALL.": a second facility named in the same breath.
_FACILITY_AND = re.compile(r"[ \t]+(?:and|AND|&)[ \t]+([A-Za-z]{4,})(?=[ \t]*[.,;\n])")
_PERSON_AFTER = re.compile(r"[ \t]+(?:of|from)[ \t]+([A-Z][a-z]{3,}(?:[ \t]+[A-Z][a-z]+)?)\b")


def after_spans(text: str, found: list[Span]) -> Iterator[Span]:
    """The town written right after a street or a facility ('19 Clover St. in Lansdowne',
    'Mercy Medical Center in Towson'), and after a person ('Neil Meitz of Towson')."""
    stop = _stop_words()
    for span in found:
        if span.source == "facility":
            also = _FACILITY_AND.match(text, span.end)
            if also and also.group(1).lower() not in stop and plausible_name(also.group(1).lower()):
                yield Span(also.start(1), also.end(1), "location", "facility", PRIORITY_GUESS)
        if span.source in _AFTER_SOURCES:
            match = _TOWN_AFTER.match(text, span.end)
            if match is None:
                continue
            group = 1 if match.group(1) else 2
            value = match.group(group)
            if value.lower() in stop or value.split()[0].lower() in stop:
                continue
            between = text[span.end : match.start(group)]
            if not between.strip(" \t,.") and "," not in between:
                continue  # "Mercy Hospital Emergency": the name goes on, not a town
            yield Span(
                match.start(group), match.end(group), "location", "town-after", PRIORITY_GUESS
            )
        elif span.kind == "person" and span.source != "repeat":
            match = _PERSON_AFTER.match(text, span.end)
            if match is None:
                continue
            first = match.group(1).split()[0].lower()
            if first in stop or first in first_names() or _is_calendar(first):
                continue
            yield Span(match.start(1), match.end(1), "location", "town-after", PRIORITY_GUESS)


def _is_calendar(low: str) -> bool:
    return low[:3] in {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                       "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun"}  # fmt: skip


def _lower_acronyms(matches: list[re.Match[str]]) -> Iterator[Span]:
    """'sent to gh' in a lower-case note: a hospital's initials, written small."""
    for match in matches:
        code = match.group(1)
        if code.upper() not in _NOT_FACILITY:
            yield Span(match.start(1), match.end(1), "location", "acronym", PRIORITY_GUESS)


def _town_words(text: str, matches: list[re.Match[str]]) -> Iterator[Span]:
    """'in Germantown', 'of Reisterstown', 'from Pikesville': words shaped like town names."""
    for match in matches:
        value = text[match.start(1) : match.end(1)]
        words = value.lower().split()
        if words[-1] in _NOT_TOWN or words[-1] in common_words() or len(words[-1]) < 6:
            continue
        start = match.start(1)
        if len(words) == 2 and (words[0] in common_words() or not value[0].isupper()):
            start = match.end(1) - len(value.split()[-1])
        yield Span(start, match.end(1), "location", "town-shape", PRIORITY_GUESS)


def _cue_places(text: str, matches: list[re.Match[str]]) -> Iterator[Span]:
    for match in matches:
        start = match.start(1)
        end = _trim_common(text, start, _capitalised_end(text, start, match.end(1)))
        if end > start:
            yield Span(start, end, "location", "lives-in", PRIORITY_CONTEXT)


def _capital_run(text: str, start: int, end: int) -> int:
    """A capitalised capture stops at its first word written small or after a full stop
    ("from Ibadan thinks", "in Brandon. works"); a lower-case one is left whole."""
    if not text[start : start + 1].isupper():
        return end
    pos = start
    for word in re.finditer(r"\S+", text[start:end]):
        if not word.group()[0].isupper():
            break
        pos = start + word.end()
        if word.group().endswith("."):
            break
    return len(text[:pos].rstrip(".")) if pos > start else pos


def _capitalised_end(text: str, start: int, end: int) -> int:
    """Where the run of capitalised words starting at `start` stops (`start`: none)."""
    pos = start
    for word in re.finditer(r"\S+", text[start:end]):
        if not word.group()[0].isupper():
            break
        pos = start + word.end()
    return pos


def _cue_orgs(text: str, matches: list[re.Match[str]]) -> Iterator[Span]:
    for match in matches:
        end = _trim_common(text, match.start(1), match.end(1))
        if end > match.start(1):
            yield Span(match.start(1), end, "organization", "works-at", PRIORITY_CONTEXT)


_OCCUPATION_SET = frozenset(_OCCUPATIONS)
_ORG_JOINS = frozenset({"of", "and"})
_STREET_PREPS = frozenset({"on", "off", "along", "down", "up", "onto", "near", "past", "at"})
_STREET_TYPES = frozenset(
    {"avenue", "ave", "street", "road", "rd", "boulevard", "blvd", "lane", "ln", "drive",
     "parkway", "pkwy", "highway", "hwy", "terrace", "court", "circle"}
)  # fmt: skip


def jobs_and_streets(text: str, tokens: list[Token], caps: list[int]) -> Iterator[Span]:
    """Read at the capitalised words of prose (`caps`, from `names.capitals`): the employer
    after a job ("an architect at Kimura & Lee Architects", "shelves at Al-Noor Market"), a
    street named without its number ("the barbershop on Edgewood Ave") and where kin live
    ("his mother in Lagos")."""
    after = 0
    for n in caps:
        if n < after or n == 0:
            continue
        before = tokens[n - 1].low
        k = n - 2 if before == "the" else n - 1
        if k > 0 and tokens[k].low in {"at", "for"} and _after_job(tokens, k - 1):
            span = _employer(text, tokens, n)
            if span is not None:
                after = n + 1
                yield span
                continue
        if before in _STREET_PREPS:
            span = _unnumbered_street(tokens, n)
            if span is not None:
                after = n + 1
                yield span
                continue
        if before in {"in", "from"} and n > 1 and tokens[n - 2].low in _ELDERS:
            span = _kin_place(text, tokens, n)
            if span is not None:
                yield span


def _kin_place(text: str, tokens: list[Token], n: int) -> Span | None:
    """ "his mother in Lagos", "Bea's parents in Malmö": where kin live, given with a capital
    ("mother in law", "family in crisis" have none)."""
    j = n + 1 if n + 1 < len(tokens) and tokens[n + 1].gap == " " and _titled(tokens[n + 1]) else n
    start, end = tokens[n].start, _trim_common(text, tokens[n].start, tokens[j].end)
    if end <= start or not _titled(tokens[n]) or len(tokens[n].low) < 3:
        return None
    low = text[start:end].lower()
    if low in _PLACE_WORDS or tokens[n].low in common_words() or tokens[n].low in _PLACE_WORDS:
        return None
    if not plausible_name(tokens[n].low, plural_ok=True):
        return None
    return Span(start, end, "location", "motion", PRIORITY_GUESS)


def _titled(tok: Token) -> bool:
    return tok.case != "upper" and tok.word[0].isupper() and not tok.word.isupper()


def _after_job(tokens: list[Token], k: int) -> bool:
    """Whether a job word ends at token k ("nurse at", "nurse on nights at")."""
    if tokens[k].low in _OCCUPATION_SET:
        return True
    return k >= 2 and tokens[k - 1].low == "on" and tokens[k - 2].low in _OCCUPATION_SET


def _employer(text: str, tokens: list[Token], n: int) -> Span | None:
    """The run of capitalised words (joined by '&', 'of', 'and') from token n, cut at an
    ordinary word, with no dangling join; a word in capitals alone ("at ICU") is a ward."""
    j = n
    while j + 1 < len(tokens) and j - n < 5:
        nxt = tokens[j + 1]
        if nxt.gap not in {" ", " & ", "-"} or not (
            (nxt.word[0].isupper() and nxt.case != "upper") or nxt.low in _ORG_JOINS
        ):
            break
        j += 1
    while j > n and tokens[j].low in _ORG_JOINS:
        j -= 1
    start = tokens[n].start
    end = _trim_common(text, start, tokens[j].end)
    value = text[start:end]
    if end <= start or not any(w[0].isupper() and not w.isupper() for w in value.split()):
        return None
    if value.lower() in _PLACE_WORDS or value.lower() in _stop_words():
        return None
    return Span(start, end, "organization", "job-at", PRIORITY_CONTEXT)


def _unnumbered_street(tokens: list[Token], n: int) -> Span | None:
    """One or two capitalised names, then a street type: "Edgewood Ave", "Lilly Road" (St,
    Dr and Way are left out: saints, doctors, ways)."""
    first = tokens[n]
    if first.low in common_words() or first.low in {"the", "this", "that", "main"}:
        return None
    for k in (n + 1, n + 2):
        if k >= len(tokens) or tokens[k].gap != " " or not tokens[k].word[0].isupper():
            return None
        if tokens[k].low in _STREET_TYPES:
            return Span(first.start, tokens[k].end, "location", "street", PRIORITY_CONTEXT)
    return None


def _motion(text: str, matches: list[re.Match[str]]) -> Iterator[Span]:
    """'TRANSFERRED TO QUARTERMAIN 3', 'son from Pikesville': matched on the folded text."""
    for match in matches:
        start, end = match.start(1), _trim_common(text, match.start(1), match.end(1))
        end = _capital_run(text, start, end)
        words = match.group(0).split()
        family = words[0] in _FAMILY_MOTION and words[1] in {"from", "in", "of"}
        if words[1] == "for":
            continue
        ward = match.group(2) is not None
        if end > start and _proper(text, start, end, ward=ward, family=family):
            yield Span(start, end, "location", "motion", PRIORITY_GUESS)


def _proper(text: str, start: int, end: int, ward: bool = False, family: bool = False) -> bool:
    """A captured place must look like a name: capitalised in mixed text; in an ALL CAPS or
    lower-case note only a ward ("QUARTERMAIN 3") or a word that reads as a name."""
    value = text[start:end]
    if not value[:1].isalpha() or value.lower().rstrip(".") in _PLACE_WORDS:
        return False
    first = value.split()[0].lower().rstrip(".")
    if first in _PLACE_WORDS or first in common_words() or len(first) < 3:
        return False
    window = text[max(0, start - 200) : end + 200]
    if window.isascii():
        n_upper, n_lower = letter_counts(window)
        letters = n_upper + n_lower
    else:
        n_upper = sum(c.isupper() for c in window if c.isalpha())
        n_lower = sum(c.islower() for c in window if c.isalpha())
        letters = sum(c.isalpha() for c in window)
    upper = n_upper > 0.6 * letters
    lower = n_lower > 0.93 * letters
    if upper or lower:
        capital = lower and value[0].isupper() and not value.isupper()
        if family and len(first) >= 4 and plausible_name(first, plural_ok=capital):
            # "DAUGHTER FROM ROME", "son in pikesville", "mother in Lagos"; not "moving from
            # hope to action": an ordinary word only when it is a town too
            return first not in english_words() or first in places()
        if capital and len(first) >= 4:
            return plausible_name(first)  # "Surgeon from Harbor": a capital in lower case
        return ward and first.isalpha() and not first.endswith(("ed", "ing", "s"))
    return value[0].isupper() and not value.isupper() and value.lower() not in _PLACE_WORDS


def _trim_common(text: str, start: int, end: int) -> int:
    """Cut a cue's capture at its first ordinary word ("MILFORD MILL BY EMS" -> "MILFORD MILL")."""
    stop = _trim_stop()
    pos = start
    for word in re.finditer(r"[^\s]+", text[start:end]):
        if word.group().lower().strip(".,") in stop:
            return pos
        pos = start + word.end()
    return pos


_MEMORABLE = {
    "ward",
    "town-state",
    "town-shape",
    "facility",
    "lives-in",
    "saint",
    "works-at",
    "town",
}  # kept for later texts
_REPEATABLE = {
    "ward",
    "travel",
    "town-state",
    "town-after",
    "town-shape",
    "motion",
    "facility",
    "lives-in",
    "acronym",
    "saint",
    "town",
    "works-at",
}
# Found by places_context: their ordinary words ("auto", "body", "north") are not repeated.
_STRICT_REPEAT = {"employer", "unit", "small-town", "neighborhood", "stay", "campus"}
_MEMORABLE |= _STRICT_REPEAT
_REPEATABLE |= _STRICT_REPEAT
_GENERIC = set(_FACILITY_ENDINGS) | {"st", "saint", "of", "the", "u", "med", "center", "medical"}


def place_repeats(
    tokens: list[Token], found: list[Span], remembered: dict[str, Kind] | None = None
) -> list[Span]:
    """Every other mention of a place word already found ('QUARTERMAIN', 'GH', 'Calvert'),
    in any case; `remembered` carries them across the texts of a packet (updated in place)."""
    memory: dict[str, Kind] = remembered if remembered is not None else {}
    words = dict(memory)
    for span in found:
        n = token_starting(tokens, span.start)
        if span.source not in _REPEATABLE or n is None:
            continue
        while n < len(tokens) and tokens[n].end <= span.end:
            tok = tokens[n]
            low = tok.low.rstrip(".")
            usable = len(low) >= 3 or (len(low) == 2 and tok.word.isupper())
            strict = span.source in _STRICT_REPEAT and low in english_words()
            if usable and low not in _GENERIC and low not in common_words() and not strict:
                words.setdefault(low, span.kind)
                if span.source in _MEMORABLE:
                    memory.setdefault(low, span.kind)
            n += 1
    if not words:
        return []
    return [
        Span(t.start, t.end, words[t.low], "place-repeat", PRIORITY_GUESS)
        for t in tokens
        if t.low in words and (len(t.low) > 2 or t.word.isupper() or t.case == "lower")
    ]


# "Mt. Sinai", "Mount Hood", "VA Puget Sound American Lake": the words after these are a place.
_PREFIXED = re.compile(r"\b(?:Mt\.?|Mount|VA)[ \t]+([A-Z][a-z'\-]+(?:[ \t]+[A-Z][a-z'\-]+){0,3})")


def prefixed(text: str) -> Iterator[Span]:
    """A mountain or a veterans' facility named in mixed-case prose, up to a function word,
    a month or a weekday."""
    if "Mt" not in text and "Mount" not in text and "VA " not in text:
        return
    for match in _PREFIXED.finditer(text):
        end = match.start(1)
        for word in re.finditer(r"[^ \t]+", match.group(1)):
            if word.group().lower() in _NOT_PREFIXED:
                break
            end = match.start(1) + word.end()
        if end > match.start(1):
            yield Span(match.start(), end, "location", "prefixed", PRIORITY_GUESS)


_NOT_PREFIXED = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "and", "or", "the", "in", "on", "at", "for", "of", "to", "i", "he",
    "she", "they", "we", "it", "then", "but", "so", "his", "her", "their", "our", "my",
}  # fmt: skip
