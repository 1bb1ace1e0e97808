"""Reading record files into numbered pages, and the documents reviewed listed one by one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.intake.models import DocumentType, RecordDocument
from assistant.intake.pages import read_pages
from assistant.intake.reviewed import documents_reviewed
from assistant.settings import LimitsSettings


def test_pages_are_numbered_across_files(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text("page one\fpage two", encoding="utf-8")
    second = tmp_path / "b.txt"
    second.write_text("page three", encoding="utf-8")

    read = read_pages([first, second])

    assert [(p.number, Path(p.source).name, p.text) for p in read] == [
        (1, "a.txt", "page one"),
        (2, "a.txt", "page two"),
        (3, "b.txt", "page three"),
    ]


def test_the_page_cap_counts_every_file(tmp_path: Path) -> None:
    paths = []
    for name in ("a.txt", "b.txt"):
        path = tmp_path / name
        path.write_text("one\ftwo", encoding="utf-8")
        paths.append(path)

    with pytest.raises(InputError, match="over the limit of 3; set IMR_LIMITS__MAX_BUNDLE_PAGES"):
        read_pages(paths, LimitsSettings(max_bundle_pages=3))


def test_documents_reviewed_are_one_line_each_never_a_range() -> None:
    documents = [
        RecordDocument(
            type=DocumentType.PROGRESS_REPORT,
            title="PR-2",
            date=date(2024, 2, 24),
            author="Dr. Synthetic Treater, MD",
            pages=[4, 5],
        ),
        RecordDocument(
            type=DocumentType.PROGRESS_REPORT, title="PR-2", date=date(2024, 1, 27), pages=[6]
        ),
        RecordDocument(type=DocumentType.OTHER, title="FAX COVER SHEET", pages=[7]),
    ]

    assert documents_reviewed(documents) == [
        "Progress report (PR-2), Dr. Synthetic Treater, MD, 02/24/2024, pages 4-5",
        "Progress report (PR-2), 01/27/2024, page 6",
        "Fax cover sheet, undated, page 7",
    ]
