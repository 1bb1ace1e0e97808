"""A bundle of records split into documents: where each starts, its type, date and author."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from assistant.drafting.case import DocumentType
from assistant.intake.clean import clean_lines, first_date
from assistant.intake.models import Document, Page

TITLE_LINES = 3
NO_TEXT_TITLE = "Page without a text layer"
_TYPE_PATTERNS: tuple[tuple[DocumentType, str], ...] = (
    ("imr_application", r"application for independent medical review|\bIMR application\b"),
    (
        "ur_determination",
        r"utilization review (?:determination|decision)|notice of (?:utilization review|ur) "
        r"(?:decision|determination)",
    ),
    ("rfa", r"request for authorization|\bDWC form RFA\b"),
    ("progress_report", r"progress report|\bPR-?2\b"),
    ("operative_report", r"operative report|procedure note|operation report"),
    ("consultation", r"\bconsult(?:ation)?\b|\bevaluation report\b|\bQME\b|\bAME\b"),
    (
        "imaging",
        r"radiology|\bMRI\b|\bx-?rays?\b|\bCT scan\b|imaging|ultrasound|\bEMG\b|\bNCV\b",
    ),
)
_TYPES = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _TYPE_PATTERNS)
_TITLE = re.compile(r"^[A-Z0-9][A-Z0-9 ,.'()/&#-]{7,}$")
_CONTINUED = re.compile(r"\bcontinued\b", re.IGNORECASE)
_DATE_LABEL = re.compile(
    r"^(?:date of (?:service|surgery|exam(?:ination)?|determination|visit|report|decision)|"
    r"exam date|service date|dos|date)\s*:",
    re.IGNORECASE,
)
_AUTHOR = re.compile(
    r"^(?:provider|consultant|interpreted by|surgeon|therapist|physician reviewer|reviewer|"
    r"requesting physician|treating physician|signed(?: by)?|author|dictated by)\s*:\s*(.+)$",
    re.IGNORECASE,
)


def document_type(title_lines: list[str]) -> tuple[DocumentType, str] | None:
    """The type and title a page's first lines announce, or None for a continuation page."""
    for line in title_lines:
        if _CONTINUED.search(line):
            return None
    for kind, pattern in _TYPES:
        for line in title_lines:
            titled = _TITLE.match(line) or kind != "consultation"
            if pattern.search(line) and titled and len(line) <= 90:
                return kind, line
    for line in title_lines[:1]:
        if _TITLE.match(line) and any(char.isalpha() for char in line):
            return "other", line
    return None


def _date_and_author(lines: list[str]) -> tuple[tuple[date, str] | None, str | None]:
    labelled = next((line for line in lines if _DATE_LABEL.match(line)), None)
    found = first_date(labelled) if labelled else None
    if found is None:
        found = next((hit for line in lines[:12] if (hit := first_date(line))), None)
    author = next((m.group(1).strip() for line in lines[:15] if (m := _AUTHOR.match(line))), None)
    return found, author


@dataclass
class _Open:
    """The document being read: its type, title and the clean lines of its pages so far."""

    type: DocumentType
    title: str
    lines: dict[int, list[str]] = field(default_factory=dict)

    def close(self) -> Document:
        found, author = _date_and_author([line for page in self.lines.values() for line in page])
        return Document(
            type=self.type,
            title=self.title,
            date=found[0] if found else None,
            date_text=found[1] if found else None,
            author=author,
            pages=sorted(self.lines),
            lines=self.lines,
        )


def split_documents(pages: list[Page]) -> list[Document]:
    """One document per run of pages that starts with a title; a page without text is its own."""
    documents: list[Document] = []
    current: _Open | None = None
    for page in pages:
        lines = clean_lines(page.text)
        started = document_type(lines[:TITLE_LINES]) if lines else None
        if current is not None and (not lines or started is not None):
            documents.append(current.close())
            current = None
        if not lines:
            documents.append(
                Document(type="other", title=NO_TEXT_TITLE, pages=[page.number], lines={})
            )
            continue
        if current is None:
            kind, title = started or ("other", lines[0])
            current = _Open(kind, title)
        current.lines[page.number] = lines
    if current is not None:
        documents.append(current.close())
    return documents
