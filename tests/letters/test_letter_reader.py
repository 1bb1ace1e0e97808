"""Reading letter files: text, PDF, and files that are not letters."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import LetterParseError
from assistant.letters.parser import parse_letter
from assistant.letters.reader import read_letter
from tests.letters.pdfs import write_blank_pdf, write_text_pdf
from tests.paths import EXAMPLE


def test_text_pdf_reads_like_the_text_letter(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    pdf = tmp_path / "SYN-2015-0001.pdf"
    write_text_pdf(pdf, text)
    from_pdf = read_letter(pdf)
    from_text = parse_letter(text)
    assert from_pdf.source_file == str(pdf)
    assert from_pdf.model_dump(exclude={"source_file"}) == from_text.model_dump(
        exclude={"source_file"}
    )
    assert len(from_pdf.items) == 3


def test_pdf_without_text_layer_is_reported(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    write_blank_pdf(pdf)
    with pytest.raises(LetterParseError) as caught:
        read_letter(pdf)
    assert str(caught.value) == (f"{pdf}: PDF has no text layer (scanned image?); run OCR first")


def test_damaged_pdf_is_reported_on_one_line(tmp_path: Path) -> None:
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nthis is not a pdf\n")
    with pytest.raises(LetterParseError) as caught:
        read_letter(pdf)
    message = str(caught.value)
    assert message.startswith(f"{pdf}: ")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b" \n\t\n", "file is empty"),
        (b"IMR Case Number: X\x00\x01\x02", "not a text file (binary content)"),
        (b"\xff\xfe\x00I\x00M\x00R", "not a text file (binary content)"),
        (b"caf\xe9 letter", "not a text file (not valid UTF-8)"),
        (b"Just some notes about a case.\n", "not an IMR determination letter"),
    ],
)
def test_unusable_files_raise_naming_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    with pytest.raises(LetterParseError) as caught:
        read_letter(path)
    assert str(caught.value).startswith(f"{path}: {message}")
    assert caught.value.path == str(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(LetterParseError, match="file not found"):
        read_letter(tmp_path / "absent.txt")
    with pytest.raises(LetterParseError, match="is a directory"):
        read_letter(tmp_path)


def test_utf8_with_byte_order_mark_reads(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.read_bytes())
    assert read_letter(path).letter_id == "SYN-2015-0001"


def test_pdf_content_is_recognised_whatever_the_file_name(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.txt"
    write_blank_pdf(pdf)
    with pytest.raises(LetterParseError, match="PDF has no text layer"):
        read_letter(pdf)
