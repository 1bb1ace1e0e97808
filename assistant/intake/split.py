"""A bundle of records split into documents: where each starts, its type, date and author."""

from __future__ import annotations

import re

from assistant.drafting.case import DocumentType
from assistant.intake.clean import clean_lines, first_date
from assistant.intake.models import Document, Page

TITLE_LINES = 3
NO_TEXT_TITLE = "Page without a text layer"
_TYPES: tuple[tuple[DocumentType, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
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
)
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


def _date_and_author(lines: list[str]) -> tuple[tuple[object, str] | None, str | None]:
    labelled = next((line for line in lines if _DATE_LABEL.match(line)), None)
    found = first_date(labelled) if labelled else None
    if found is None:
        found = next((hit for line in lines[:12] if (hit := first_date(line))), None)
    author = next((m.group(1).strip() for line in lines[:15] if (m := _AUTHOR.match(line))), None)
    return found, author


def split_documents(pages: list[Page]) -> list[Document]:
    """One document per run of pages that starts with a title; a page without text is its own."""
    documents: list[Document] = []
    current: dict[str, object] | None = None

    def close() -> None:
        if current is not None:
            lines: dict[int, list[str]] = current["lines"]  # type: ignore[assignment]
            first = [line for number in sorted(lines) for line in lines[number]]
            found, author = _date_and_author(first)
            documents.append(
                Document(
                    type=current["type"],  # type: ignore[arg-type]
                    title=str(current["title"]),
                    date=found[0] if found else None,
                    date_text=found[1] if found else None,
                    author=author,
                    pages=sorted(lines),
                    lines=lines,
                )
            )

    for page in pages:
        lines = clean_lines(page.text)
        if not lines:
            close()
            current = None
            documents.append(
                Document(type="other", title=NO_TEXT_TITLE, pages=[page.number], lines={})
            )
            continue
        started = document_type(lines[:TITLE_LINES])
        if started is not None or current is None:
            close()
            kind, title = started or ("other", lines[0])
            current = {"type": kind, "title": title, "lines": {page.number: lines}}
        else:
            current["lines"][page.number] = lines  # type: ignore[index]
    close()
    return documents
