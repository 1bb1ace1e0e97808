"""Read a letter file (.txt or .pdf) into a `Letter`."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import LetterParseError
from assistant.files import read_input_bytes
from assistant.letters.models import Letter
from assistant.letters.parser import parse_letter
from assistant.letters.pdf import pdf_text
from assistant.settings import LimitsSettings

PDF_MAGIC = b"%PDF-"


def letter_text(data: bytes, path: Path, limits: LimitsSettings | None = None) -> str:
    """The text of a letter file's content: its PDF text layer, or the bytes decoded as UTF-8.

    A file is read as PDF when its name ends in .pdf or its content starts with the PDF magic.
    Raises LetterParseError when the content is empty, binary, or a PDF without text, and
    InputError when it is over a cap of `limits` (the defaults when not given).
    """
    caps = limits or LimitsSettings()
    if not data.strip():
        raise LetterParseError("file is empty", path)
    if path.suffix.lower() == ".pdf" or data.startswith(PDF_MAGIC):
        return pdf_text(data, str(path), caps.max_pdf_pages)
    if b"\x00" in data:
        raise LetterParseError("not a text file (binary content)", path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LetterParseError("not a text file (not valid UTF-8)", path) from None


def letter_from_bytes(data: bytes, path: Path, limits: LimitsSettings | None = None) -> Letter:
    """Parse a letter file's content; path names it in errors and in source_file."""
    return parse_letter(letter_text(data, path, limits), source_file=str(path))


def read_letter(path: Path, limits: LimitsSettings | None = None) -> Letter:
    """Read and parse one letter file; source_file is the path as given."""
    caps = limits or LimitsSettings()
    data = read_input_bytes(path, LetterParseError, caps.max_upload_bytes)
    return letter_from_bytes(data, path, caps)
