"""Views never query models directly: a static check over every views module.

Reads go through the app's `access` module, where permission is checked (docs/architecture.md
section 2). This test parses each `views.py` and `portal_views.py` and flags what only a
direct query looks like: `<Model>.objects`, `get_object_or_404(...)`, and a queryset method
called on an attribute (a related manager such as `case.participants.all()`). A queryset
that came from an access call (`access.overrides_of(user, case).filter(...)`) is allowed.

Modules not yet moved over are listed with their count, which may only go down.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import confide

ROOT = Path(confide.__file__).parent
QUERYSET_METHODS = frozenset(
    {
        "all", "filter", "exclude", "get", "first", "last", "order_by", "select_related",
        "prefetch_related", "values", "values_list", "annotate", "aggregate", "exists",
        "count", "only", "defer", "distinct", "in_bulk", "iterator", "latest", "earliest",
        "create", "get_or_create", "update_or_create", "bulk_create", "delete",
    }
)  # fmt: skip
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})
# Direct queries still in views owned by other work; each number may only go down.
NOT_YET_MOVED = {
    "consultation/views.py": 2,
    "disclosures/views.py": 2,
    "incidents/views.py": 1,
    "practice/views.py": 4,
}
MOVED = ("agreements/views.py", "agreements/portal_views.py", "accounts/views.py")


def direct_queries(source: str) -> list[tuple[int, str]]:
    """(line, code) of every direct query in a views module's source."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        manager = isinstance(node, ast.Attribute) and node.attr == "objects"
        if manager or (isinstance(node, ast.Call) and _queries(node.func)):
            found.append((node.lineno, ast.unparse(node)))
    return sorted(dict(sorted(found, reverse=True)).items())  # one finding a line


def _queries(func: ast.expr) -> bool:
    """A shortcut such as `get_object_or_404`, or a queryset method on a related manager."""
    if isinstance(func, ast.Name):
        return func.id in SHORTCUTS
    return (
        isinstance(func, ast.Attribute)
        and func.attr in QUERYSET_METHODS
        and _is_related_manager(func.value)
    )


def _is_related_manager(receiver: ast.expr) -> bool:
    """`x.rel` or `x.y.rel` (an attribute of a record), not `access.f(...)`, a plain name,
    or request data (`request.GET.get`)."""
    if not isinstance(receiver, ast.Attribute):
        return False
    base: ast.expr = receiver
    while isinstance(base, ast.Attribute | ast.Subscript):
        base = base.value
    if isinstance(base, ast.Name) and base.id in {"request", "self", "settings", "form"}:
        return False
    return not isinstance(base, ast.Call)


def _views_modules() -> list[Path]:
    return sorted([*ROOT.glob("*/views.py"), *ROOT.glob("*/portal_views.py")])


def test_the_check_catches_a_view_that_queries_a_model_directly() -> None:
    bad = """
def page(request, pk):
    client = Client.objects.get(pk=pk)
    case = get_object_or_404(Case, pk=pk)
    people = client.related_people.filter(is_personal_representative=True)
    first = case.participants.select_related("client").first()
    return render(request, "x.html", {"people": people})
"""
    lines = [line for line, _ in direct_queries(bad)]
    assert lines == [3, 4, 5, 6]


def test_the_check_lets_reads_through_access_and_request_data_pass() -> None:
    good = """
def page(request, pk):
    case = access.case_for_clinician(request.user, pk)
    found = access.overrides_of(request.user, case).filter(pk=pk).first()
    rows = [p for p in access.participants_of(request.user, case)]
    target = request.GET.get("next", "")
    values = form.cleaned_data.get("x")
    return render(request, "x.html", {"rows": rows, "found": found})
"""
    assert direct_queries(good) == []


@pytest.mark.parametrize("path", _views_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_read_client_data_only_through_access(path: Path) -> None:
    name = str(path.relative_to(ROOT))
    found = direct_queries(path.read_text())
    allowed = NOT_YET_MOVED.get(name, 0)
    assert len(found) <= allowed, (
        f"{name} queries models directly (read through its access module instead): {found}"
    )


def test_the_moved_views_stay_moved() -> None:
    assert all(m not in NOT_YET_MOVED for m in MOVED)
    assert all((ROOT / m).exists() for m in MOVED)
