"""`imr parse`, `imr draft` and `imr batch` refuse files over the size caps with exit code 2 and
one line naming the file, its size, the cap and the setting that raises it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from tests.letters.pdfs import write_text_pdf
from tests.paths import EXAMPLE, REPO

runner = CliRunner()
CASE = REPO / "examples" / "cases" / "SYN-CASE-0001.json"


@pytest.mark.parametrize(
    ("source", "command"),
    [
        (EXAMPLE, ["parse"]),
        (EXAMPLE, ["draft", "--model", "offline"]),
        (CASE, ["draft", "--model", "offline"]),
    ],
)
def test_a_file_one_byte_over_the_cap_is_refused(
    source: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    size = source.stat().st_size
    monkeypatch.setenv("IMR_LIMITS__MAX_UPLOAD_BYTES", str(size - 1))
    result = runner.invoke(app, [command[0], str(source), *command[1:]])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {source}: file is {size:,} bytes, over")
    assert "IMR_LIMITS__MAX_UPLOAD_BYTES" in result.stderr
    assert "Traceback" not in result.output


def test_a_letter_at_the_cap_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMR_LIMITS__MAX_UPLOAD_BYTES", str(EXAMPLE.stat().st_size))
    result = runner.invoke(app, ["parse", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output


def test_a_batch_folder_names_the_file_over_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(CASE, cases / CASE.name)
    shutil.copy(EXAMPLE, cases / EXAMPLE.name)
    monkeypatch.setenv("IMR_LIMITS__MAX_UPLOAD_BYTES", str(CASE.stat().st_size))
    result = runner.invoke(app, ["batch", str(cases), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"{cases / EXAMPLE.name}: file is" in result.stderr
    assert not (tmp_path / "out" / "drafts.jsonl").exists()


def test_a_pdf_over_the_page_cap_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = tmp_path / "letter.pdf"
    write_text_pdf(pdf, EXAMPLE.read_text(encoding="utf-8"), width=40)
    monkeypatch.setenv("IMR_LIMITS__MAX_PDF_PAGES", "1")
    result = runner.invoke(app, ["parse", str(pdf)])
    assert result.exit_code == 2
    assert f"{pdf}: PDF has " in result.stderr
    assert "pages, over the limit of 1; set IMR_LIMITS__MAX_PDF_PAGES" in result.stderr
