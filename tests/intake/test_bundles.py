"""Intake over every synthetic case file meets its goals: the disputed items with UR's decision,
a summary whose every fact is on the page it links, the key facts, and one entry per document."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from assistant.intake.build import intake_files
from assistant.intake.models import IntakeResult
from tests.intake.synthetic import EXPECTED_DIR, PAGE_COUNTS

Bundles = list[tuple[Path, dict[str, Any]]]
FACT = re.compile(r"\d+(?:[./-]\d+)*")
DRUGS = ("norco", "gabapentin", "cyclobenzaprine", "omeprazole", "lidoderm")


@pytest.fixture(scope="module")
def results(bundles: Bundles) -> list[tuple[IntakeResult, dict[str, Any]]]:
    return [(intake_files([path]), expected) for path, expected in bundles]


def test_the_committed_expectations_are_what_the_generator_writes(bundles: Bundles) -> None:
    assert len(bundles) >= 12
    for path, expected in bundles:
        committed = json.loads((EXPECTED_DIR / f"{path.stem}.expected.json").read_text())
        assert committed == expected


def test_bundles_are_20_to_150_pages_with_single_and_multi_item_disputes(
    results: list[tuple[IntakeResult, dict[str, Any]]],
) -> None:
    assert sorted(len(result.pages) for result, _ in results) == sorted(PAGE_COUNTS)
    sizes = {len(expected["items"]) for _, expected in results}
    assert 1 in sizes and max(sizes) >= 3


def test_at_least_95_percent_of_items_are_found_with_urs_decision(
    results: list[tuple[IntakeResult, dict[str, Any]]],
) -> None:
    wanted = found = 0
    for result, expected in results:
        got = {(item.title, item.decision) for item in result.items}
        for item in expected["items"]:
            wanted += 1
            found += (item["title"], item["ur_decision"]) in got
    assert found / wanted >= 0.95


def test_the_guideline_ur_cited_and_the_ur_date_are_read(
    results: list[tuple[IntakeResult, dict[str, Any]]],
) -> None:
    for result, expected in results:
        assert result.ur_date is not None and result.ur_date.isoformat() == expected["ur_date"]
        cited = {item.title: item.guideline for item in result.items}
        for item in expected["items"]:
            assert cited.get(item["title"]) == item["guideline"]


def test_every_summary_fact_is_on_a_page_the_sentence_links(
    results: list[tuple[IntakeResult, dict[str, Any]]],
) -> None:
    for result, _ in results:
        assert result.summary
        for sentence in result.summary:
            assert sentence.pages
            linked = " ".join(
                " ".join(result.pages[number - 1].text.split()) for number in sentence.pages
            ).casefold()
            facts = FACT.findall(sentence.text)
            facts += [drug for drug in DRUGS if drug in sentence.text.casefold()]
            missing = [fact for fact in facts if fact.casefold() not in linked]
            assert not missing, (result.case_id, sentence.text, missing)


def test_at_least_90_percent_of_key_facts_are_in_the_summary(
    results: list[tuple[IntakeResult, dict[str, Any]]],
) -> None:
    wanted = found = 0
    for result, expected in results:
        summary = " ".join(sentence.text for sentence in result.summary).casefold()
        wanted += len(expected["key_facts"])
        found += sum(fact.casefold() in summary for fact in expected["key_facts"])
    assert found / wanted >= 0.90


def test_documents_are_found_one_by_one_with_type_date_and_pages(
    results: list[tuple[IntakeResult, dict[str, Any]]],
) -> None:
    wanted = found = 0
    for result, expected in results:
        got = {
            (doc.type, doc.date.isoformat() if doc.date else None, doc.pages[0], doc.pages[-1])
            for doc in result.documents
        }
        for doc in expected["documents"]:
            wanted += 1
            found += (doc["type"], doc["date"], *doc["pages"]) in got
    assert found / wanted >= 0.95


def test_a_scanned_page_is_reported_by_number(
    results: list[tuple[IntakeResult, dict[str, Any]]],
) -> None:
    for result, expected in results:
        for page in expected["scanned_pages"]:
            assert any(warning.startswith(f"page {page} ") for warning in result.warnings)


def test_the_case_number_is_the_one_the_records_state(
    results: list[tuple[IntakeResult, dict[str, Any]]],
) -> None:
    assert [result.case_id for result, _ in results] == [
        expected["case_id"] for _, expected in results
    ]
