"""The `confide` command: a thin front door.

`advise`, `deid` and `rules audit` run the pure cores without loading Django, so they start
fast. Everything else (serve, demo, createuser, audit, keys, export, migrate, ...) is a Django
management command.
"""

from __future__ import annotations

import os
import sys

PURE_COMMANDS = {
    "advise": "confide.policy.cli",
    "deid": "confide.deid.cli",
    "rules": "confide.policy.audit",
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in PURE_COMMANDS:
        from importlib import import_module

        module = import_module(PURE_COMMANDS[args[0]])
        return int(module.main(args[1:]) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confide.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["confide", *args] if args else ["confide", "help"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
