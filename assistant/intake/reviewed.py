"""The documents reviewed, one line per document: type, author, date and pages. The letter
(`imr intake`) and the workspace list them in the same words."""

from __future__ import annotations

import datetime as dt

from assistant.drafting.case import CaseDocument
from assistant.letters.refs import format_pages

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
"""How each type of document intake tells apart is named; a type not listed is shown as written."""


def pages_label(pages: list[int]) -> str:
    """ "p. 12" for one page, "pp. 12-14" (or "pp. 3, 7") for several."""
    shown = format_pages(sorted(set(pages)))
    return f"p. {shown}" if len(set(pages)) == 1 else f"pp. {shown}"


def document_line(type_: str, author: str | None, date: dt.date | None, pages: list[int]) -> str:
    """One document as the documents reviewed list it: type, author, date (MM/DD/YYYY, as letters
    write it, or "undated"), pages."""
    parts = [TYPE_NAMES.get(type_, type_)]
    if author:
        parts.append(author)
    parts.append(date.strftime("%m/%d/%Y") if date else "undated")
    if pages:
        parts.append(pages_label(pages))
    return ", ".join(parts)


def reviewed_line(document: CaseDocument) -> str:
    """One document as the letter lists it."""
    return document_line(document.type, document.author, document.date, document.pages)


def reviewed_lines(documents: list[CaseDocument]) -> list[str]:
    """Every document, one line each, in the order of the records; never a date range."""
    return [reviewed_line(document) for document in documents]
