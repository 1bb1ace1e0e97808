"""Case intake: from the record files to the disputed items, the case summary and the documents
reviewed, each statement linked to its pages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from assistant.intake.disputed import application_items, merge_items, ur_items
from assistant.intake.models import DocumentType, IntakeResult, Page, RecordDocument
from assistant.intake.noise import body_lines, running_lines
from assistant.intake.pages import read_pages
from assistant.intake.split import ANY_TITLE, split_documents
from assistant.intake.summary import summarise
from assistant.settings import LimitsSettings

NO_UR = "no utilization review determination was found in the records"
LEFT_TO_ENTER = "the disputed items are left for the reviewer to enter"
FROM_APPLICATION = (
    "the disputed items were taken from the IMR application, without UR decisions; check them"
)
_CASE_NUMBER = re.compile(
    r"\b(?:IMR case|case|claim)\s*(?:number|no\.?|#)\s*:?\s*(?P<number>[A-Z0-9][A-Z0-9._-]{3,})",
    re.I,
)
_DISALLOWED = re.compile(r"[^A-Za-z0-9._-]+")


def _case_number(
    pages: Sequence[Page], documents: Sequence[RecordDocument], running: frozenset[str]
) -> str | None:
    """The case or claim number the IMR application or UR determination states in its header."""
    wanted = (DocumentType.IMR_APPLICATION, DocumentType.UR_DETERMINATION)
    for document in documents:
        if document.type not in wanted:
            continue
        page = next(page for page in pages if page.number == document.first_page)
        for line in body_lines(page, running):
            found = _CASE_NUMBER.search(line)
            if found:
                return found.group("number")
    return None


def intake_pages(pages: list[Page], fallback_id: str) -> IntakeResult:
    """What the numbered pages of a case's records hold; `fallback_id` names a case whose
    records state no case or claim number."""
    running = running_lines(pages, ANY_TITLE)
    documents = split_documents(pages)
    warnings = [
        f"page {page.number} ({page.source}) has no text layer (scanned image?); "
        "its content was not read"
        for page in pages
        if not page.has_text
    ]
    ur_documents = [d for d in documents if d.type is DocumentType.UR_DETERMINATION]
    from_ur = [item for document in ur_documents for item in ur_items(document, pages, running)]
    listed = [
        item
        for document in documents
        if document.type is DocumentType.IMR_APPLICATION
        for item in application_items(document, pages, running)
    ]
    requested = merge_items(from_ur, listed)
    if not ur_documents:
        warnings.append(f"{NO_UR}; {FROM_APPLICATION if requested else LEFT_TO_ENTER}")
    elif not from_ur:
        warnings.append(
            "the utilization review determination names no item in a form intake reads; "
            + LEFT_TO_ENTER
        )
    ur_date = next((d.date for d in ur_documents if d.date), None)
    disputed = [item for item in requested if item.disputed]
    return IntakeResult(
        case_id=_DISALLOWED.sub("-", _case_number(pages, documents, running) or fallback_id).strip(
            "-"
        )
        or "case",
        pages=pages,
        documents=documents,
        requested=requested,
        ur_date=ur_date,
        summary=summarise(pages, documents, disputed, running),
        warnings=warnings,
    )


def intake_files(paths: Sequence[Path], limits: LimitsSettings | None = None) -> IntakeResult:
    """Read the record files (PDF text layers or .txt) and take the case in."""
    return intake_pages(read_pages(paths, limits), paths[0].stem)
