"""Production refuses unsafe settings; environment helpers fail loudly on malformed values."""

import os
import subprocess
import sys

import pytest

from edesk.core.env import ConfigError, env_bool, env_int, env_str


def _load_settings(**env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("EDESK_")} | env
    return subprocess.run(
        [sys.executable, "-c", "import edesk.settings"],
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_the_default_secret_key():
    result = _load_settings(EDESK_PRODUCTION="true")
    assert result.returncode != 0
    assert "EDESK_SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = _load_settings(EDESK_PRODUCTION="true", EDESK_SECRET_KEY="x" * 50, EDESK_DEBUG="true")
    assert result.returncode != 0
    assert "EDESK_DEBUG" in result.stderr


def test_production_starts_with_a_private_key():
    assert _load_settings(EDESK_PRODUCTION="true", EDESK_SECRET_KEY="k" * 50).returncode == 0


def test_malformed_values_stop_start_up(monkeypatch):
    monkeypatch.setenv("EDESK_X_BOOL", "perhaps")
    monkeypatch.setenv("EDESK_X_INT", "ten")
    with pytest.raises(ConfigError, match="EDESK_X_BOOL"):
        env_bool("EDESK_X_BOOL", False)
    with pytest.raises(ConfigError, match="EDESK_X_INT"):
        env_int("EDESK_X_INT", 1)


def test_secret_from_file_wins_and_empty_means_default(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-file\n", encoding="utf-8")
    monkeypatch.setenv("EDESK_X_KEY", "from-env")
    monkeypatch.setenv("EDESK_X_KEY_FILE", str(secret))
    assert env_str("EDESK_X_KEY", "default") == "from-file"
    monkeypatch.delenv("EDESK_X_KEY_FILE")
    monkeypatch.setenv("EDESK_X_KEY", "")
    assert env_str("EDESK_X_KEY", "default") == "default"
