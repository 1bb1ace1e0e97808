"""Text layer of a PDF, through pypdf."""

from __future__ import annotations

import io
import logging

from assistant.errors import LetterParseError
from assistant.letters.refs import normalize_space
from assistant.limits import PAGES_SETTING, check_pages

NO_TEXT_LAYER = "PDF has no text layer (scanned image?); run OCR first"
ENCRYPTED = "PDF is encrypted with a password; save an unencrypted copy and try again"


def _unreadable(exc: Exception, path: str | None) -> LetterParseError:
    detail = normalize_space(str(exc)) or type(exc).__name__
    return LetterParseError(f"not a readable PDF ({detail})", path)


def pdf_pages(
    data: bytes,
    path: str | None = None,
    max_pages: int | None = None,
    pages_setting: str = PAGES_SETTING,
) -> list[str]:
    """The extracted text of each page, in order; a page without a text layer is "".

    Raises LetterParseError when the PDF cannot be read, is encrypted with a password, or holds
    no extractable text at all, and InputError when it has more than `max_pages` pages (counted
    before any text is extracted; `pages_setting` names the setting that raises the cap).
    """
    from pypdf import PdfReader  # imported here: reading a text letter needs no PDF library

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:  # pypdf raises many kinds of errors on damaged files
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LetterParseError(ENCRYPTED, path)
        count = len(reader.pages)
    except LetterParseError:
        raise
    except Exception as exc:
        raise _unreadable(exc, path) from None
    if max_pages is not None:
        check_pages(count, max_pages, path, pages_setting)
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:
        raise _unreadable(exc, path) from None
    if not any(page.strip() for page in pages):
        raise LetterParseError(NO_TEXT_LAYER, path)
    return pages


def pdf_text(data: bytes, path: str | None = None, max_pages: int | None = None) -> str:
    """The extracted text of every page, pages separated by a line break (see `pdf_pages`)."""
    return "\n".join(pdf_pages(data, path, max_pages))
