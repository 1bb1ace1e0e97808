"""Read the records into numbered pages: a PDF's text layer page by page, a .txt file split at
form feeds. Pages are numbered across all files in the order given."""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from pathlib import Path

from assistant.errors import InputError
from assistant.files import read_input_bytes
from assistant.intake.models import Page
from assistant.letters.reader import PDF_MAGIC
from assistant.letters.refs import normalize_space
from assistant.limits import BUNDLE_PAGES_SETTING, check_pages
from assistant.settings import LimitsSettings

SUFFIXES = (".pdf", ".txt")
FORM_FEED = "\f"


def _pdf_pages(data: bytes, path: Path, cap: int) -> list[str]:
    from pypdf import PdfReader  # imported here: reading text records needs no PDF library

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:  # pypdf raises many kinds of errors on damaged files
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted and not reader.decrypt("")
    except Exception as exc:
        detail = normalize_space(str(exc)) or type(exc).__name__
        raise InputError(f"not a readable PDF ({detail})", path) from None
    if encrypted:
        raise InputError("PDF is encrypted; save an unprotected copy and try again", path)
    try:
        count = len(reader.pages)
        check_pages(count, cap, path, BUNDLE_PAGES_SETTING)
        return [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:
        detail = normalize_space(str(exc)) or type(exc).__name__
        raise InputError(f"not a readable PDF ({detail})", path) from None


def file_pages(data: bytes, path: Path, cap: int) -> list[str]:
    """The text of each page of one file's content; path names the file in errors."""
    if not data.strip():
        raise InputError("file is empty", path)
    if path.suffix.lower() == ".pdf" or data.startswith(PDF_MAGIC):
        texts = _pdf_pages(data, path, cap)
        if not any(text.strip() for text in texts):
            raise InputError("PDF has no text layer (scanned image?); run OCR first", path)
        return texts
    if path.suffix.lower() != ".txt":
        raise InputError(
            f"unsupported file type {path.suffix or '(no extension)'!r}: expected .pdf or .txt",
            path,
        )
    if b"\x00" in data:
        raise InputError("not a text file (binary content)", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte offset {exc.start})", path) from None
    texts = text.split(FORM_FEED)
    check_pages(len(texts), cap, path, BUNDLE_PAGES_SETTING)
    return texts


def number_pages(files: Sequence[tuple[str, list[str]]], cap: int) -> list[Page]:
    """Pages of several files numbered 1.. across them all; more than `cap` in all is an error."""
    total = sum(len(texts) for _, texts in files)
    check_pages(
        total, cap, files[-1][0] if len(files) == 1 else "the records", BUNDLE_PAGES_SETTING
    )
    pages: list[Page] = []
    for source, texts in files:
        for text in texts:
            pages.append(Page(number=len(pages) + 1, source=source, text=text))
    return pages


def read_pages(paths: Sequence[Path], limits: LimitsSettings | None = None) -> list[Page]:
    """Every page of the record files, in order. Raises InputError naming the file at fault."""
    caps = limits or LimitsSettings()
    files = [
        (
            str(path),
            file_pages(
                read_input_bytes(path, InputError, caps.max_upload_bytes),
                path,
                caps.max_bundle_pages,
            ),
        )
        for path in paths
    ]
    return number_pages(files, caps.max_bundle_pages)
