"""The pages of the records: each PDF's text layer page by page, or a text file's pages."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import InputError, LetterParseError
from assistant.files import read_input_bytes
from assistant.intake.models import Page
from assistant.letters.pdf import pdf_pages
from assistant.letters.reader import PDF_MAGIC
from assistant.limits import RECORD_PAGES_SETTING, check_pages
from assistant.settings import LimitsSettings

SUFFIXES = (".pdf", ".txt")
FORM_FEED = "\f"


def pages_of(data: bytes, path: Path, limits: LimitsSettings | None = None) -> list[str]:
    """The text of each page of one file's content: a PDF's pages, or a text file's pages
    (split at form feeds). Raises LetterParseError/InputError naming the file."""
    caps = limits or LimitsSettings()
    if not data.strip():
        raise LetterParseError("file is empty", path)
    if path.suffix.lower() == ".pdf" or data.startswith(PDF_MAGIC):
        return pdf_pages(data, str(path), caps.max_record_pages, RECORD_PAGES_SETTING)
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(
            f"unsupported file type {path.suffix or '(no extension)'!r}: expected a .pdf with a "
            "text layer or a .txt file",
            path,
        )
    if b"\x00" in data:
        raise LetterParseError("not a text file (binary content)", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LetterParseError("not a text file (not valid UTF-8)", path) from None
    return text.split(FORM_FEED)


def number_pages(
    files: list[tuple[str, list[str]]], limits: LimitsSettings | None = None
) -> list[Page]:
    """Number the pages of several files in the order given, from 1; the page cap counts all."""
    caps = limits or LimitsSettings()
    pages: list[Page] = []
    for source, texts in files:
        pages.extend(Page(number=len(pages) + 1, source=source, text=text) for text in texts)
    last = files[-1][0] if files else None
    check_pages(len(pages), caps.max_record_pages, last, RECORD_PAGES_SETTING)
    return pages


def read_pages(paths: list[Path], limits: LimitsSettings | None = None) -> list[Page]:
    """Read every file's pages, numbered across all files."""
    caps = limits or LimitsSettings()
    files = [
        (
            str(path),
            pages_of(read_input_bytes(path, LetterParseError, caps.max_upload_bytes), path, caps),
        )
        for path in paths
    ]
    return number_pages(files, caps)
