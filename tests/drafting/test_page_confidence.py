"""A draft whose guideline line cites a less certain page, or that states a number its topic holds
from outside the fact sheet, is flagged for a check against the guideline, without a redraft."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.drafting.validate import (
    CHECK_PAGE,
    DraftContext,
    confidence_problems,
    is_guideline_check,
    validate_reply,
)
from assistant.settings import Settings
from tests.drafting.test_validate import CONTEXT, clean_reply, hit


def context_with(**meta: object) -> DraftContext:
    cited = hit(
        "g-cpmtg", "cpmtg", "Cyclobenzaprine is limited to a short course of 2 to 3 weeks.", **meta
    )
    return CONTEXT.model_copy(update={"guidelines": [cited, *CONTEXT.guidelines[1:]]})


def test_pages_confirmed_by_a_letter_or_the_fact_sheet_need_no_check() -> None:
    for confidence in ("letter", "fact-sheet"):
        assert confidence_problems(clean_reply(), context_with(page_confidence=confidence)) == []


def test_a_less_certain_page_of_the_guideline_line_is_flagged_with_its_pages() -> None:
    for confidence in ("fact-sheet-low", "outside"):
        context = context_with(page_confidence=confidence, citation="MTUS CPMTG Page(s): 41-42")
        problems = confidence_problems(clean_reply(), context)
        assert [problem.code for problem in problems] == [CHECK_PAGE]
        assert "page(s) 41-42 of g-cpmtg" in problems[0].message
        assert is_guideline_check(problems[0].message)
        assert validate_reply(clean_reply(), context) == []


def test_a_topic_without_pages_has_no_page_to_check() -> None:
    context = context_with(page_confidence="fact-sheet-low", pages=[])
    assert confidence_problems(clean_reply(), context) == []


def test_a_topic_without_pages_written_outside_the_fact_sheet_has_its_section_flagged() -> None:
    context = context_with(page_confidence="outside", pages=[])
    problems = confidence_problems(clean_reply(), context)
    assert [problem.code for problem in problems] == [CHECK_PAGE]
    assert "the section named for g-cpmtg" in problems[0].message
    assert is_guideline_check(problems[0].message)


def test_imr_draft_shows_the_page_check_and_the_numbers_to_check(
    ingested_env: Settings, tmp_path: Path
) -> None:
    case = tmp_path / "case.json"
    case.write_text(
        json.dumps(
            {
                "case_id": "SYN-CASE-0099",
                "clinical_summary": "The injured worker is a 44-year-old carpenter who twisted the "
                "right knee on 2/2/2014. He has medial joint line tenderness and a positive "
                "McMurray test after six weeks of physical therapy.",
                "items": [{"title": "MRI of the right knee"}],
            }
        ),
        encoding="utf-8",
    )
    shown = CliRunner().invoke(app, ["draft", str(case), "--model", "offline"])
    assert "check_page: check against the guideline: page(s) 341-343" in shown.output
    assert "numbers to check against the guideline: 24, 90" in shown.output

    data = json.loads(
        CliRunner().invoke(app, ["draft", str(case), "--model", "offline", "--json"]).stdout
    )
    item = data["items"][0]
    assert item["needs_review"] is True
    assert [problem["code"] for problem in item["problems"]] == [CHECK_PAGE]
    assert {citation["page_confidence"] for citation in item["citations"]} == {"fact-sheet-low"}
