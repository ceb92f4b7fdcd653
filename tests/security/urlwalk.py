"""Every URL pattern of confide, found by walking the resolver, with its parameters filled in."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


@dataclass(frozen=True)
class Route:
    template: str  # e.g. "/clients/<int:pk>/"
    name: str

    @property
    def params(self) -> list[tuple[str, str]]:
        return [(conv or "str", name) for conv, name in PARAM.findall(self.template)]

    @property
    def int_params(self) -> list[str]:
        return [name for conv, name in self.params if conv == "int"]

    def fill(self, values: dict[str, object]) -> str:
        def one(match: re.Match[str]) -> str:
            conv, name = match.group(1) or "str", match.group(2)
            if name in values:
                return str(values[name])
            return {"int": "1", "uuid": "00000000-0000-0000-0000-000000000000"}.get(conv, "x")

        return PARAM.sub(one, self.template)

    def with_ints(self, candidates: range) -> Iterator[str]:
        names = self.int_params
        for combo in itertools.product(candidates, repeat=len(names)):
            yield self.fill(dict(zip(names, combo, strict=True)))


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(resolver: URLResolver, prefix: str, space: str) -> None:
        for entry in resolver.url_patterns:
            pattern = str(entry.pattern)
            if pattern.startswith("^"):
                continue  # regex routes (none of ours) cannot be filled generically
            if isinstance(entry, URLResolver):
                inner = f"{space}{entry.namespace}:" if entry.namespace else space
                walk(entry, prefix + pattern, inner)
            elif isinstance(entry, URLPattern):
                found.append(Route("/" + prefix + pattern, f"{space}{entry.name or ''}"))

    walk(get_resolver(), "", "")
    return found
