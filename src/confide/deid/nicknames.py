"""A small table of common English diminutives, both directions.

Source: general knowledge of common English given-name diminutives (the pairs any US
name-variants list carries, e.g. Robert/Bob, Elizabeth/Liz). Kept deliberately small: a
nickname that is also an ordinary word (Will, Bill, Pat) is only ever matched because the
case's records name that person, never on its own.
"""

from __future__ import annotations

NICKNAMES: dict[str, tuple[str, ...]] = {
    "abigail": ("abby", "abbie"),
    "alexander": ("alex", "al", "xander"),
    "alexandra": ("alex", "lexi", "sandra"),
    "alfred": ("al", "alf", "fred"),
    "allison": ("ally", "allie"),
    "andrew": ("andy", "drew"),
    "anna": ("annie", "ann"),
    "augustus": ("gus", "augie"),
    "anthony": ("tony",),
    "barbara": ("barb", "barbie"),
    "benjamin": ("ben", "benny", "benji"),
    "catherine": ("cathy", "cat", "kate", "katie"),
    "charles": ("charlie", "chuck", "chas"),
    "christina": ("chris", "tina", "christy"),
    "christine": ("chris", "chrissy", "tina"),
    "christopher": ("chris", "topher", "kit"),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davey"),
    "deborah": ("deb", "debbie", "debby"),
    "donald": ("don", "donny"),
    "dorothy": ("dot", "dottie", "dolly"),
    "edward": ("ed", "eddie", "ted", "ned"),
    "elizabeth": ("liz", "lizzie", "beth", "betsy", "betty", "eliza", "libby"),
    "emily": ("em", "emmy"),
    "frances": ("fran", "frannie"),
    "francis": ("frank", "fran"),
    "frederick": ("fred", "freddie"),
    "gerald": ("gerry", "jerry"),
    "gregory": ("greg",),
    "henry": ("hank", "harry"),
    "isabella": ("bella", "izzy"),
    "jacob": ("jake",),
    "james": ("jim", "jimmy", "jamie"),
    "jennifer": ("jen", "jenny"),
    "jessica": ("jess", "jessie"),
    "john": ("johnny", "jack"),
    "jonathan": ("jon", "jonny"),
    "joseph": ("joe", "joey"),
    "joshua": ("josh",),
    "katherine": ("kate", "katie", "kathy", "kat", "kit"),
    "kathleen": ("kathy", "kate"),
    "kimberly": ("kim",),
    "lawrence": ("larry",),
    "leonard": ("leo", "len", "lenny"),
    "margaret": ("maggie", "meg", "peggy", "marge", "margie"),
    "matthew": ("matt", "matty"),
    "michael": ("mike", "mikey", "mick"),
    "nicholas": ("nick", "nicky"),
    "pamela": ("pam",),
    "patricia": ("pat", "patty", "trish"),
    "patrick": ("pat", "paddy"),
    "peter": ("pete",),
    "rebecca": ("becky", "becca"),
    "richard": ("rick", "rich", "dick", "ricky"),
    "robert": ("bob", "rob", "bobby", "robbie", "bert"),
    "ronald": ("ron", "ronnie"),
    "samantha": ("sam", "sammy"),
    "samuel": ("sam", "sammy"),
    "stephanie": ("steph",),
    "stephen": ("steve",),
    "steven": ("steve",),
    "susan": ("sue", "susie", "suzy"),
    "theodore": ("ted", "teddy", "theo"),
    "thomas": ("tom", "tommy"),
    "timothy": ("tim", "timmy"),
    "victoria": ("vicky", "tori"),
    "william": ("will", "bill", "billy", "liam", "willy"),
    "zachary": ("zach", "zack"),
}


def variants_of(first: str) -> set[str]:
    """Every diminutive of a given name, and the formal names a diminutive may stand for."""
    low = first.lower()
    out = set(NICKNAMES.get(low, ()))
    for formal, nicks in NICKNAMES.items():
        if low in nicks:
            out.add(formal)
    out.discard(low)
    return out
