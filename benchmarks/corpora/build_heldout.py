"""Build benchmarks/corpora/therapy-heldout.jsonl from therapy-heldout.src.txt.

The notes are written by hand in the source file with inline markup:

    [[Sarah Miller|person|ClientName]]

Directives (lines starting with ``@@``):

    @@ case 07 | free-text description of the case
    @@ known <kind> <role> | <text>      (what the practice's records hold for the case)
    @@ note 3 +known                     (note t-07-3; ``+known`` attaches the case's known list)

Everything up to the next directive is the note's text (leading and trailing blank lines
dropped). The script strips the markup, computes character offsets, validates every span and
writes one JSON object per line. It is deterministic: running it again rewrites the same bytes.
Exit status 1, with a message naming the note, on any problem.

    .venv/bin/python benchmarks/corpora/build_heldout.py [--check] [SET ...]

SET is a key of ``SETS`` (``therapy-heldout``, ``therapy-heldout-2`` ... ``therapy-tuning-4``;
default: all).
``--check`` validates and compares with the committed jsonl without writing it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from confide.deid.spans import KINDS as KIND_VOCABULARY

HERE = Path(__file__).resolve().parent
# Each held-out set: its hand-written source and the jsonl built from it.
SETS = {
    "therapy-heldout": HERE / "therapy-heldout.src.txt",
    "therapy-heldout-2": HERE / "therapy-heldout-2.src.txt",
    "therapy-heldout-3": HERE / "therapy-heldout-3.src.txt",
    "therapy-heldout-4": HERE / "therapy-heldout-4.src.txt",
    "therapy-tuning-4": HERE / "therapy-tuning-4.src.txt",
}

KINDS = frozenset(KIND_VOCABULARY)  # the spec's vocabulary, as the engine spells it
LABEL_KIND = {
    "ClientName": "person",
    "RelativeName": "person",
    "ClinicianName": "person",
    "OtherName": "person",
    "Street": "location",
    "City": "location",
    "ZIP": "location",
    "Facility": "location",
    "School": "location",
    "Employer": "organization",
    "Date": "date",
    "Age90": "age",
    "Phone": "phone",
    "Email": "email",
    "URL": "url",
    "IP": "ip",
    "ID": "id",
    "Handle": "other",
}
ROLES = {
    "client",
    "partner",
    "parent",
    "child",
    "sibling",
    "relative",
    "household",
    "clinician",
    "other",
    "school",
    "employer",
    "address",
    "city",
    "phone",
    "email",
    "facility",
}
MIN_WORDS, MAX_WORDS = 60, 400

MARKUP = re.compile(r"\[\[([^\[\]|]+)\|([a-z]+)\|([A-Za-z0-9]+)\]\]")
CASE = re.compile(r"^@@ case (\d{2,3}) \| (.+)$")  # t-101-1: three digits from set 4
KNOWN = re.compile(r"^@@ known ([a-z]+) ([a-z]+) \| (.+)$")
NOTE = re.compile(r"^@@ note (\d+)( \+known)?$")


class CorpusError(Exception):
    pass


def strip_markup(raw: str, note_id: str) -> tuple[str, list[dict[str, object]]]:
    """Return the plain text and its gold spans."""
    out: list[str] = []
    gold: list[dict[str, object]] = []
    pos = 0
    length = 0
    for m in MARKUP.finditer(raw):
        before = raw[pos : m.start()]
        out.append(before)
        length += len(before)
        span_text, kind, label = m.group(1), m.group(2), m.group(3)
        if kind not in KINDS:
            raise CorpusError(f"{note_id}: unknown kind {kind!r} in {m.group(0)!r}")
        if LABEL_KIND.get(label) != kind:
            raise CorpusError(f"{note_id}: label {label!r} does not go with kind {kind!r}")
        if span_text != span_text.strip():
            raise CorpusError(f"{note_id}: span {span_text!r} has surrounding spaces")
        gold.append(
            {
                "start": length,
                "end": length + len(span_text),
                "kind": kind,
                "label": label,
                "text": span_text,
            }
        )
        out.append(span_text)
        length += len(span_text)
        pos = m.end()
    out.append(raw[pos:])
    text = "".join(out)
    for stray in ("[[", "]]"):
        if stray in text:
            where = text.index(stray)
            raise CorpusError(f"{note_id}: malformed markup near {text[where : where + 60]!r}")
    return text, gold


def validate(doc: dict[str, object]) -> None:
    note_id = str(doc["id"])
    text = str(doc["text"])
    gold = doc["gold"]
    assert isinstance(gold, list)
    previous_end = -1
    for span in gold:
        start, end = span["start"], span["end"]
        if not (0 <= start < end <= len(text)):
            raise CorpusError(f"{note_id}: span {span} out of range")
        if text[start:end] != span["text"]:
            raise CorpusError(
                f"{note_id}: span text {span['text']!r} != text[{start}:{end}] {text[start:end]!r}"
            )
        if start < previous_end:
            raise CorpusError(f"{note_id}: span {span} overlaps the previous span")
        previous_end = end
    words = len(text.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        raise CorpusError(f"{note_id}: {words} words, outside {MIN_WORDS}-{MAX_WORDS}")


def parse(source: str) -> list[dict[str, object]]:
    docs: list[dict[str, object]] = []
    seen: set[str] = set()
    case: str | None = None
    known: list[dict[str, str]] = []
    current: dict[str, object] | None = None
    lines: list[str] = []

    def finish() -> None:
        if current is None:
            return
        raw = "\n".join(lines).strip("\n")
        text, gold = strip_markup(raw, str(current["id"]))
        doc: dict[str, object] = {"id": current["id"], "text": text, "gold": gold}
        if current["known"]:
            doc["known"] = [dict(k) for k in known]
        validate(doc)
        docs.append(doc)

    for lineno, line in enumerate(source.splitlines(), 1):
        if not line.startswith("@@"):
            if current is None:
                if line.strip() and not line.startswith("#"):
                    raise CorpusError(f"line {lineno}: text outside a note")
                continue
            lines.append(line.rstrip())
            continue
        if m := CASE.match(line):
            finish()
            current, lines = None, []
            case, known = m.group(1), []
        elif m := KNOWN.match(line):
            if current is not None or case is None:
                raise CorpusError(f"line {lineno}: 'known' must come before the case's notes")
            kind, role, text = m.group(1), m.group(2), m.group(3).strip()
            if kind not in KINDS or role not in ROLES:
                raise CorpusError(f"line {lineno}: bad known kind/role {kind!r}/{role!r}")
            known.append({"text": text, "kind": kind, "role": role})
        elif m := NOTE.match(line):
            finish()
            if case is None:
                raise CorpusError(f"line {lineno}: note before any case")
            note_id = f"t-{case}-{m.group(1)}"
            if note_id in seen:
                raise CorpusError(f"line {lineno}: duplicate id {note_id}")
            if m.group(2) and not known:
                raise CorpusError(f"line {lineno}: +known but the case has no known list")
            seen.add(note_id)
            current, lines = {"id": note_id, "known": bool(m.group(2))}, []
        else:
            raise CorpusError(f"line {lineno}: unrecognised directive {line!r}")
    finish()
    if not docs:
        raise CorpusError("no notes found")
    return docs


def render(docs: list[dict[str, object]]) -> str:
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("--")] or list(SETS)
    unknown = [n for n in names if n not in SETS]
    if unknown:
        print(
            f"build_heldout: unknown set {unknown[0]!r} (one of {', '.join(SETS)})", file=sys.stderr
        )
        return 2
    status = 0
    for name in names:
        status = max(status, build(SETS[name], HERE / f"{name}.jsonl", "--check" in argv))
    return status


def build(source: Path, output: Path, check: bool) -> int:
    """Build (or with `check`, verify) one set; 1 with a message on any problem."""
    try:
        docs = parse(source.read_text(encoding="utf-8"))
    except CorpusError as exc:
        print(f"build_heldout: {source.name}: {exc}", file=sys.stderr)
        return 1
    rendered = render(docs)
    if check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != rendered:
            print(f"build_heldout: {output.name} is out of date; rebuild it", file=sys.stderr)
            return 1
        print(f"build_heldout: {output.name} is up to date ({len(docs)} notes)")
        return 0
    output.write_text(rendered, encoding="utf-8", newline="\n")
    spans = sum(len(d["gold"]) for d in docs)
    print(f"build_heldout: wrote {len(docs)} notes, {spans} gold spans to {output.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
