"""De-identification quality and speed: confide's engine beside Presidio, Philter and scrubadub.

    python benchmarks/deid_quality.py [--limit N] [--misses] [--corpora DIR] [--half H]

Every corpus is split in two by case (a PhysioNet patient, a therapy case, a synthetic sample):
a case whose id's SHA-256 is even is in the TUNING half, odd in the HELD-OUT half (`half_of`);
`therapy-heldout-2` and `therapy-heldout-3` (written before the issue-15 detector changes, -3 by
an author who had not read the detectors) and `therapy-heldout-4` are held out whole;
`therapy-tuning-4` (written blind for tuning) is a tuning set whole. Detector
changes are tuned on the tuning halves only (`--misses` prints tuning misses, never held-out
ones); both halves are reported side by side. Corpora: --corpora DIR or CONFIDE_DEID_CORPORA
(default ../shared/corpora), plus this folder's corpora/*.jsonl.

The public corpora live in benchmarks/corpora/public/ (sources and licences in its README);
--corpora or CONFIDE_DEID_CORPORA names another folder. A corpus that is absent is skipped and
the report says so.

Scores every system on the same corpora in the same run (spec/deid.md): strict recall (a gold
span is caught only when every letter and digit of it is covered) and precision (predicted
spans overlapping a gold span / predicted spans), per kind and overall; recall with and without
DateYear (a year alone is allowed by Safe Harbor); characters per second in one process.
Presidio runs with its regex recognizers only (no NLP model) unless a spaCy model is installed.
Writes the markdown table to benchmarks/results/deid.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import safe_harbor
from confide.deid import Deidentifier, KnownIdentifier
from confide.deid.evaluation import Gold, Predicted, Tally, covered, score
from known_gold import is_known_mention

HERE = Path(__file__).resolve().parent
CORPORA = ["physionet-deid-dev.jsonl", "presidio-synth.jsonl"]
PUBLIC_CORPORA = Path(os.environ.get("CONFIDE_DEID_CORPORA") or HERE / "corpora" / "public")
# Therapy notes written for this project (see corpora/README.md): never tuned on, except
# the halves half_of calls tuning and the sets in WHOLLY_TUNING.
OWN_CORPORA = sorted((HERE / "corpora").glob("*.jsonl"))
WHOLLY_HELD_OUT = {"therapy-heldout-2.jsonl", "therapy-heldout-3.jsonl", "therapy-heldout-4.jsonl"}
# Written blind, like the held-out sets, but for tuning: every note may be read and tuned on.
WHOLLY_TUNING = {"therapy-tuning-4.jsonl"}
HALVES = ("tuning", "held out")


def case_of(doc_id: str) -> str:
    """The case a document belongs to: "p12-n3" -> "p12", "t-07-2" -> "t-07", "s41" -> "s41"."""
    return doc_id.rsplit("-", 1)[0] if "-" in doc_id else doc_id


def half_of(doc_id: str, corpus: str) -> str:
    """Which half a document is in, by its case: deterministic, recorded here."""
    if corpus in WHOLLY_HELD_OUT:
        return "held out"
    if corpus in WHOLLY_TUNING:
        return "tuning"
    digest = hashlib.sha256(case_of(doc_id).encode("utf-8")).digest()
    return "held out" if digest[-1] % 2 else "tuning"


Detector = Callable[[str], list[Predicted]]

PRESIDIO_KINDS = {
    "PERSON": "person", "LOCATION": "location", "GPE": "location", "ORGANIZATION": "organization",
    "DATE_TIME": "date", "PHONE_NUMBER": "phone", "EMAIL_ADDRESS": "email", "URL": "url",
    "IP_ADDRESS": "ip", "NRP": "other",
}  # fmt: skip
SCRUBADUB_KINDS = {
    "name": "person", "address": "location", "postalcode": "location", "email": "email",
    "phone": "phone", "url": "url", "twitter": "other", "date_of_birth": "date",
}  # fmt: skip


@dataclass
class System:
    name: str
    detect: Detector
    note: str = ""
    begin: Callable[[dict[str, object]], None] | None = None  # told each document first


def confide_packet_system() -> System:
    """The engine as the web app uses it: one packet per case (here, per patient), so a name
    or place found in one note is known in the patient's later notes."""
    engine = Deidentifier()
    state: dict[str, object] = {"patient": None, "names": {}, "places": {}}

    def begin(doc: dict[str, object]) -> None:
        patient = str(doc["id"]).rsplit("-", 1)[0]
        if patient != state["patient"]:
            state.update(patient=patient, names={}, places={})

    def detect(text: str) -> list[Predicted]:
        spans = engine.detect(text, state["names"], state["places"])  # type: ignore[arg-type]
        return [Predicted(s.start, s.end, s.kind) for s in spans]

    return System(
        "confide (packet per patient)", detect, "notes of one patient share a packet", begin
    )


