"""Text layer of a PDF, through pypdf."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader

from assistant.errors import LetterParseError
from assistant.letters.refs import normalize_space

NO_TEXT_LAYER = "PDF has no text layer (scanned image?); run OCR first"


def pdf_text(data: bytes, path: str | None = None) -> str:
    """The extracted text of every page, pages separated by a line break.

    Raises LetterParseError when the PDF cannot be read or holds no extractable text.
    """
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        detail = normalize_space(str(exc)) or type(exc).__name__
        raise LetterParseError(f"not a readable PDF ({detail})", path) from None
    text = "\n".join(pages)
    if not text.strip():
        raise LetterParseError(NO_TEXT_LAYER, path)
    return text
