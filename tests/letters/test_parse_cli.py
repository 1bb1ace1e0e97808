"""`imr parse`: readable summaries, JSON, and one-line errors for files that are not letters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from tests.letters.pdfs import write_blank_pdf
from tests.paths import EXAMPLE, FIXTURES

runner = CliRunner()

ITEM_KEYS = {
    "title",
    "decision",
    "claims_administrator_guideline",
    "maximus_guideline",
    "rationale",
    "maximus_refs",
    "claims_administrator_refs",
}
REF_KEYS = {"source", "chapter", "chapter_title", "topic", "pages"}


def test_json_output_holds_every_letter_with_items_and_refs() -> None:
    result = runner.invoke(
        app, ["parse", str(EXAMPLE), str(FIXTURES / "older_style.txt"), "--json"]
    )
    assert result.exit_code == 0, result.output
    letters = json.loads(result.stdout)
    assert [letter["letter_id"] for letter in letters] == ["SYN-2015-0001", "SYN-2013-0007"]
    example = letters[0]
    assert {"source_file", "letter_id", "clinical_summary", "reviewer", "items"} <= set(example)
    assert example["source_file"] == str(EXAMPLE)
    assert example["reviewer"] == {
        "specialty": "Physical Medicine and Rehabilitation",
        "licensure": ["California"],
    }
    assert [item["decision"] for item in example["items"]] == ["Upheld", "Overturned", "Upheld"]
    for item in example["items"]:
        assert set(item) >= ITEM_KEYS
        for ref in item["maximus_refs"] + item["claims_administrator_refs"]:
            assert set(ref) >= REF_KEYS
    first_ref = example["items"][0]["maximus_refs"][0]
    assert first_ref["source"] == "acoem"
    assert first_ref["chapter"] == 12
    assert first_ref["pages"] == [303, 304]


def test_default_output_is_a_readable_summary() -> None:
    result = runner.invoke(app, ["parse", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "SYN-2015-0001" in out
    assert "Physical Medicine and Rehabilitation" in out
    assert "The injured worker is a 46-year-old warehouse associate" in out
    assert "Overturned" in out
    assert "303-304" in out
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "file is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a text file"),
        ("notes.txt", b"Call the claims adjuster on Monday.\n", "not an IMR determination letter"),
        ("scan.pdf", None, "PDF has no text layer"),
    ],
)
def test_bad_file_gives_one_error_line_and_exit_2_while_others_still_print(
    tmp_path: Path, name: str, content: bytes | None, reason: str
) -> None:
    bad = tmp_path / name
    if content is None:
        write_blank_pdf(bad)
    else:
        bad.write_bytes(content)
    result = runner.invoke(app, ["parse", str(bad), str(EXAMPLE), "--json"])
    assert result.exit_code == 2
    error_lines = result.stderr.strip().splitlines()
    assert len(error_lines) == 1
    assert str(bad) in error_lines[0]
    assert reason in error_lines[0]
    assert "Traceback" not in result.output
    assert [letter["letter_id"] for letter in json.loads(result.stdout)] == ["SYN-2015-0001"]


def test_missing_file_is_reported_and_the_summary_of_the_others_printed(tmp_path: Path) -> None:
    missing = tmp_path / "absent.txt"
    result = runner.invoke(app, ["parse", str(EXAMPLE), str(missing)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {missing}: file not found"
    assert "SYN-2015-0001" in result.stdout


def test_help_explains_inputs_and_gives_examples() -> None:
    result = runner.invoke(app, ["parse", "--help"])
    assert result.exit_code == 0
    assert ".pdf" in result.stdout
    assert "--json" in result.stdout
    assert "imr parse examples/letters/SYN-2015-0001.txt" in result.stdout