def confide_known_system(alone: bool = False) -> System:
    """The engine as a consultation packet runs it: one packet per case, told what the
    practice's records hold for the case (each note's `known`, gathered over the case)."""
    state: dict[str, object] = {"case": None, "known": [], "names": {}, "places": {}}
    engine = [Deidentifier()]

    def begin(doc: dict[str, object]) -> None:
        case = str(doc["id"]).rsplit("-", 1)[0]
        if case != state["case"]:
            state.update(case=case, known=[], names={}, places={})
        known: list[KnownIdentifier] = state["known"]  # type: ignore[assignment]
        for item in doc.get("known") or []:  # type: ignore[attr-defined]
            found = KnownIdentifier.from_dict(item)
            if found not in known:
                known.append(found)
        engine[0] = Deidentifier(known)

    def detect(text: str) -> list[Predicted]:
        spans = engine[0].detect(text, state["names"], state["places"])  # type: ignore[arg-type]
        return [
            Predicted(s.start, s.end, s.kind) for s in spans if not alone or s.source == "known"
        ]

    if alone:
        return System(
            "confide (known-identifier spans alone)",
            detect,
            "the case's known identifiers, only the spans the known-identifier matcher gave",
            begin,
        )
    return System("confide (case's known identifiers)", detect, "one packet per case", begin)


def confide_system() -> System:
    engine = Deidentifier()

    def detect(text: str) -> list[Predicted]:
        return [Predicted(s.start, s.end, s.kind) for s in engine.detect(text)]

    return System("confide", detect, "known identifiers: none (the corpora carry none)")


def presidio_system() -> System | None:
    try:
        from presidio_analyzer import AnalyzerEngine, PatternRecognizer, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NoOpNlpEngine
    except ImportError:
        return None
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    _offline_tldextract()
    model = _spacy_model()
    if model:
        engine = AnalyzerEngine()
        note = f"spaCy model {model}"
    else:
        nlp = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}])
        registry = RecognizerRegistry()
        registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp)
        registry.recognizers = [r for r in registry.recognizers if isinstance(r, PatternRecognizer)]
        engine = AnalyzerEngine(registry=registry, nlp_engine=nlp)
        note = "regex recognizers only (no spaCy model installed)"

    def detect(text: str) -> list[Predicted]:
        return [
            Predicted(r.start, r.end, PRESIDIO_KINDS.get(r.entity_type, "id"))
            for r in engine.analyze(text=text, language="en")
        ]

    return System("presidio", detect, note)


def _offline_tldextract() -> None:
    """Presidio's email check asks tldextract, which fetches the public suffix list from the
    network on first use; the benchmark stays offline with the bundled snapshot."""
    try:
        import tldextract
    except ImportError:
        return
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=())  # type: ignore[assignment]


def _spacy_model() -> str:
    try:
        import spacy.util
    except ImportError:
        return ""
    models = sorted(spacy.util.get_installed_models())
    return "en_core_web_lg" if "en_core_web_lg" in models else (models[0] if models else "")


