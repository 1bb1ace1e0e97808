"""`imr doctor` with a model server configured: one tiny structured request per method says which
structured-output methods the server takes and whether the configured one is among them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.settings import Settings
from tests.cli.test_doctor import healthy  # noqa: F401  (the fixture)
from tests.stubs.openai_stub import OpenAIStub

OK = json.dumps({"ok": True})


def model_report(monkeypatch: pytest.MonkeyPatch, stub: OpenAIStub) -> tuple[int, dict[str, Any]]:
    monkeypatch.setenv("IMR_LLM__BASE_URL", stub.base_url)
    monkeypatch.setenv("IMR_LLM__MAX_RETRIES", "0")
    result = CliRunner().invoke(app, ["doctor", "--json"])
    reports = json.loads(result.stdout)
    return result.exit_code, next(r for r in reports if r["store"] == "model server")


def test_a_server_that_refuses_json_schema_is_named_with_the_method_to_set(
    healthy: Settings,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with OpenAIStub(responder=lambda body: OK, response_formats=("text", "json_object")) as stub:
        code, report = model_report(monkeypatch, stub)
        formats = [r.body.get("response_format", {}).get("type") for r in stub.requests]

    assert code == 2
    configured, methods = report["checks"]
    assert configured["passed"] is False and "HTTP 500" in configured["detail"]
    assert "json_schema" in configured["name"]
    assert methods["detail"] == "json_mode, function_calling" and methods["passed"] is True
    assert (
        report["advice"] == "set IMR_LLM__STRUCTURED_OUTPUT=json_mode, a method this server takes"
    )
    assert formats == ["json_schema", "json_object", None]  # function calling sends a tool


def test_a_server_that_takes_the_configured_method_passes(
    healthy: Settings,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with OpenAIStub(responder=lambda body: OK) as stub:
        code, report = model_report(monkeypatch, stub)

    assert code == 0, report
    assert report["healthy"] is True
    assert report["checks"][0]["passed"] is True


def test_an_unreachable_server_is_tried_once(
    healthy: Settings,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with OpenAIStub() as stub:
        url = stub.base_url
    monkeypatch.setenv("IMR_LLM__BASE_URL", url)
    monkeypatch.setenv("IMR_LLM__MAX_RETRIES", "0")
    result = CliRunner().invoke(app, ["doctor", "--json"])
    report = next(r for r in json.loads(result.stdout) if r["store"] == "model server")

    assert result.exit_code == 2
    assert "cannot reach the server" in report["checks"][0]["detail"]
    assert report["advice"].startswith("check IMR_LLM__BASE_URL")
