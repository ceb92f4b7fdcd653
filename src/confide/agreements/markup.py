"""Read the stored plain text of an agreement back into blocks for HTML and print.

The stored text is what was signed, so pages show it rather than re-rendering from data.
The format is tiny: "# " title, "## " heading, "- " list item, "[n] " footnote, other lines
are paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FOOTNOTE = re.compile(r"^\[(\d+)\] (.*)$")


@dataclass
class Block:
    kind: str  # "title", "heading", "para", "list", "notes"
    text: str = ""
    items: list[str] = field(default_factory=list)


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith("## "):
            out.append(Block("heading", line[3:]))
        elif line.startswith("# "):
            out.append(Block("title", line[2:]))
        elif line.startswith("- "):
            if not out or out[-1].kind != "list":
                out.append(Block("list"))
            out[-1].items.append(line[2:])
        elif FOOTNOTE.match(line):
            if not out or out[-1].kind != "notes":
                out.append(Block("notes"))
            out[-1].items.append(line)
        else:
            out.append(Block("para", line))
    return out


def plain_language(text: str) -> str:
    """The reading text, without headings and the footnotes of legal citations."""
    keep = []
    for block in blocks(text):
        if block.kind == "para":
            keep.append(block.text)
        elif block.kind == "list":
            keep += [item if item.endswith((".", ";", ":")) else f"{item}." for item in block.items]
    return "\n".join(keep)
