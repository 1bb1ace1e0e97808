"""Text layer of a PDF, through pypdf."""

from __future__ import annotations

import io
import logging

from assistant.errors import LetterParseError
from assistant.letters.refs import normalize_space
from assistant.limits import check_pages

NO_TEXT_LAYER = "PDF has no text layer (scanned image?); run OCR first"


def _unreadable(exc: Exception, path: str | None) -> LetterParseError:
    detail = normalize_space(str(exc)) or type(exc).__name__
    return LetterParseError(f"not a readable PDF ({detail})", path)


def pdf_text(data: bytes, path: str | None = None, max_pages: int | None = None) -> str:
    """The extracted text of every page, pages separated by a line break.

    Raises LetterParseError when the PDF cannot be read or holds no extractable text, and
    InputError when it has more than `max_pages` pages (counted before any text is extracted).
    """
    from pypdf import PdfReader  # imported here: reading a text letter needs no PDF library

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:  # pypdf raises many kinds of errors on damaged files
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        count = len(reader.pages)
    except Exception as exc:
        raise _unreadable(exc, path) from None
    if max_pages is not None:
        check_pages(count, max_pages, path)
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:
        raise _unreadable(exc, path) from None
    text = "\n".join(pages)
    if not text.strip():
        raise LetterParseError(NO_TEXT_LAYER, path)
    return text
