"""The case file's intake fields: UR decisions and dates on items, the page-linked summary, the
documents reviewed and the page texts are read, and bad values are named."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assistant.drafting.case import case_from_json
from assistant.errors import InputError
from assistant.intake.models import DocumentType, UrDecision

PATH = Path("case.json")


def _case(**extra: Any) -> dict[str, Any]:
    return {
        "case_id": "SYN-CLM-01",
        "clinical_summary": "The injured worker is a 47-year-old.",
        "items": [
            {
                "title": "Norco 10/325 mg #90",
                "ur_decision": "non-certified",
                "ur_date": "2024-03-05",
            }
        ],
        **extra,
    }


def test_intake_fields_are_read() -> None:
    case = case_from_json(
        json.dumps(
            _case(
                summary_sentences=[{"text": "The injured worker is a 47-year-old.", "pages": [4]}],
                documents=[
                    {"type": "UR determination", "date": "2024-03-05", "author": None, "pages": [2]}
                ],
                pages={"1": "first page", "2": "second page"},
            )
        ),
        PATH,
    )

    assert case.items[0].ur_decision is UrDecision.NON_CERTIFIED
    assert case.items[0].ur_date == date(2024, 3, 5)
    assert case.summary_sentences is not None and case.summary_sentences[0].pages == [4]
    assert case.documents is not None and case.documents[0].type is DocumentType.UR_DETERMINATION
    assert case.pages == {1: "first page", 2: "second page"}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {"documents": [{"type": "UR determination", "pages": [2], "when": "x"}]},
            "documents[0].when: unknown field (allowed: type, date, author, pages)",
        ),
        (
            {"summary_sentences": [{"text": "A sentence.", "pages": [1], "page": 1}]},
            "summary_sentences[0].page: unknown field (allowed: text, pages)",
        ),
        ({"pages": {"one": "text"}}, "pages.one: is not a page number"),
    ],
)
def test_bad_intake_fields_are_named(extra: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError) as raised:
        case_from_json(json.dumps(_case(**extra)), PATH)

    assert str(raised.value) == f"case.json: {message}"


def test_a_bad_ur_decision_is_named() -> None:
    data = _case()
    data["items"][0]["ur_decision"] = "denied-ish"

    with pytest.raises(InputError) as raised:
        case_from_json(json.dumps(data), PATH)

    assert "items[0].ur_decision: must be one of 'non-certified', 'modified' or 'certified'" in str(
        raised.value
    )
