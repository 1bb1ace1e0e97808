"""Intake measured on every synthetic case file against what the file is known to hold: the
disputed items with their UR decisions, a summary whose facts are on the pages it links, the key
facts of each case, the documents and the pages without text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.drafting.validate import unsupported_facts
from assistant.intake.drugs import DRUG_NAMES
from assistant.intake.models import IntakeResult
from assistant.intake.reader import intake_files

ITEM_GOAL = 0.95
KEY_FACT_GOAL = 0.90


@pytest.fixture(scope="module")
def results(bundles: dict[str, Path]) -> dict[str, IntakeResult]:
    return {case_id: intake_files([path]) for case_id, path in bundles.items()}


def test_disputed_items_are_found_with_their_ur_decision(
    results: dict[str, IntakeResult], expected: dict[str, dict[str, Any]]
) -> None:
    wanted = [(case_id, item) for case_id, case in expected.items() for item in case["items"]]
    found = 0
    for case_id, item in wanted:
        read = {i.title.casefold(): i for i in results[case_id].requested}
        match = read.get(item["title"].casefold())
        decision = match.ur_decision.value if match and match.ur_decision else None
        if match and decision == item["ur_decision"] and match.guideline == item["guideline"]:
            found += 1

    assert len(wanted) >= 20
    assert found / len(wanted) >= ITEM_GOAL, f"{found} of {len(wanted)} items found"


def test_only_items_ur_did_not_certify_are_disputed(
    results: dict[str, IntakeResult], expected: dict[str, dict[str, Any]]
) -> None:
    for case_id, case in expected.items():
        titles = [item.title for item in results[case_id].disputed]
        assert titles == [item["title"] for item in case["items"] if item["disputed"]], case_id


def test_every_summary_fact_is_on_a_page_the_sentence_links(
    results: dict[str, IntakeResult],
) -> None:
    for case_id, result in results.items():
        texts = {page.number: page.text for page in result.pages}
        assert len(result.summary) >= 5, case_id
        for sentence in result.summary:
            allowed = " ".join(texts[number] for number in sentence.pages)
            assert unsupported_facts(sentence.text, allowed, DRUG_NAMES) == [], (case_id, sentence)


def test_key_facts_are_in_the_summary(
    results: dict[str, IntakeResult], expected: dict[str, dict[str, Any]]
) -> None:
    wanted = [(case_id, fact) for case_id, case in expected.items() for fact in case["key_facts"]]
    present = [
        (case_id, fact)
        for case_id, fact in wanted
        if fact.casefold() in " ".join(s.text for s in results[case_id].summary).casefold()
    ]

    assert len(present) / len(wanted) >= KEY_FACT_GOAL, set(wanted) - set(present)


def test_documents_are_split_with_type_date_author_and_pages(
    results: dict[str, IntakeResult], expected: dict[str, dict[str, Any]]
) -> None:
    for case_id, case in expected.items():
        read = [
            {
                "type": document.type.value,
                "date": document.date.isoformat() if document.date else None,
                "first_page": document.first_page,
                "last_page": document.last_page,
            }
            for document in results[case_id].documents
        ]
        assert read == [{k: v for k, v in d.items() if k != "author"} for d in case["documents"]]
        for document, want in zip(results[case_id].documents, case["documents"], strict=True):
            assert document.author is not None
            assert want["author"].startswith(document.author), (case_id, document)


def test_pages_without_text_are_reported(
    results: dict[str, IntakeResult], expected: dict[str, dict[str, Any]]
) -> None:
    for case_id, case in expected.items():
        reported = [w for w in results[case_id].warnings if "no text layer" in w]
        assert [int(w.split()[1]) for w in reported] == case["scanned_pages"], case_id
        assert len(results[case_id].pages) == case["page_count"]


def test_the_case_number_comes_from_the_records(results: dict[str, IntakeResult]) -> None:
    assert {result.case_id for result in results.values()} == {
        f"SYN-CLM-{number:02d}" for number in range(1, 13)
    }
