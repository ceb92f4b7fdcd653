from pathlib import Path

from django.conf import settings


def test_keys_are_created_private_in_the_data_folder() -> None:
    key_file = Path(settings.DATA_DIR) / "secret_key"
    ring_file = Path(settings.DATA_DIR) / "data_keys"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert ring_file.stat().st_mode & 0o777 == 0o600
    assert key_file.read_text().strip() == settings.SECRET_KEY


def test_debug_is_off_by_default() -> None:
    assert settings.DEBUG is False


def test_no_environment_variable_gives_production_a_weak_hasher() -> None:
    """The production settings module, read in a fresh interpreter with every variable the
    old code listened to, still hashes with Argon2 and has test behaviour off."""
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, CONFIDE_TESTING="1", DJANGO_SETTINGS_MODULE="confide.settings")
    code = (
        "import json, pytest; from confide import settings as s;"
        "print(json.dumps([s.PASSWORD_HASHERS, s.TESTING]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    hashers, testing = json.loads(out.stdout)
    assert hashers[0].endswith("Argon2PasswordHasher")
    assert not any("MD5" in h for h in hashers)
    assert testing is False