PHILTER_KINDS = {
    "NAME": "person", "DATE": "date", "AGE": "age", "CONTACT": "phone", "ADDRESS": "location",
    "LOCATION": "location", "ORGANIZATION": "organization", "ID": "id", "OTHER": "id",
}  # fmt: skip
_PHILTER_TOKEN = re.compile(r"[A-Za-z]+|\d+")


def philter_system() -> System | None:
    """Philter (UCSF) through philter-lite with its own filter set. Its part-of-speech step
    needs NLTK's tagger data, which no PyPI package of NLTK's own ships (NLTK downloads it at
    run time, which this benchmark must not): a stand-in tags capitalised words NNP and
    numbers CD, the two tags its filters ask for, and everything else NN."""
    try:
        import philter_lite
        from philter_lite import philter as philter_core
    except ImportError:
        return None
    from importlib import resources

    config = resources.files("philter_lite").joinpath("configs", "philter_delta.toml")
    filters = philter_lite.load_filters(str(config))

    def stand_in_pos(text: str) -> list[tuple[str, str]]:
        out = []
        for word in philter_core._get_clean(text):
            if word[:1].isupper():
                out.append((word, "NNP"))
            elif word[:1].isdigit():
                out.append((word, "CD"))
            else:
                out.append((word, "NN"))
        return out

    philter_core._get_pos = stand_in_pos

    def detect(text: str) -> list[Predicted]:
        _include, _exclude, tracked = philter_lite.detect_phi(text, filters)
        return [
            Predicted(p.start, p.stop, PHILTER_KINDS.get(p.phi_type.split("_")[0], "id"))
            for p in tracked.phi
        ]

    return System(
        "philter",
        detect,
        f"philter-lite 0.6.0, philter_delta filters, stand-in POS tagger; run in a child process "
        f"given {PEER_SECONDS} s of CPU a corpus half (its regexes backtrack for minutes on "
        f"some ALL CAPS nursing notes); a half it does not finish is reported as n/a",
    )


PEER_SECONDS = int(os.environ.get("CONFIDE_BENCH_PEER_SECONDS", "240"))


def _philter_child(texts: list[str], out: object) -> None:
    system = philter_system()
    assert system is not None
    started = time.process_time()
    predicted = [[(p.start, p.end, p.kind) for p in system.detect(t)] for t in texts]
    out.put((predicted, time.process_time() - started))  # type: ignore[attr-defined]


def run_in_child(texts: list[str]) -> tuple[list[list[Predicted]], float] | None:
    """Philter's predictions for `texts` from a child process, or None past the time limit."""
    import multiprocessing

    queue: multiprocessing.Queue[object] = multiprocessing.Queue()
    child = multiprocessing.Process(target=_philter_child, args=(texts, queue))
    child.start()
    try:
        predicted, seconds = queue.get(timeout=PEER_SECONDS)  # type: ignore[misc]
    except Exception:  # queue.Empty: it did not finish in time
        child.kill()
        child.join()
        return None
    child.join()
    return [[Predicted(*p) for p in doc] for doc in predicted], seconds


def scrubadub_system() -> System | None:
    try:
        import scrubadub
    except ImportError:
        return None
    scrubber = scrubadub.Scrubber()

    def detect(text: str) -> list[Predicted]:
        return [
            Predicted(f.beg, f.end, SCRUBADUB_KINDS.get(f.type, "id"))
            for f in scrubber.iter_filth(text)
        ]

    return System("scrubadub", detect, "default detectors")


def load(path: Path, limit: int | None) -> list[dict[str, object]]:
    docs = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            docs.append(json.loads(line))
            if limit and len(docs) >= limit:
                break
    return docs


