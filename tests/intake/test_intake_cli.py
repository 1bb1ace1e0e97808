"""`imr intake` writes a case file `imr draft` reads, and refuses bad records in one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.drafting.case import read_case
from assistant.settings import Settings

Bundles = list[tuple[Path, dict[str, Any]]]
runner = CliRunner()


def test_intake_writes_a_case_file_that_drafting_reads(bundles: Bundles, tmp_path: Path) -> None:
    path, expected = bundles[2]
    out = tmp_path / "case.json"
    result = runner.invoke(app, ["intake", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Documents reviewed:" in result.stdout
    assert "no text layer" in result.stderr
    case = read_case(out)
    assert case.case_id == expected["case_id"]
    disputed = [item for item in expected["items"] if item["ur_decision"] != "certified"]
    assert [(item.title, item.ur_decision) for item in case.items] == [
        (item["title"], item["ur_decision"]) for item in disputed
    ]
    assert case.items[0].claims_administrator_guideline == disputed[0]["guideline"]
    assert case.summary_sentences and all(s.pages for s in case.summary_sentences)
    assert len(case.pages) == len(json.loads(out.read_text())["pages"])


def test_json_prints_the_case_file(bundles: Bundles) -> None:
    path, expected = bundles[0]
    result = runner.invoke(app, ["intake", str(path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["case_id"] == expected["case_id"]


def test_records_without_a_ur_determination_exit_2_with_one_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("PROGRESS REPORT\nThe patient is a 40-year-old woman.\n", encoding="utf-8")
    result = runner.invoke(app, ["intake", str(notes)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: {notes}: no utilization review determination was found in the records, so "
        "the disputed items are left for the reviewer to enter"
    )


def test_an_encrypted_pdf_exits_2_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    canvas = Canvas(str(path), pagesize=LETTER, encrypt="secret")
    canvas.drawString(40, 700, "UTILIZATION REVIEW DETERMINATION")
    canvas.save()
    result = runner.invoke(app, ["intake", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "encrypted" in result.stderr


def test_imr_draft_drafts_the_case_intake_wrote(
    bundles: Bundles, tmp_path: Path, ingested_env: Settings
) -> None:
    path, expected = bundles[1]
    out = tmp_path / "case.json"
    assert runner.invoke(app, ["intake", str(path), "--out", str(out)]).exit_code == 0
    result = runner.invoke(app, ["draft", str(out), "--model", "offline", "--json"])
    assert result.exit_code == 0, result.output
    drafted = json.loads(result.stdout)
    assert drafted["case_id"] == expected["case_id"]
    assert [item["title"] for item in drafted["items"]] == [
        item["title"] for item in expected["items"] if item["ur_decision"] != "certified"
    ]
    assert all(item["rationale"] for item in drafted["items"])
