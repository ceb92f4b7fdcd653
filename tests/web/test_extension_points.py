"""One name and one way per extension point: every app's dashboard providers live in its
`attention_providers.py`, its portal sections in its `portal_section.py`, and both are
registered by an explicit call from `AppConfig.ready()`, never by importing a module."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path
from types import ModuleType

import pytest
from django.apps import AppConfig, apps

from confide.portal import sections
from confide.portal.sections import PortalSection
from confide.practice import attention

# Where the registries themselves live: not app modules that register.
REGISTRIES = {"confide.practice.attention", "confide.portal.sections"}
# Old names for the same job; they must not come back.
RETIRED = ("attention.py", "portal.py", "portal_sections.py", "attention_items.py")


def _confide_apps() -> list[AppConfig]:
    return [c for c in apps.get_app_configs() if c.name.startswith("confide.")]


def _module(config: AppConfig, name: str) -> ModuleType | None:
    if not (Path(config.path) / f"{name}.py").exists():
        return None
    return importlib.import_module(f"{config.name}.{name}")


def _providers(module: ModuleType) -> list[object]:
    """Public functions of a providers module that take a user and return items."""
    found = []
    for name, fn in inspect.getmembers(module, inspect.isfunction):
        own = fn.__module__ == module.__name__ and not name.startswith(("_", "register"))
        if own and "AttentionItem" in str(inspect.signature(fn).return_annotation):
            found.append(fn)
    return found


def _sections(module: ModuleType) -> list[PortalSection]:
    return [v for v in vars(module).values() if isinstance(v, PortalSection)]


def test_no_app_uses_a_retired_module_name() -> None:
    for config in _confide_apps():
        for name in RETIRED:
            path = Path(config.path) / name
            dotted = f"{config.name}.{name.removesuffix('.py')}"
            assert not path.exists() or dotted in REGISTRIES, dotted


def test_the_apps_that_extend_are_the_expected_ones() -> None:
    """A guard that the discovery below finds something: it would pass vacuously otherwise."""
    with_providers = {c.label for c in _confide_apps() if _module(c, "attention_providers")}
    with_sections = {c.label for c in _confide_apps() if _module(c, "portal_section")}
    assert {"practice", "records", "disclosures", "incidents", "consultation", "agreements"} <= (
        with_providers
    )
    assert {"records", "disclosures", "incidents", "agreements", "portal"} <= with_sections


def test_importing_a_module_registers_nothing() -> None:
    """No decorator or module-level call: only the `register_*` function registers."""
    for config in _confide_apps():
        for name in ("attention_providers", "portal_section"):
            path = Path(config.path) / f"{name}.py"
            if not path.exists():
                continue
            tree = ast.parse(path.read_text())
            for node in tree.body:
                decorators = getattr(node, "decorator_list", [])
                assert not any("register" in ast.unparse(d) for d in decorators), path
                if isinstance(node, ast.Expr | ast.Assign):
                    assert "register(" not in ast.unparse(node), (path, node.lineno)


@pytest.mark.parametrize("config", _confide_apps(), ids=lambda c: c.label)
def test_every_apps_registration_is_found(config: AppConfig) -> None:
    """Empty both registries, run only this app's `ready()`: its providers and sections,
    and nothing else, are registered again (then the full state is put back)."""
    providers_module = _module(config, "attention_providers")
    sections_module = _module(config, "portal_section")
    expected_providers = _providers(providers_module) if providers_module else []
    expected_sections = _sections(sections_module) if sections_module else []
    if providers_module:
        assert expected_providers, f"{config.label}: no provider found"
    if sections_module:
        assert expected_sections, f"{config.label}: no section found"
    saved_providers = list(attention._providers)
    saved_sections = dict(sections._sections)
    attention._providers.clear()
    sections._sections.clear()
    try:
        config.ready()
        assert set(attention._providers) == set(expected_providers)
        assert sorted(sections._sections.values(), key=lambda s: s.key) == sorted(
            expected_sections, key=lambda s: s.key
        )
        config.ready()  # a second ready() must not double anything
        assert len(attention._providers) == len(expected_providers)
    finally:
        attention._providers[:] = saved_providers
        sections._sections.clear()
        sections._sections.update(saved_sections)


def test_every_registered_provider_and_section_belongs_to_an_app_module() -> None:
    """After start-up, the registries hold exactly what the apps' modules define."""
    defined_providers: list[object] = []
    defined_sections: list[PortalSection] = []
    for config in _confide_apps():
        if module := _module(config, "attention_providers"):
            defined_providers += _providers(module)
        if module := _module(config, "portal_section"):
            defined_sections += _sections(module)
    assert set(attention._providers) == set(defined_providers)
    assert set(sections._sections.values()) == set(defined_sections)
