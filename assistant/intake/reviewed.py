"""The documents reviewed, one line per document: type, author, date and pages."""

from __future__ import annotations

from assistant.drafting.case import CaseDocument

TYPE_NAMES = {
    "imr_application": "Application for Independent Medical Review",
    "ur_determination": "Utilization review determination",
    "rfa": "Request for authorization",
    "progress_report": "Progress report (PR-2)",
    "consultation": "Consultation",
    "imaging": "Imaging report",
    "operative_report": "Operative report",
    "other": "Other record",
}


def page_span(pages: list[int]) -> str:
    """ "p. 4" or "pp. 4-6"."""
    if len(pages) == 1:
        return f"p. {pages[0]}"
    return f"pp. {pages[0]}-{pages[-1]}"


def reviewed_line(document: CaseDocument) -> str:
    """One document as the letter lists it."""
    parts = [TYPE_NAMES[document.type]]
    if document.author:
        parts.append(document.author)
    parts.append(document.date.strftime("%m/%d/%Y") if document.date else "undated")
    parts.append(page_span(document.pages))
    return ", ".join(parts)


def reviewed_lines(documents: list[CaseDocument]) -> list[str]:
    """Every document, one line each, in the order of the records; never a date range."""
    return [reviewed_line(document) for document in documents]
