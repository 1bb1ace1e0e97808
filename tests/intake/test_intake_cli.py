"""`imr intake`: the case JSON it writes, the overview, and one-line errors for bad records."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.settings import Settings
from tests.letters.pdfs import write_blank_pdf
from tests.paths import REPO

runner = CliRunner()
CASE_KEYS = {
    "case_id",
    "ur_date",
    "clinical_summary",
    "items",
    "summary_sentences",
    "documents",
    "pages",
}


def _imr(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`imr` as a real process, so stderr and the exit code are what a user sees."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_intake_writes_the_case_json(bundles: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "case.json"
    result = runner.invoke(app, ["intake", str(bundles["SYN-INTAKE-01"]), "--out", str(out)])

    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == CASE_KEYS
    assert data["case_id"] == "SYN-CLM-01"
    assert [item["title"] for item in data["items"]] == [
        "Norco 10/325 mg #90",
        "MRI of the lumbar spine without contrast",
    ]
    assert data["items"][0]["ur_decision"] == "non-certified"
    assert data["items"][0]["ur_date"] == "2024-03-05"
    assert "Opioids, pages 74-96" in data["items"][0]["claims_administrator_guideline"]
    assert len(data["pages"]) == 40 and data["pages"]["7"] == ""
    assert data["documents"][1] == {
        "type": "UR determination",
        "date": "2024-03-05",
        "author": "Dr. Corin Hale, DO (synthetic)",
        "pages": [2],
    }
    assert all(sentence["pages"] for sentence in data["summary_sentences"])
    assert "Documents reviewed:" in result.stdout
    assert (
        "Utilization review determination, Dr. Corin Hale, DO (synthetic), 03/05/2024, page 2"
        in (result.stdout)
    )


def test_intake_reports_a_page_without_text(bundles: dict[str, Path]) -> None:
    completed = _imr("intake", str(bundles["SYN-INTAKE-01"]), "--json")

    assert completed.returncode == 0, completed.stderr
    assert "page 7" in completed.stderr and "no text layer" in completed.stderr
    assert json.loads(completed.stdout)["case_id"] == "SYN-CLM-01"


def test_draft_takes_the_intake_output(
    bundles: dict[str, Path], tmp_path: Path, ingested_env: Settings
) -> None:
    out = tmp_path / "case.json"
    assert (
        runner.invoke(app, ["intake", str(bundles["SYN-INTAKE-07"]), "--out", str(out)]).exit_code
        == 0
    )

    result = runner.invoke(app, ["draft", str(out), "--model", "offline", "--json"])

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["case_id"] == "SYN-CLM-07"
    assert [item["title"] for item in data["items"]] == [
        "Oxycodone 10 mg #120",
        "Omeprazole 20 mg #30",
    ]
    assert all(item["rationale"] for item in data["items"])


def test_help_shows_examples() -> None:
    result = runner.invoke(app, ["intake", "--help"])

    assert result.exit_code == 0
    assert "imr intake records.pdf --json > CASE.json" in result.stdout


def _encrypted(source: Path, target: Path) -> None:
    writer = PdfWriter()
    for page in PdfReader(source).pages[:3]:
        writer.add_page(page)
    writer.encrypt("secret")
    with target.open("wb") as handle:
        writer.write(handle)


@pytest.mark.parametrize(
    ("name", "env", "expected"),
    [
        ("scan.pdf", {}, "scan.pdf: PDF has no text layer (scanned image?); run OCR first"),
        ("locked.pdf", {}, "locked.pdf: PDF is encrypted"),
        (
            "SYN-INTAKE-02.pdf",
            {"IMR_LIMITS__MAX_BUNDLE_PAGES": "10"},
            "PDF has 25 pages, over the limit of 10; set IMR_LIMITS__MAX_BUNDLE_PAGES",
        ),
        (
            "SYN-INTAKE-09.pdf",
            {},
            "SYN-INTAKE-09.pdf: no utilization review determination was found in the records",
        ),
    ],
)
def test_bad_records_give_one_line_and_exit_2(
    bundles: dict[str, Path], tmp_path: Path, name: str, env: dict[str, str], expected: str
) -> None:
    path = bundles[name.removesuffix(".pdf")] if name.startswith("SYN") else tmp_path / name
    if name == "scan.pdf":
        write_blank_pdf(path)
    if name == "locked.pdf":
        _encrypted(bundles["SYN-INTAKE-06"], path)

    completed = _imr("intake", str(path), "--json", env=env)

    assert completed.returncode == 2
    errors = [line for line in completed.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and expected in errors[0]
    assert "Traceback" not in completed.stderr


def test_records_without_ur_still_give_the_case_file(
    bundles: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "case.json"
    result = runner.invoke(app, ["intake", str(bundles["SYN-INTAKE-09"]), "--out", str(out)])

    assert result.exit_code == 2
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [item["title"] for item in data["items"]] == [
        "Physical therapy 12 sessions for the lumbar spine"
    ]
    assert data["items"][0]["ur_decision"] is None
