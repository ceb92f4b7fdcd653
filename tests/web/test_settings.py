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
