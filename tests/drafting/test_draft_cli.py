"""`imr draft`: JSON shape, the letter, and clear errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.settings import Settings
from tests.paths import REPO

runner = CliRunner()
CASE = REPO / "examples" / "cases" / "SYN-CASE-0001.json"
CITATION_KEYS = {"chunk_id", "citation", "pages", "page_confidence", "outside_fact_sheet"}
ITEM_KEYS = {
    "title",
    "decision",
    "decision_source",
    "proposal",
    "maximus_guideline",
    "rationale",
    "citations",
    "criteria",
    "needs_review",
    "problems",
    "usage",
}


def test_draft_json_has_the_documented_shape(ingested_env: Settings) -> None:
    result = runner.invoke(app, ["draft", str(CASE), "--model", "offline", "--json"])

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["case_id"] == "SYN-CASE-0001"
    assert [item["title"] for item in data["items"]] == [
        "MRI of the lumbar spine without contrast",
        "Physical therapy, 12 additional sessions for the lumbar spine",
        "Norco 10/325 mg #120",
    ]
    for item in data["items"]:
        assert set(item) >= ITEM_KEYS
        assert item["decision"] in {"Upheld", "Overturned", None}
        assert item["decision"] == item["proposal"]["decision"]
        assert 0.0 <= item["proposal"]["confidence"] <= 1.0
        assert item["decision_source"] == "model"
        assert item["needs_review"] is False and item["problems"] == []
        assert item["maximus_guideline"].startswith("Decision based on MTUS")
        assert all(set(c) == CITATION_KEYS for c in item["citations"])
        assert item["usage"]["prompt_tokens"] > 0


def test_draft_one_item_as_a_letter(ingested_env: Settings) -> None:
    result = runner.invoke(app, ["draft", str(CASE), "--item", "norco 10/325 MG #120", "--letter"])

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("IMR Case Number: SYN-CASE-0001")
    assert "Norco 10/325 mg #120: " in result.stdout
    assert "MRI of the lumbar spine" not in result.stdout.split("IMR ISSUES", 1)[1]
    assert "MAXIMUS guideline: Decision based on MTUS" in result.stdout


def test_unknown_item_is_a_clear_error(ingested_env: Settings) -> None:
    result = runner.invoke(app, ["draft", str(CASE), "--item", "Acupuncture"])

    assert result.exit_code == 2
    assert "no item titled 'Acupuncture'" in result.stderr
    assert "Norco 10/325 mg #120" in result.stderr


def test_bad_case_files_exit_2_naming_the_file(ingested_env: Settings, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"case_id": "X", "items": []}', encoding="utf-8")
    missing = tmp_path / "missing.json"
    for path in (broken, missing):
        result = runner.invoke(app, ["draft", str(path)])
        assert result.exit_code == 2
        assert str(path) in result.stderr
        assert "Traceback" not in result.output


def test_openai_without_a_key_is_a_clear_error(ingested_env: Settings) -> None:
    result = runner.invoke(app, ["draft", str(CASE), "--model", "openai"])

    assert result.exit_code == 2
    assert "IMR_LLM__API_KEY" in result.stderr
