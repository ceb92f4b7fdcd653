"""No internal names on screens: crawl the demo practice as each role (staff and portal
clients) and fail on engine ids in the visible text — snake_case words
("share_deidentified"), rule ids ("us.hipaa.authorization_required") and the raw labels
the issue found ("Another participants disclosures", "Text sha256")."""

from __future__ import annotations

import os
import re
from collections import deque
from html.parser import HTMLParser

import pytest
from django.test import Client as HttpClient

from confide.accounts.models import User
from confide.practice.demo import load_demo

pytestmark = pytest.mark.django_db

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
RULE_ID = re.compile(r"\bus(?:-[a-z]{2})?\.[a-z0-9_]+(?:\.[a-z0-9_]+)+\b")
RAW_LABELS = (
    "Another participants disclosures",
    "The engine's suggested message",
    "Text sha256",
    "(permitted)",
)
# Where internal names belong on purpose: the API's own docs and a JSON example.
SKIP_TAGS = {"script", "style", "pre", "code", "textarea"}
SKIP_PREFIXES = ("/api/", "/static/", "/accounts/logout", "/admin/")
PAGES_PER_ROLE = 70


class VisibleText(HTMLParser):
    """The text a reader sees (outside script, style, code and pre), and the page's links."""

    def __init__(self) -> None:
        super().__init__()
        self.skip = 0
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_TAGS:
            self.skip += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and "download" not in dict(attrs):
                self.links.append(href.split("#")[0])

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.text.append(data)


def internal_names(text: str) -> list[str]:
    found = [m.group(0) for m in RULE_ID.finditer(text)]
    found += [m.group(0) for m in SNAKE.finditer(RULE_ID.sub(" ", text))]
    found += [label for label in RAW_LABELS if label in text]
    return found


def crawl(user: User, pages: list[str] | None = None) -> dict[str, list[str]]:
    """Breadth-first over the links a user sees, GET only; `pages` collects the URLs read."""
    http = HttpClient()
    http.force_login(user)
    seen: set[str] = set()
    queue = deque(["/", "/portal/"])
    problems: dict[str, list[str]] = {}
    while queue and len(seen) < PAGES_PER_ROLE:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP_PREFIXES):
            continue
        seen.add(url)
        response = http.get(url)
        if pages is not None:
            pages.append(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = VisibleText()
        page.feed(response.content.decode())
        found = internal_names(" ".join(page.text))
        if found:
            problems[url] = sorted(set(found))
        queue.extend(link for link in page.links if link not in seen)
    return problems


def test_the_words_helpers_catch_internal_names() -> None:
    assert internal_names("Outcome: share_deidentified (permitted)") == [
        "share_deidentified",
        "(permitted)",
    ]
    assert internal_names("Basis: us.hipaa.authorization_required") == [
        "us.hipaa.authorization_required"
    ]
    assert internal_names("Share de-identified material (permitted by law)") == []


@pytest.mark.parametrize(
    "username",
    ["dr.rivera", "dr.chen", "supervisor", "privacy", "admin", "portal"],
)
def test_no_internal_names_on_any_demo_page(username: str) -> None:
    load_demo(say=lambda _message: None)
    if username == "portal":
        user = User.objects.filter(role="client").order_by("pk").first()
        assert user is not None
    else:
        user = User.objects.get(username=username)
    pages: list[str] = []
    problems = crawl(user, pages)
    assert len(pages) >= 3  # the crawl really walked the demo
    if os.environ.get("WORDS_REPORT"):
        with open(os.environ["WORDS_REPORT"], "a") as out:
            out.write(f"{username}: {len(pages)} pages\n")
            for url, names in problems.items():
                out.write(f"{username} {url}: {names}\n")
    assert not problems, "\n".join(f"{url}: {names}" for url, names in problems.items())
