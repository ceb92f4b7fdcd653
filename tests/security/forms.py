"""Find the POST forms on a page and fill them: free text with a given string, typed inputs
(dates, numbers, e-mail, choices) with valid values, so the text has a chance to be saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

TYPED = {
    "date": "2026-11-02",
    "datetime-local": "2026-11-25T10:00",
    "time": "10:00",
    "number": "1",
    "email": "someone@example.com",
    "tel": "555-0100",
    "url": "https://example.com/",
}
TEXT_TYPES = {"text", "search", ""}


@dataclass
class Form:
    action: str
    data: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)


class _Parser(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.radios: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.form = Form(a.get("action", ""))
            self.forms.append(self.form)
            self.radios = set()
        if self.form is None or not (name := a.get("name")):
            if tag == "option" and self.form is not None and self.select and a.get("value"):
                self.form.data.setdefault(self.select, [a["value"]])
            return
        if tag == "textarea":
            self.form.add(name, self.text)
        elif tag == "select":
            self.select = name
        elif tag == "input":
            self._input(name, a)

    def _input(self, name: str, a: dict[str, str]) -> None:
        assert self.form is not None
        kind = a.get("type", "").lower()
        if kind in {"hidden", "submit"}:
            self.form.add(name, a.get("value", ""))
        elif kind in TEXT_TYPES:
            self.form.add(name, self.text)
        elif kind in TYPED:
            self.form.add(name, TYPED[kind])
        elif kind == "checkbox":
            self.form.add(name, a.get("value", "on"))
        elif kind == "radio" and name not in self.radios:
            self.radios.add(name)
            self.form.add(name, a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def post_forms(html: str, text: str) -> list[Form]:
    parser = _Parser(text)
    parser.feed(html)
    return parser.forms
