"""The case JSON the rest of the tool takes (`imr draft`, `imr batch`, the workspace), made from
what intake read: the disputed items with their UR decisions, the page-linked summary, the
documents reviewed and the text of every page."""

from __future__ import annotations

from typing import Any

from assistant.intake.models import IntakeResult


def case_data(result: IntakeResult) -> dict[str, Any]:
    """The case as JSON-ready data; `items` is empty when the records named no disputed item."""
    return {
        "case_id": result.case_id,
        "ur_date": result.ur_date.isoformat() if result.ur_date else None,
        "clinical_summary": " ".join(sentence.text for sentence in result.summary),
        "items": [
            {
                "title": item.title,
                "ur_decision": item.ur_decision.value if item.ur_decision else None,
                "ur_date": item.ur_date.isoformat() if item.ur_date else None,
                "claims_administrator_guideline": item.guideline,
            }
            for item in result.disputed
        ],
        "summary_sentences": [sentence.model_dump() for sentence in result.summary],
        "documents": [
            {
                "type": document.type.value,
                "date": document.date.isoformat() if document.date else None,
                "author": document.author,
                "pages": document.pages,
            }
            for document in result.documents
        ],
        "pages": {str(page.number): page.text for page in result.pages},
    }