@dataclass
class Run:
    tally: Tally
    seconds: float
    chars: int
    years: int = 0  # gold DateYear spans
    years_caught: int = 0
    kept: int = 0  # gold spans Safe Harbor lets a text keep (see safe_harbor.py)
    kept_caught: int = 0
    labels: Tally = field(default_factory=Tally)  # recall by the corpus's own labels
    passes: list[float] = field(default_factory=list)  # CPU seconds of each timing pass
    known: int = 0  # gold spans that mention one of the case's known identifiers
    known_caught: int = 0
    known_misses: list[tuple[str, Gold]] = field(default_factory=list)

    @property
    def known_recall(self) -> str:
        return f"{self.known_caught / self.known:.3f} ({self.known})" if self.known else "-"

    @property
    def speed(self) -> float:
        """Characters per CPU second on the best pass (timeit's rule: slower passes measure
        the other tenants of a shared machine, not the detector)."""
        best = min([self.seconds, *self.passes]) if self.seconds else 0.0
        return self.chars / best if best else 0.0

    @property
    def median_speed(self) -> float:
        seconds = sorted([self.seconds, *self.passes])
        middle = seconds[len(seconds) // 2] if seconds else 0.0
        return self.chars / middle if middle else 0.0


def evaluate(system: System, docs: Iterable[dict[str, object]]) -> Run:
    run = Run(Tally(), 0.0, 0)
    case_known: dict[str, list[dict[str, object]]] = {}
    for doc in docs:
        text = str(doc["text"])
        # what the records hold for the case so far, as the known-identifier system is told
        known = case_known.setdefault(case_of(str(doc["id"])), [])
        known += [k for k in doc.get("known") or [] if k not in known]  # type: ignore[attr-defined]
        if system.begin is not None:
            system.begin(doc)
        started = time.process_time()  # CPU time: fair on a shared, busy machine
        predicted = system.detect(text)
        run.seconds += time.process_time() - started
        run.chars += len(text)
        gold = [
            Gold(g["start"], g["end"], g["kind"], g["label"])
            for g in doc["gold"]  # type: ignore[attr-defined]
        ]
        score(run.tally, str(doc["id"]), text, gold, predicted, gold_key="kind")
        score(run.labels, str(doc["id"]), text, gold, predicted, gold_key="label")
        for g in gold:
            if g.label == "DateYear":  # a year alone: allowed by Safe Harbor
                run.years += 1
                run.years_caught += covered(text, g, predicted)
            if safe_harbor.allowed(text[g.start : g.end], g.kind, g.label):
                run.kept += 1
                run.kept_caught += covered(text, g, predicted)
            if known and is_known_mention(text[g.start : g.end], g.kind, known):
                run.known += 1
                if covered(text, g, predicted):
                    run.known_caught += 1
                else:
                    run.known_misses.append((str(doc["id"]), g))
    return run


def evaluate_fixed(
    found: tuple[list[list[Predicted]], float], docs: list[dict[str, object]]
) -> Run:
    """Score predictions made elsewhere (a child process), in document order."""
    predicted, seconds = found
    queue = list(predicted)

    def detect(text: str) -> list[Predicted]:
        return queue.pop(0)

    run = evaluate(System("fixed", detect), docs)
    run.seconds = seconds
    return run


def time_passes(system: System, docs: list[dict[str, object]], run: Run, repeat: int) -> None:
    """Further passes over the corpus, timed only: the first pass also warmed the caches."""
    for _ in range(repeat - 1):
        seconds = 0.0
        for doc in docs:
            text = str(doc["text"])
            if system.begin is not None:
                system.begin(doc)
            started = time.process_time()
            system.detect(text)
            seconds += time.process_time() - started
        run.passes.append(seconds)


def recall_all(run: Run) -> float:
    return run.tally.recall()


def recall_required(run: Run) -> float:
    """Recall on the gold spans Safe Harbor requires removing."""
    total = sum(run.tally.gold.values()) - run.kept
    caught = sum(run.tally.caught.values()) - run.kept_caught
    return caught / total if total else 1.0


def recall_without_year(run: Run) -> float:
    total = sum(run.tally.gold.values()) - run.years
    caught = sum(run.tally.caught.values()) - run.years_caught
    return caught / total if total else 1.0


def _kind_recall(kind: str) -> Callable[[Run], str]:
    return lambda r: f"{r.tally.recall([kind]):.3f}"


def _kind_precision(kind: str) -> Callable[[Run], str]:
    def cell(r: Run) -> str:
        n = r.tally.predicted.get(kind, 0)
        return f"{r.tally.precision([kind]):.3f} ({n})" if n else "-"

    return cell


def table(corpus: str, runs: dict[str, Run], systems: list[System]) -> list[str]:
    names = [s.name for s in systems]
    lines = [f"### {corpus}", ""]
    lines.append("| metric | " + " | ".join(names) + " |")
    lines.append("|---|" + "---|" * len(names))
    rows: list[tuple[str, Callable[[Run], str]]] = [
        ("recall (strict, all gold)", lambda r: f"{recall_all(r):.3f}"),
        ("recall without DateYear", lambda r: f"{recall_without_year(r):.3f}"),
        ("recall, what Safe Harbor requires", lambda r: f"{recall_required(r):.3f}"),
        ("precision (overlap)", lambda r: f"{r.tally.precision():.3f}"),
        ("recall of known identifiers (n)", lambda r: r.known_recall),
        ("predicted spans", lambda r: f"{sum(r.tally.predicted.values())}"),
        ("chars/s (1 process, CPU time, best pass)", lambda r: f"{r.speed:,.0f}"),
        ("chars/s (median pass)", lambda r: f"{r.median_speed:,.0f}"),
    ]
    first = runs[names[0]].tally
    for kind in sorted(k for k in first.gold if first.gold[k]):
        rows.append((f"recall {kind} (n={first.gold[kind]})", _kind_recall(kind)))
    for kind in sorted({k for r in runs.values() for k in r.tally.predicted}):
        rows.append((f"precision {kind}", _kind_precision(kind)))
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(runs[n]) for n in names) + " |")
    labels = runs[names[0]].labels.gold
    lines += ["", "Recall by the corpus's own label:", ""]
    lines.append("| label | " + " | ".join(names) + " |")
    lines.append("|---|" + "---|" * len(names))
    for label in sorted(labels):
        cells = " | ".join(f"{runs[n].labels.recall([label]):.3f}" for n in names)
        lines.append(f"| {label} (n={labels[label]}) | {cells} |")
    return [*lines, ""]


