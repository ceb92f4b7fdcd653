"""`confide advise FILE|-`: one situation as JSON in, one decision as JSON out.

Runs without Django so it starts fast. Exit 0 with the decision; exit 2 with a message naming
the bad field for invalid input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

USAGE = "usage: confide advise FILE.json (or - for standard input)"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "advise":
        args = args[1:]
    if len(args) != 1 or args[0] in ("-h", "--help"):
        print(USAGE, file=sys.stderr)
        return 0 if args and args[0] in ("-h", "--help") else 2
    from confide.policy.engine import decide
    from confide.policy.situation import SituationError, situation_from_dict

    try:
        data = _unwrap(_read(args[0]))
        decision = decide(situation_from_dict(data))
    except SituationError as error:
        print(f"confide advise: invalid situation: {error}", file=sys.stderr)
        return 2
    except RecursionError:
        print(f"confide advise: cannot read {args[0]}: nested too deeply", file=sys.stderr)
        return 2
    except (OSError, ValueError) as error:
        print(f"confide advise: cannot read {args[0]}: {error}", file=sys.stderr)
        return 2
    json.dump(decision.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def _unwrap(data: object) -> object:
    """Accept a scenario file (id, source, situation, expect) as well as a bare situation.

    The shared scenario suite is run through `confide advise` as is. A bare situation always
    has a `jurisdiction` and never a `situation` key, so the two shapes cannot be confused.
    """
    if isinstance(data, dict) and "situation" in data and "jurisdiction" not in data:
        return data["situation"]
    return data


def _read(name: str) -> object:
    if name == "-":
        return json.load(sys.stdin)
    with open(name, encoding="utf-8") as handle:
        return json.load(handle)


if __name__ == "__main__":
    raise SystemExit(main())
