"""A case made from its records: the summary sentences, documents and pages are read from its
case JSON, kept in the review store (and purged with the case, text and all), survive the schema
step from the previous store version, and keep their page links through the reviewer's edits."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from assistant.drafting.case import CaseDocument, SummarySentence
from assistant.errors import InputError
from assistant.intake.reviewed import reviewed_line
from assistant.review.intake import case_from_upload, start_case, start_case_with_records
from assistant.review.records import (
    CaseRecords,
    RecordDocument,
    linked_sentences,
    records_from_json,
)
from assistant.review.store import MIGRATIONS, SCHEMA_VERSION, ReviewStore
from tests.privacy.test_purge_and_files import db_bytes
from tests.review.synthetic_records import IMPRESSION, SENTENCES, TITLE, records_case
from tests.review.test_migrations import FIXTURE, restore, user_version

REVIEWER = "Dr. Synthetic"


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(tmp_path / "review.sqlite3")


def test_a_case_json_from_the_records_gives_its_sentences_documents_and_pages() -> None:
    records = records_from_json(records_case())

    assert records is not None
    assert records.summary_sentences[1] == SummarySentence(
        text="An MRI of the lumbar spine on 03/02/2015 showed a 4 mm disc protrusion at L4-L5.",
        pages=[4],
    )
    imaging = records.documents[3]
    assert imaging == RecordDocument(
        type="imaging", date=dt.date(2015, 3, 2), author="Dr. Synthetic Birch", pages=[4]
    )
    assert imaging.line() == "Imaging report, Dr. Synthetic Birch, 03/02/2015, p. 4"
    assert RecordDocument(type="Fax cover", pages=[6, 7, 8]).line() == "Fax cover, undated, pp. 6-8"
    assert (
        records.documents[0].line() == "Application for Independent Medical Review, undated, p. 1"
    )
    assert list(records.pages) == [1, 2, 3, 4, 5]
    assert records.pages[4].endswith(IMPRESSION)


def test_a_case_json_without_records_has_none() -> None:
    data = records_case()
    for key in ("summary_sentences", "documents", "pages"):
        del data[key]
    assert records_from_json(data) is None


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "summary_sentences",
            [{"text": "A sentence.", "pages": ["twelve"]}],
            "summary_sentences[0].pages[0]: must be a page number",
        ),
        ("summary_sentences", [{"pages": [1]}], "summary_sentences[0].text: is required"),
        ("summary_sentences", {"text": "A sentence."}, "summary_sentences: must be a list"),
        (
            "documents",
            [{"type": "RFA", "date": "March 2015", "pages": [5]}],
            "documents[0].date: must be a date (YYYY-MM-DD)",
        ),
        (
            "documents",
            [{"type": "RFA", "pages": [0]}],
            "documents[0].pages: page numbers start at 1, not 0",
        ),
        ("pages", {"first": "text"}, "pages: key 'first' is not a page number"),
        ("pages", ["text"], "pages: must be an object of page number to page text"),
        ("pages", {"3": 7}, "pages[3]: must be a string"),
    ],
)
def test_malformed_records_are_an_input_error_naming_the_field(
    key: str, value: Any, message: str
) -> None:
    data = records_case()
    data[key] = value
    with pytest.raises(InputError) as raised:
        records_from_json(data, Path("case.json"))
    assert str(raised.value) == f"case.json: {message}"


def test_unchanged_sentences_keep_their_pages_and_changed_or_added_ones_lose_them() -> None:
    records = records_from_json(records_case())
    assert records is not None
    summary = records_case()["clinical_summary"]
    edited = summary.replace("rated 7/10", "rated 8/10") + " The reviewer added this sentence."

    linked = linked_sentences(edited, records.summary_sentences)

    assert [(sentence.text[:24], sentence.pages) for sentence in linked] == [
        ("The injured worker is a ", [3]),
        ("An MRI of the lumbar spi", [4]),
        ("On 04/01/2015 low back p", []),
        ("A repeat MRI of the lumb", [2, 5]),
        ("The reviewer added this ", []),
    ]
    assert [s.pages for s in linked_sentences(summary, records.summary_sentences)] == [
        sentence["pages"] for sentence in SENTENCES
    ]


def test_records_are_kept_with_their_case_and_a_purge_removes_their_text(
    store: ReviewStore,
) -> None:
    case_id = start_case_with_records(store, records_case(), REVIEWER)
    other = store.create_case("SYN-OTHER", "Another synthetic summary.", [], REVIEWER)

    kept = store.records(case_id)
    assert kept == records_from_json(records_case())
    assert store.records(other) is None
    assert [item.title for item in store.items(case_id)] == [TITLE]
    assert store.audit(case_id)[-1].action == "save records"
    assert b"Dr. Synthetic Birch" in db_bytes(store.path)

    store.purge_case(case_id, REVIEWER)

    assert store.records(case_id) is None
    assert b"Dr. Synthetic Birch" not in db_bytes(store.path)
    assert b"paracentral" not in db_bytes(store.path)


def test_saving_records_again_replaces_them(store: ReviewStore) -> None:
    case_id = store.create_case("SYN-1", "A synthetic summary.", [], REVIEWER)
    store.save_records(case_id, CaseRecords(pages={1: "first text"}))
    store.save_records(case_id, CaseRecords(pages={2: "second text"}))
    assert store.records(case_id) == CaseRecords(pages={2: "second text"})


def test_an_uploaded_case_json_from_the_records_starts_a_case_with_them(
    store: ReviewStore,
) -> None:
    data = json.dumps(records_case()).encode()
    intake = case_from_upload("SYN-RECORDS-0001.json", data)

    case_id = start_case(store, intake, REVIEWER)

    assert store.get_case(case_id).case_number == "SYN-RECORDS-0001"
    records = store.records(case_id)
    assert records is not None and len(records.documents) == 5


def test_a_store_at_the_previous_version_gains_the_records_table_with_its_cases_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = restore(FIXTURE, tmp_path / "review.sqlite3")
    with monkeypatch.context() as patch:
        patch.setattr("assistant.review.store.MIGRATIONS", MIGRATIONS[:-1])
        patch.setattr("assistant.review.store.SCHEMA_VERSION", len(MIGRATIONS) - 1)
        ReviewStore(path)
    assert user_version(path) == SCHEMA_VERSION - 1
    with contextlib.closing(sqlite3.connect(path)) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "records" not in tables

    store = ReviewStore(path)

    assert user_version(path) == SCHEMA_VERSION
    numbers = sorted(listing.case.case_number for listing in store.list_cases())
    assert numbers == ["SYN-MIGRATE-1", "SYN-MIGRATE-2"]
    first = min(listing.case.id for listing in store.list_cases())
    assert store.records(first) is None
    store.save_records(first, CaseRecords(pages={1: "Synthetic page."}))
    assert store.records(first) == CaseRecords(pages={1: "Synthetic page."})


def test_an_uploaded_case_json_with_a_malformed_page_list_names_the_file_and_field() -> None:
    data = records_case()
    data["summary_sentences"][2]["pages"] = "3"
    with pytest.raises(InputError) as raised:
        case_from_upload("SYN-RECORDS-0001.json", json.dumps(data).encode())
    assert str(raised.value) == "SYN-RECORDS-0001.json: summary_sentences[2].pages: must be a list"


def test_the_workspace_lists_documents_in_the_words_of_imr_intake() -> None:
    document = CaseDocument(type="ur_determination", author="Synthetic UR", pages=[2, 3])
    stored = RecordDocument.model_validate(document.model_dump())
    assert stored.line() == reviewed_line(document)
    assert stored.line() == "Utilization review determination, Synthetic UR, undated, pp. 2-3"
