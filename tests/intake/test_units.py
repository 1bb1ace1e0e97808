"""The intake steps one by one: pages, noise, document types, UR items, summary sentences and
the documents-reviewed lines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

from assistant.drafting.case import CaseDocument
from assistant.errors import InputError, LetterParseError
from assistant.intake.build import intake_pages
from assistant.intake.clean import clean_lines, first_date
from assistant.intake.models import Document, Page
from assistant.intake.pages import pages_of, read_pages
from assistant.intake.reviewed import reviewed_lines
from assistant.intake.split import document_type, split_documents
from assistant.intake.summary import grounded, page_sentences
from assistant.intake.ur import application_items, decision_of, ur_items
from assistant.settings import LimitsSettings


def _pdf(path: Path, pages: list[str], encrypt: str | None = None) -> Path:
    canvas = Canvas(str(path), pagesize=LETTER, encrypt=encrypt, invariant=True)
    for text in pages:
        y = 740.0
        for line in text.splitlines():
            canvas.drawString(40, y, line)
            y -= 14
        canvas.showPage()
    canvas.save()
    return path


def _doc(kind: str, lines: list[str], page: int = 1) -> Document:
    return Document(type=kind, title=lines[0], pages=[page], lines={page: lines})


def test_an_encrypted_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "locked.pdf", ["UTILIZATION REVIEW DETERMINATION"], encrypt="secret")
    with pytest.raises(LetterParseError, match=r"locked\.pdf: PDF is encrypted with a password"):
        read_pages([path])


def test_a_pdf_without_any_text_is_refused(tmp_path: Path) -> None:
    canvas = Canvas(str(tmp_path / "scan.pdf"), pagesize=LETTER)
    canvas.rect(50, 50, 400, 600, fill=1)
    canvas.showPage()
    canvas.save()
    with pytest.raises(LetterParseError, match=r"scan\.pdf: PDF has no text layer"):
        read_pages([tmp_path / "scan.pdf"])


def test_the_page_cap_counts_every_file_and_names_its_setting(tmp_path: Path) -> None:
    first = _pdf(tmp_path / "a.pdf", ["one", "two"])
    second = _pdf(tmp_path / "b.pdf", ["three", "four"])
    with pytest.raises(InputError, match="IMR_LIMITS__MAX_RECORD_PAGES"):
        read_pages([first, second], LimitsSettings(max_record_pages=3))
    assert [page.number for page in read_pages([first, second])] == [1, 2, 3, 4]


def test_a_text_file_is_split_into_pages_at_form_feeds() -> None:
    assert pages_of(b"first page\fsecond page", Path("notes.txt")) == ["first page", "second page"]
    with pytest.raises(InputError, match=r"unsupported file type '\.docx'"):
        pages_of(b"text", Path("notes.docx"))


def test_fax_stamps_footers_and_running_headers_are_not_record_text() -> None:
    text = (
        "FROM: CLINIC FAX (555) 010-0001 03/01/2016 P. 003/087\n"
        "Worker - 02/01/2016 - continued\n"
        "The exam is unchanged.\n"
        "SYNTHETIC RECORD | Page 3 of 87\n"
    )
    assert clean_lines(text) == ["The exam is unchanged."]
    assert first_date("seen March 4, 2016") == (date(2016, 3, 4), "March 4, 2016")
    assert first_date("on 13/45/2016, then 3/4/16") == (date(2016, 3, 4), "3/4/16")
    assert first_date("no date here") is None


def test_document_types_come_from_the_title_and_continuation_pages_join() -> None:
    assert document_type(["UTILIZATION REVIEW DETERMINATION"]) == (
        "ur_determination",
        "UTILIZATION REVIEW DETERMINATION",
    )
    assert document_type(["PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)"])[0] == (  # type: ignore[index]
        "progress_report"
    )
    assert document_type(["REVIEW OF SYSTEMS (continued)"]) is None
    assert document_type(["the patient returns today"]) is None
    pages = [
        Page(
            number=1,
            source="f",
            text="OPERATIVE REPORT\nDate of surgery: 01/02/2016\nSurgeon: Dr. X",
        ),
        Page(number=2, source="f", text="The wound was closed."),
        Page(number=3, source="f", text=""),
        Page(number=4, source="f", text="RADIOLOGY REPORT - MRI\nExam date: 02/03/2016"),
    ]
    found = [(doc.type, doc.date, doc.author, doc.pages) for doc in split_documents(pages)]
    assert found == [
        ("operative_report", date(2016, 1, 2), "Dr. X", [1, 2]),
        ("other", None, None, [3]),
        ("imaging", date(2016, 2, 3), None, [4]),
    ]


def test_ur_decisions_are_read_in_any_wording() -> None:
    assert decision_of("NON-CERTIFIED") == "non-certified"
    assert decision_of("Not certified") == "non-certified"
    assert decision_of("Denied") == "non-certified"
    assert decision_of("Modified to #45") == "modified"
    assert decision_of("Certified as requested") == "certified"
    assert decision_of("pending") is None


def test_ur_items_in_labelled_and_numbered_styles_with_wrapped_guidelines() -> None:
    labelled = _doc(
        "ur_determination",
        [
            "UTILIZATION REVIEW DETERMINATION",
            "Requested item 1: Norco 10/325 mg #90",
            "Determination: NON-CERTIFIED",
            "Guideline relied on: MTUS Chronic Pain Medical Treatment Guidelines, Opioids,",
            "pages 76-80.",
            "Rationale: not documented.",
            "2. MRI of the lumbar spine - Modified",
        ],
    )
    found = [(item.title, item.decision, item.guideline) for item in ur_items(labelled)]
    assert found == [
        (
            "Norco 10/325 mg #90",
            "non-certified",
            "MTUS Chronic Pain Medical Treatment Guidelines, Opioids, pages 76-80",
        ),
        ("MRI of the lumbar spine", "modified", None),
    ]


def test_ur_items_stated_in_prose_are_read_when_the_letter_has_no_item_labels() -> None:
    prose = _doc(
        "ur_determination",
        [
            "NOTICE OF UTILIZATION REVIEW DECISION",
            "After review of the records, the request for Norco 10/325 mg #90 is non-certified.",
            "The request for 12 sessions of physical therapy was modified to 6 sessions.",
        ],
    )
    found = [(item.title, item.decision) for item in ur_items(prose)]
    assert found == [
        ("Norco 10/325 mg #90", "non-certified"),
        ("12 sessions of physical therapy", "modified"),
    ]


def test_the_imr_application_lists_disputed_items_across_wrapped_lines() -> None:
    application = _doc(
        "imr_application",
        [
            "APPLICATION FOR INDEPENDENT MEDICAL REVIEW",
            "Disputed treatment(s):",
            "- Physical therapy 2 times a week for 6 weeks (UR decision: non-",
            "certified)",
            "- TENS unit",
            "Signature: on file",
        ],
    )
    found = [(item.title, item.decision) for item in application_items(application)]
    assert found == [
        ("Physical therapy 2 times a week for 6 weeks", "non-certified"),
        ("TENS unit", None),
    ]


def test_records_without_ur_leave_the_items_to_the_reviewer() -> None:
    pages = [Page(number=1, source="notes.txt", text="PROGRESS REPORT\nThe patient is better.")]
    result = intake_pages(pages, "notes")
    assert result.items == []
    assert any("no utilization review determination" in warning for warning in result.warnings)


def test_sentences_keep_short_fields_apart_and_join_wrapped_paragraphs() -> None:
    lines = [
        "Date of injury: 04/04/2013",
        "The patient is a 31-year-old man who was injured",
        "at work. Pain is 6/10.",
        "Technique: images without contrast. Impression: a disc protrusion",
        "at L4-L5.",
    ]
    assert page_sentences(lines) == [
        "Date of injury: 04/04/2013",
        "The patient is a 31-year-old man who was injured at work.",
        "Pain is 6/10.",
        "Technique: images without contrast.",
        "Impression: a disc protrusion at L4-L5.",
    ]
    assert grounded("Pain is 6/10.", "pain is 6/10 today")
    assert not grounded("Pain is 7/10.", "pain is 6/10 today")


def test_documents_reviewed_are_one_line_each_never_a_date_range() -> None:
    lines = reviewed_lines(
        [
            CaseDocument(
                type="progress_report", date=date(2016, 2, 1), author="Dr. A", pages=[4, 5]
            ),
            CaseDocument(type="imaging", pages=[6]),
        ]
    )
    assert lines == [
        "Progress report (PR-2), Dr. A, 02/01/2016, pp. 4-5",
        "Imaging report, undated, p. 6",
    ]
