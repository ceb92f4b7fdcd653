"""`confide deid`: plain text or JSONL in, de-identified out (see spec/deid.md).

    confide deid FILE|DIR|-  [--out PATH] [--known KNOWN.json]
    confide deid --jsonl IN.jsonl --out OUT.jsonl [--workers N]

A document that cannot be read or parsed is reported on stderr with its line number and left
out of the output; the others go on, and the exit status is 2 if any failed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from typing import IO, Any

from confide.deid.engine import Deidentifier, Options
from confide.deid.known import KnownIdentifier
from confide.deid.surrogates import DATE_MODES, SAFE_HARBOR_MODES

EXIT_BAD_INPUT = 2
SHIFT_WARNING = (
    "confide deid: --dates shift keeps every date's day and month (moved by one offset): "
    "the output is NOT HIPAA Safe Harbor"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="confide deid",
        description="Find identifiers (HIPAA Safe Harbor) in text and replace them.",
    )
    parser.add_argument("source", nargs="?", help="a text FILE, a DIR of *.txt, or - for stdin")
    parser.add_argument("--jsonl", metavar="IN", help="JSONL input: {id, text, known} a line")
    parser.add_argument("--out", metavar="PATH", help="output file (or directory for a DIR)")
    parser.add_argument("--known", metavar="FILE", help="JSON list of known identifiers")
    parser.add_argument("--workers", type=int, default=1, help="processes for --jsonl")
    parser.add_argument(
        "--dates",
        choices=DATE_MODES,
        default="safe_harbor",
        help="safe_harbor (default): keep only the year; redact: [date]; "
        "shift: move dates by one offset (NOT Safe Harbor)",
    )
    parser.add_argument("--seed", type=int, default=None, help="seed for the date offset")
    parser.add_argument(
        "--no-clinicians",
        action="store_true",
        help="do not treat clinicians' names (Dr. X, X RN) as identifiers",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    options = Options(dates=args.dates, seed=args.seed, clinicians=not args.no_clinicians)
    if args.dates not in SAFE_HARBOR_MODES:
        print(SHIFT_WARNING, file=sys.stderr)
    try:
        if args.jsonl:
            if not args.out:
                return _fail("--jsonl needs --out OUT.jsonl")
            problem = _jsonl_problem(Path(args.jsonl), Path(args.out), args.workers)
            if problem:
                return _fail(problem)
            return run_jsonl(Path(args.jsonl), Path(args.out), options, args.workers)
        if not args.source:
            return _fail("give a FILE, a DIR or -, or --jsonl IN.jsonl --out OUT.jsonl")
        known = _load_known(args.known) if args.known else []
        return run_text(args.source, args.out, known, options)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return _fail(str(exc))


def _fail(message: str) -> int:
    print(f"confide deid: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _load_known(path: str) -> list[KnownIdentifier]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON list of known identifiers")
    return [KnownIdentifier.from_dict(item) for item in data]


def run_text(source: str, out: str | None, known: list[KnownIdentifier], options: Options) -> int:
    """One text (a FILE or stdin) to stdout or --out; a DIR to --out DIR, one packet."""
    packet = Deidentifier(known, options).packet()
    if source == "-":
        _write_text(out, packet.run(sys.stdin.read()).text)
        return 0
    path = Path(source)
    if not path.is_dir():
        _write_text(out, packet.run(path.read_text(encoding="utf-8")).text)
        return 0
    if not out:
        return _fail("a DIR needs --out DIR")
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    files = sorted(path.glob("*.txt"))
    status = 0
    with _progress(len(files)) as advance:
        for file in files:
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                status = _fail(f"{file}: {exc}")
            else:
                (target / file.name).write_text(packet.run(text).text, encoding="utf-8")
            advance()
    return status


def _write_text(out: str | None, text: str) -> None:
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


# --- JSONL ---------------------------------------------------------------------------------

_WORKER: dict[str, Options] = {}


def _init_worker(options: Options) -> None:
    _WORKER["options"] = options


def process_line(item: tuple[int, str]) -> tuple[int, dict[str, Any] | None, str]:
    """One JSONL line -> (line number, output record or None, error message)."""
    number, line = item
    options = _WORKER.get("options", Options())
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            raise ValueError("a line must be a JSON object")
        text = record.get("text")
        if not isinstance(text, str):
            raise ValueError("'text' must be a string")
        known_raw = record.get("known") or []
        if not isinstance(known_raw, list):
            raise ValueError("'known' must be a list")
        known = [KnownIdentifier.from_dict(k) for k in known_raw]
        result = Deidentifier(known, options).run(text)
    except (ValueError, TypeError, AttributeError) as exc:
        return number, None, str(exc)
    out = {
        "id": record.get("id"),
        "text": result.text,
        "spans": [s.as_dict() for s in result.spans],
    }
    return number, out, ""


def _numbered(handle: IO[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(handle, start=1):
        if line.strip():
            yield number, line


def max_workers() -> int:
    """More processes than cores only adds start-up cost and memory (each loads the lexicons)."""
    return max(1, os.cpu_count() or 1)


def _jsonl_problem(source: Path, target: Path, workers: int) -> str | None:
    """Why this --jsonl run must not start, or None. Writing over the input would destroy the
    lines that failed (they are reported and skipped, not copied)."""
    if not 1 <= workers <= max_workers():
        return f"--workers must be between 1 and {max_workers()} (this machine's cores)"
    if target.exists() and source.exists() and target.resolve() == source.resolve():
        return "--out must not be the input file: failed lines would be lost"
    return None


def run_jsonl(source: Path, target: Path, options: Options, workers: int) -> int:
    """Every line of IN to OUT in order; bad lines reported and skipped; exit 2 if any."""
    with source.open(encoding="utf-8") as handle:
        lines = list(_numbered(handle))
    failed = 0
    with target.open("w", encoding="utf-8") as out, _progress(len(lines)) as advance:
        for number, record, error in _results(lines, options, workers):
            if record is None:
                failed += 1
                print(f"confide deid: {source}:{number}: {error}", file=sys.stderr)
            else:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            advance()
    if failed:
        print(f"confide deid: {failed} of {len(lines)} documents failed", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


def _results(
    lines: list[tuple[int, str]], options: Options, workers: int
) -> Iterable[tuple[int, dict[str, Any] | None, str]]:
    if workers <= 1 or len(lines) < 2:
        _init_worker(options)
        yield from map(process_line, lines)
        return
    chunk = max(1, min(64, len(lines) // (workers * 4) or 1))
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(options,)) as pool:
        yield from pool.map(process_line, lines, chunksize=chunk)


class _Progress:
    """A rich progress bar on a terminal for more than one document; silent otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Any:
        if self.total > 1 and sys.stderr.isatty():
            from rich.progress import Progress

            self._bar = Progress(transient=True)
            self._bar.start()
            self._task = self._bar.add_task("de-identifying", total=self.total)
        return self.advance

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def _progress(total: int) -> _Progress | nullcontext[Any]:
    return _Progress(total)


if __name__ == "__main__":
    raise SystemExit(main())
