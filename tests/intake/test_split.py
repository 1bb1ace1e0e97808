"""Records are split into documents at their title lines, with type, date, author and pages;
running headers, footers and fax stamps are not mistaken for the page's own text."""

from __future__ import annotations

from datetime import date

from assistant.intake.models import DocumentType
from assistant.intake.noise import body_lines, running_lines
from assistant.intake.split import ANY_TITLE, split_documents
from tests.intake.pages import HEADER, pages

PR2 = "PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)\nDate of service: 02/24/2024\n"
RECORDS = pages(
    "UTILIZATION REVIEW DETERMINATION\nDate of determination: 03/05/2024\n"
    "Reviewer: Dr. Synthetic Reviewer, DO\nDate of injury: 03/14/2021",
    "Request 2\nRequested item: MRI of the lumbar spine",
    "FAX RCVD 04/01/2024 09:03 FROM 555-0142 P.003\n"
    + PR2
    + "Treating physician: Dr. Synthetic Treater, MD\nSubjective: Low back pain.",
    "",
    PR2.replace("02/24/2024", "01/27/2024") + "Objective: Tender.",
    "Impression: a note without a title",
)


def test_documents_start_at_their_titles_and_run_to_the_next() -> None:
    documents = split_documents(RECORDS)

    assert [(d.type, d.pages) for d in documents] == [
        (DocumentType.UR_DETERMINATION, [1, 2]),
        (DocumentType.PROGRESS_REPORT, [3, 4]),
        (DocumentType.PROGRESS_REPORT, [5, 6]),
    ]
    assert documents[0].date == date(2024, 3, 5)
    assert documents[0].author == "Dr. Synthetic Reviewer, DO"
    assert documents[1].date == date(2024, 2, 24)
    assert documents[1].author == "Dr. Synthetic Treater, MD"


def test_a_new_file_starts_a_new_document() -> None:
    records = RECORDS[:2] + pages("Untitled letter text", source="other.txt")

    documents = split_documents(records)

    assert [(d.type, d.pages) for d in documents][-1] == (DocumentType.OTHER, [1])


def test_headers_footers_and_stamps_are_not_body_text() -> None:
    running = running_lines(RECORDS, ANY_TITLE)

    lines = body_lines(RECORDS[2], running)

    assert HEADER in running
    assert lines[0] == "PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)"
    assert not any("FAX" in line or line.startswith("Page ") for line in lines)


def test_a_title_word_in_running_text_starts_no_document() -> None:
    records = pages(
        PR2 + "Plan: a consultation report is pending and a progress report will follow.",
    )

    assert [d.type for d in split_documents(records)] == [DocumentType.PROGRESS_REPORT]
