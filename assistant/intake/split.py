"""Split the records into documents at their title lines, each with its type, date, author and
page range. A page without a title continues the document before it; a new file starts a new
document."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.intake.dates import parse_date
from assistant.intake.models import DocumentType, Page, RecordDocument
from assistant.intake.noise import body_lines, running_lines

TITLE_LINES = 4
HEADER_LINES = 12
_TITLES: tuple[tuple[DocumentType, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I))
    for kind, pattern in (
        (DocumentType.IMR_APPLICATION, r"\bAPPLICATION FOR INDEPENDENT MEDICAL REVIEW\b"),
        (
            DocumentType.UR_DETERMINATION,
            r"\bUTILIZATION REVIEW (?:DETERMINATION|DECISION)\b|"
            r"\bNOTICE OF (?:UTILIZATION REVIEW )?DECISION\b",
        ),
        (DocumentType.RFA, r"\bREQUEST FOR AUTHORIZATION\b"),
        (DocumentType.PROGRESS_REPORT, r"\bPROGRESS REPORT\b|\bPR-2\b"),
        (DocumentType.CONSULTATION, r"\bCONSULTATION\b|\bCONSULTATIVE\b"),
        (
            DocumentType.IMAGING,
            r"\b(?:IMAGING|RADIOLOGY|MRI|CT|X-RAY|ULTRASOUND|EMG|NERVE CONDUCTION)\b.*\bREPORT\b"
            r"|\bDIAGNOSTIC IMAGING\b",
        ),
        (DocumentType.OPERATIVE_REPORT, r"\bOPERATIVE REPORT\b|\bPROCEDURE NOTE\b"),
    )
)
ANY_TITLE = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _TITLES), re.I)
_DATE_LABEL = re.compile(
    r"^(?:date(?! of (?:injury|birth|the utilization))[^:]{0,30}|DOS|exam date|signed):", re.I
)
_AUTHOR_LABEL = re.compile(
    r"^(?:(?:physician )?reviewer|submitted by|(?:treating|requesting|primary) physician|"
    r"consultant|radiologist|surgeon|provider|author|signed by|physician|interpreted by):\s*(.+)$",
    re.I,
)


def _is_title(line: str) -> DocumentType | None:
    letters = [char for char in line if char.isalpha()]
    if len(letters) < 4 or sum(char.isupper() for char in letters) < 0.8 * len(letters):
        return None
    for kind, pattern in _TITLES:
        if pattern.search(line):
            return kind
    return None


def _title(lines: list[str]) -> tuple[DocumentType, str] | None:
    for index, line in enumerate(lines[:TITLE_LINES]):
        kind = _is_title(line)
        if kind is not None:
            follow = lines[index + 1] if index + 1 < len(lines) else ""
            wrapped = follow.startswith("(") and follow.endswith(")")
            return kind, f"{line} {follow}" if wrapped else line
    return None


def _describe(kind: DocumentType, title: str, lines: list[str], pages: list[int]) -> RecordDocument:
    day = None
    author = None
    for line in lines[:HEADER_LINES]:
        if day is None and _DATE_LABEL.match(line):
            day = parse_date(line)
        found = _AUTHOR_LABEL.match(line)
        if author is None and found:
            author = found.group(1).strip()
    return RecordDocument(type=kind, title=title, date=day, author=author, pages=pages)


def split_documents(pages: Sequence[Page]) -> list[RecordDocument]:
    """The documents of the records, in page order; every page belongs to exactly one."""
    running = running_lines(pages, ANY_TITLE)
    groups: list[tuple[DocumentType, str, list[str], list[int]]] = []
    source = None
    for page in pages:
        lines = body_lines(page, running)
        found = _title(lines)
        if found is not None or not groups or page.source != source:
            kind, title = found or (DocumentType.OTHER, lines[0] if lines else "Untitled pages")
            groups.append((kind, title, list(lines), [page.number]))
        else:
            groups[-1][3].append(page.number)
        source = page.source
    return [_describe(kind, title, lines, numbers) for kind, title, lines, numbers in groups]
