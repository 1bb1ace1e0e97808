"""`imr config` shows the effective settings and never a secret."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app


def test_environment_overrides_defaults_and_secrets_are_masked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMR_DATA_DIR", str(tmp_path / "somewhere"))
    monkeypatch.setenv("IMR_STORE__MODE", "server")
    monkeypatch.setenv("IMR_STORE__AUTH_TOKEN", "chroma-token-value")
    monkeypatch.setenv("IMR_EMBEDDINGS__OPENAI_API_KEY", "sk-very-secret")
    result = CliRunner().invoke(app, ["config", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["data_dir"] == str(tmp_path / "somewhere")
    assert data["store"]["mode"] == "server"
    assert data["store"]["auth_token"] == "***"
    assert data["embeddings"]["openai_api_key"] == "***"
    assert "sk-very-secret" not in result.output
    assert "chroma-token-value" not in result.output


def test_table_output_names_the_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMR_EMBEDDINGS__OPENAI_API_KEY", "sk-very-secret")
    result = CliRunner().invoke(app, ["config"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "IMR_DATA_DIR" in result.stdout
    assert "IMR_RETRIEVAL__K_GUIDELINES" in result.stdout
    assert "sk-very-secret" not in result.stdout


def test_an_invalid_setting_is_one_clear_line_and_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMR_STORE__MODE", "cloud")
    result = CliRunner().invoke(app, ["config"])
    assert result.exit_code == 2
    assert "invalid IMR_* setting" in result.stderr
    assert "Traceback" not in result.output
