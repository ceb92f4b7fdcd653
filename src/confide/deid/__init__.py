"""De-identification: find identifiers (HIPAA Safe Harbor) and replace them consistently.

Pure Python, no Django. `Deidentifier(known=[KnownIdentifier(...)], options).run(text)` for one
text, `.packet()` for several texts sharing surrogates; `confide deid` on the command line.
"""

from confide.deid.engine import Deidentifier, Options, Packet, Result, deidentify
from confide.deid.known import KnownIdentifier
from confide.deid.spans import KINDS, Kind, Replaced, Span

__all__ = [
    "KINDS",
    "Deidentifier",
    "Kind",
    "KnownIdentifier",
    "Options",
    "Packet",
    "Replaced",
    "Result",
    "Span",
    "deidentify",
]