def summary_rows(corpus: str, half: str, runs: dict[str, Run], systems: list[System]) -> list[str]:
    """One line per system: the figures the issue's goals are stated in."""
    rows = []
    for system in systems:
        run = runs[system.name]
        kinds = ", ".join(
            f"{kind} {run.tally.recall([kind]):.2f}"
            for kind in sorted(k for k in run.tally.gold if run.tally.gold[k])
        )
        rows.append(
            f"| {corpus} | {half} | {system.name} | {recall_all(run):.3f} | "
            f"{recall_without_year(run):.3f} | {recall_required(run):.3f} | "
            f"{run.tally.precision():.3f} | {run.known_recall} | {run.median_speed:,.0f} | "
            f"{kinds} |"
        )
    return rows


def summary_table(rows: list[str]) -> list[str]:
    head = [
        "## Summary: tuning and held-out halves side by side",
        "",
        "| corpus | half | system | recall (strict) | recall w/o DateYear | recall Safe Harbor "
        "requires | precision | known-identifier recall (n) | chars/s (median) | recall by kind |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    return [*head, *rows, ""]


def show_misses(run: Run, docs: list[dict[str, object]], limit: int = 400) -> None:
    texts = {str(d["id"]): str(d["text"]) for d in docs}
    for doc_id, g in run.tally.misses[:limit]:
        text = texts[doc_id]
        context = text[max(0, g.start - 40) : g.start] + "[[" + text[g.start : g.end] + "]]"
        context += text[g.end : g.end + 25]
        print(f"MISS {g.label or g.kind:18} {context!r}")
    for doc_id, p in run.tally.false[:limit]:
        text = texts[doc_id]
        context = text[max(0, p.start - 30) : p.start] + "[[" + text[p.start : p.end] + "]]"
        context += text[p.end : p.end + 20]
        print(f"FALSE {p.kind:12} {context!r}")


def show_known_misses(run: Run, docs: list[dict[str, object]]) -> None:
    """The known-identifier mentions the engine, told the case's records, left (tuning only)."""
    texts = {str(d["id"]): str(d["text"]) for d in docs}
    for doc_id, g in run.known_misses:
        text = texts[doc_id]
        context = text[max(0, g.start - 40) : g.start] + "[[" + text[g.start : g.end] + "]]"
        print(f"KNOWN MISS {doc_id} {g.label:14} {context + text[g.end : g.end + 25]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="documents per corpus")
    parser.add_argument("--misses", action="store_true", help="print confide's misses and FPs")
    default_corpora = os.environ.get("CONFIDE_DEID_CORPORA") or PUBLIC_CORPORA
    parser.add_argument("--corpora", type=Path, default=Path(default_corpora))
    parser.add_argument(
        "--half", choices=["tuning", "held-out", "both"], default="both", help="which halves"
    )
    parser.add_argument("--only-confide", action="store_true", help="skip the other systems")
    parser.add_argument("--repeat", type=int, default=3, help="timing passes per system")
    args = parser.parse_args(argv)

    systems = [confide_system(), confide_packet_system()]
    if not args.only_confide:
        peers = (presidio_system(), philter_system(), scrubadub_system())
        systems += [s for s in peers if s is not None]
    halves = [h for h in HALVES if args.half in ("both", h.replace(" ", "-"))]
    out = ["# De-identification benchmark", ""]
    out += [f"- {s.name}: {s.note}" for s in systems]
    out.append(f"- documents per corpus: {args.limit or 'all'}")
    out.append(f"- speed: CPU time of the detector alone, best and median of {args.repeat} passes")
    out.append(
        "- halves: by case, SHA-256 of the case id even = tuning, odd = held out "
        f"({', '.join(sorted(WHOLLY_HELD_OUT))} held out whole; "
        f"{', '.join(sorted(WHOLLY_TUNING))} tuning whole)"
    )
    out.append("")
    summary: list[str] = []
    paths = [args.corpora / corpus for corpus in CORPORA] + OWN_CORPORA
    for path in paths:
        if not path.is_file():
            out += [f"## {path.name}", "", f"skipped: {path} not found (see --corpora)", ""]
            print(f"skipped {path.name}: {path} not found", flush=True)
            continue
        every = load(path, args.limit)
        for half in halves:
            docs = [d for d in every if half_of(str(d["id"]), path.name) == half]
            if not docs:
                continue
            chosen = list(systems)
            if any(d.get("known") for d in docs):
                chosen[2:2] = [confide_known_system(), confide_known_system(alone=True)]
            runs = {}
            for system in list(chosen):
                if system.name == "philter":
                    found = run_in_child([str(d["text"]) for d in docs])
                    if found is None:
                        chosen.remove(system)
                        out.append(f"- philter on {path.name}, {half}: n/a (past {PEER_SECONDS} s)")
                        continue
                    runs[system.name] = evaluate_fixed(found, docs)
                    continue
                runs[system.name] = evaluate(system, docs)
            for system in chosen:
                if system.name == "philter":
                    continue
                repeat = args.repeat if system.name.startswith("confide") else 1
                time_passes(system, docs, runs[system.name], repeat)
            title = f"{path.name}, {half} ({len(docs)} documents)"
            out += table(title, runs, chosen)
            summary += summary_rows(path.name, half, runs, chosen)
            if args.misses and half == "tuning":
                show_misses(runs["confide"], docs)
                known_run = runs.get("confide (case's known identifiers)")
                if known_run is not None:
                    show_known_misses(known_run, docs)
    out[out.index("") + 1 : out.index("") + 1] = summary_table(summary)
    report = "\n".join(out)
    print(report)
    target = HERE / "results" / "deid.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
