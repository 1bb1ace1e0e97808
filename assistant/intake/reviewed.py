"""The documents reviewed, one line per document (never a date range)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.intake.models import DocumentType, RecordDocument

_NAMES = {
    DocumentType.IMR_APPLICATION: "Application for independent medical review",
    DocumentType.UR_DETERMINATION: "Utilization review determination",
    DocumentType.RFA: "Request for authorization",
    DocumentType.PROGRESS_REPORT: "Progress report (PR-2)",
    DocumentType.CONSULTATION: "Consultation report",
    DocumentType.IMAGING: "Imaging report",
    DocumentType.OPERATIVE_REPORT: "Operative report",
}


def page_span(pages: Sequence[int]) -> str:
    """ "page 4" or "pages 4-6"."""
    if len(pages) == 1 or pages[0] == pages[-1]:
        return f"page {pages[0]}"
    return f"pages {pages[0]}-{pages[-1]}"


def reviewed_line(document: RecordDocument) -> str:
    """One document as the letter lists it: type, author, date, pages."""
    parts = [_NAMES.get(document.type, document.title.capitalize())]
    if document.author:
        parts.append(document.author)
    parts.append(document.date.strftime("%m/%d/%Y") if document.date else "undated")
    parts.append(page_span(document.pages))
    return ", ".join(parts)


def documents_reviewed(documents: Sequence[RecordDocument]) -> list[str]:
    """Every document of the records, one line each, in the order of the records."""
    return [reviewed_line(document) for document in documents]
