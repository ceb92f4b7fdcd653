"""Every file confide creates in its data folder is readable by its owner only."""

from __future__ import annotations

import stat

from tests.operations.installs import Installs


def test_every_file_in_the_data_folder_is_private(installs: Installs) -> None:
    install = installs.empty()
    install.run("migrate", "-v0")
    install.run("createuser", "dr.ward", "--role", "clinician", "--password-stdin", stdin="x" * 20)
    install.run("backup")
    install.run("audit", "verify", "--anchor")
    found = [p for p in install.folder.rglob("*")]
    assert any(p.name.startswith("confide-") and p.suffix == ".backup" for p in found)
    loose = [
        f"{p.relative_to(install.folder)} {stat.filemode(p.stat().st_mode)}"
        for p in found
        if p.stat().st_mode & 0o077
    ]
    assert not loose, "readable by others:\n" + "\n".join(loose)
