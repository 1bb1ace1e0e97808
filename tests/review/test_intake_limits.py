"""Size caps on intake: just under each cap is read, just over it is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from assistant.errors import InputError
from assistant.review.intake import case_from_text, case_from_upload
from assistant.settings import LimitsSettings
from tests.letters.pdfs import write_text_pdf
from tests.paths import EXAMPLE

LETTER = EXAMPLE.read_bytes()


def test_an_upload_at_the_cap_is_read_and_one_byte_over_is_refused() -> None:
    at_cap = LimitsSettings(max_upload_bytes=len(LETTER))
    assert case_from_upload("letter.txt", LETTER, at_cap).case_number == "SYN-2015-0001"
    under = LimitsSettings(max_upload_bytes=len(LETTER) - 1)
    with pytest.raises(InputError) as caught:
        case_from_upload("letter.txt", LETTER, under)
    message = str(caught.value)
    assert message == (
        f"letter.txt: file is {len(LETTER):,} bytes, over the limit of {len(LETTER) - 1:,} "
        "bytes; set IMR_LIMITS__MAX_UPLOAD_BYTES to allow larger files"
    )


def test_the_default_upload_cap_is_ten_megabytes() -> None:
    padding = b" " * (10_000_001 - len(LETTER))
    with pytest.raises(
        InputError,
        match=r"file is 10,000,001 bytes \(10\.0 MB\), over the limit of 10,000,000 bytes \(10\.0",
    ):
        case_from_upload("letter.txt", LETTER + padding)


def test_pasted_text_at_the_cap_is_read_and_one_character_over_is_refused() -> None:
    text = "Neck pain after a fall. No red flags."
    assert case_from_text(text, LimitsSettings(max_pasted_chars=len(text))).summary == text
    with pytest.raises(InputError) as caught:
        case_from_text(text + "!", LimitsSettings(max_pasted_chars=len(text)))
    assert str(caught.value) == (
        f"pasted text: {len(text) + 1} characters, over the limit of {len(text)}; "
        "set IMR_LIMITS__MAX_PASTED_CHARS to allow longer text"
    )


def test_pdf_pages_are_counted_before_the_text_is_read(tmp_path: Path) -> None:
    pdf = tmp_path / "letter.pdf"
    write_text_pdf(pdf, EXAMPLE.read_text(encoding="utf-8"))
    data = pdf.read_bytes()
    pages = len(PdfReader(pdf).pages)
    assert pages >= 2
    assert case_from_upload(pdf.name, data, LimitsSettings(max_record_pages=pages)).items
    with pytest.raises(InputError) as caught:
        case_from_upload(pdf.name, data, LimitsSettings(max_record_pages=pages - 1))
    assert str(caught.value) == (
        f"letter.pdf: PDF has {pages} pages, over the limit of {pages - 1}; "
        "set IMR_LIMITS__MAX_RECORD_PAGES to allow longer PDFs"
    )
