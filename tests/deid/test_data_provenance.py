"""Every bundled word list says where it comes from: a header naming its source or that it was
written for confide (the issue asks for lexicons as data files with provenance)."""

from __future__ import annotations

from importlib import resources

import pytest

DATA = resources.files("confide.deid").joinpath("data")
FILES = sorted(p.name for p in DATA.iterdir() if p.name.endswith((".txt", ".tsv")))
SOURCE_WORDS = ("for confide", "census", "webster", "geonames", "nicknames", "package")


@pytest.mark.parametrize("name", FILES)
def test_each_data_file_opens_with_its_provenance(name: str) -> None:
    text = DATA.joinpath(name).read_text(encoding="utf-8")
    lines = [line.lstrip("# ") for line in text.splitlines()[:12] if line.startswith("#")]
    header = " ".join(lines).lower()
    assert header, f"{name} has no header"
    assert any(word in header for word in SOURCE_WORDS), f"{name}: no source named\n{header}"
