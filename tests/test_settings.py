"""Settings: each one documented, secrets never defaulted, the local key kept private."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from reinstate.errors import ConfigurationError
from reinstate.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_it_documents_every_setting_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"REINSTATE_{name.upper()}" in readme, f"REINSTATE_{name.upper()} is undocumented"


def test_it_refuses_to_run_production_without_a_secret(tmp_path: Path) -> None:
    settings = Settings(env="production", data_dir=tmp_path)
    with pytest.raises(ConfigurationError, match="REINSTATE_SECRET_KEY"):
        settings.resolved_secret_key()


def test_it_generates_one_private_local_secret(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "var")
    first = settings.resolved_secret_key()
    assert len(first) >= 48
    assert settings.resolved_secret_key() == first
    mode = stat.S_IMODE((tmp_path / "var" / "secret_key").stat().st_mode)
    assert mode == 0o600


def test_it_reads_environment_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REINSTATE_LANGUAGE", "zh-CN")
    monkeypatch.setenv("REINSTATE_DATA_DIR", str(tmp_path))
    settings = Settings()
    assert settings.language == "zh_CN"
    assert settings.resolved_database_url() == f"sqlite:///{tmp_path.resolve()}/reinstate.sqlite3"
