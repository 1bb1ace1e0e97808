"""Intake of a case file: pages -> documents -> UR items and case summary -> the case JSON."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from assistant.drafting.case import CASE_ID_PATTERN, case_id_from
from assistant.intake.clean import first_date
from assistant.intake.models import Document, IntakeResult, Page
from assistant.intake.pages import read_pages
from assistant.intake.split import NO_TEXT_TITLE, split_documents
from assistant.intake.summary import summarise
from assistant.intake.ur import find_items
from assistant.settings import LimitsSettings

NO_UR = (
    "no utilization review determination was found in the records, so the disputed items are "
    "left for the reviewer to enter"
)
_CASE_NUMBER = re.compile(
    r"\b(?:IMR )?case (?:number|no\.?|#)\s*:\s*([A-Za-z0-9][A-Za-z0-9._-]{2,})", re.IGNORECASE
)
_CLAIM_NUMBER = re.compile(
    r"\bclaim (?:number|no\.?|#)\s*:\s*([A-Za-z0-9][A-Za-z0-9._-]{2,})", re.IGNORECASE
)
_UR_DATE_LABEL = re.compile(
    r"date of (?:the )?(?:utilization review|UR) (?:decision|determination)\s*:", re.IGNORECASE
)


def stated_case_number(pages: list[Page]) -> str | None:
    """The case number the records state: the IMR case number, else the claim number."""
    for pattern in (_CASE_NUMBER, _CLAIM_NUMBER):
        for page in pages:
            found = pattern.search(page.text)
            if found and re.match(CASE_ID_PATTERN, found.group(1)):
                return found.group(1)
    return None


def case_number(pages: list[Page], fallback: str) -> str:
    """The case number the records state, else `fallback` made usable as a case id."""
    return stated_case_number(pages) or case_id_from(fallback)


def _ur_date(documents: list[Document]) -> tuple[Any, str] | None:
    for document in documents:
        if document.type == "ur_determination" and document.date and document.date_text:
            return document.date, document.date_text
    for document in documents:
        for number in document.pages:
            for line in document.lines.get(number, []):
                if _UR_DATE_LABEL.search(line) and (found := first_date(line)):
                    return found
    return None


def intake_pages(pages: list[Page], fallback_id: str) -> IntakeResult:
    """Read a case from its numbered pages."""
    documents = split_documents(pages)
    items = find_items(documents)
    when = _ur_date(documents)
    ur_text = when[1] if when else None
    warnings = [
        f"page {document.pages[0]} ({pages[document.pages[0] - 1].source}) has no text layer "
        "(scanned image?); its content was not read"
        for document in documents
        if document.title == NO_TEXT_TITLE
    ]
    if not any(document.type == "ur_determination" for document in documents):
        warnings.append(
            NO_UR
            if not items
            else NO_UR.replace(
                "the disputed items are left for the reviewer to enter",
                "the disputed items come from the IMR application; check them",
            )
        )
    return IntakeResult(
        case_id=case_number(pages, fallback_id),
        ur_date=when[0] if when else None,
        ur_date_text=ur_text,
        items=items,
        documents=documents,
        summary=summarise(documents, items, ur_text),
        pages=pages,
        warnings=warnings,
    )


def intake_files(paths: list[Path], limits: LimitsSettings | None = None) -> IntakeResult:
    """Read a case from one or several files of records (.pdf with a text layer, or .txt)."""
    return intake_pages(read_pages(paths, limits), paths[0].stem if paths else "case")


def case_json(result: IntakeResult) -> dict[str, Any]:
    """The case file `imr draft` and the workspace take; items UR certified are not in dispute."""
    return {
        "case_id": result.case_id,
        "ur_date": result.ur_date.isoformat() if result.ur_date else None,
        "clinical_summary": " ".join(sentence.text for sentence in result.summary),
        "items": [
            {
                "title": item.title,
                "ur_decision": item.decision,
                "ur_date": result.ur_date.isoformat() if result.ur_date else None,
                "claims_administrator_guideline": item.guideline,
            }
            for item in result.disputed
        ],
        "summary_sentences": [sentence.model_dump() for sentence in result.summary],
        "documents": [document.entry().model_dump(mode="json") for document in result.documents],
        "pages": {str(page.number): page.text for page in result.pages},
    }
