"""The New case page's reading of uploads and pasted text: the header's case number, the items a
clinical note's request line names, and records bundles through the same intake."""

from __future__ import annotations

from pathlib import Path

from assistant.review.intake import case_from_text, case_from_upload, header_case_number
from tests.paths import EXAMPLE

NOTE = "Progress note, synthetic. Low back pain.\nRequest: Norco 10/325 #90 and MRI lumbar spine\n"


def test_the_case_number_is_read_from_anywhere_in_the_header() -> None:
    text = "Date Assigned: 11/09/2016 Case Number: CM16-0000042\nCLINICAL CASE SUMMARY\nCase No: X1"

    assert header_case_number(text) == "CM16-0000042"
    assert header_case_number("CLINICAL CASE SUMMARY\nIMR Case Number: CM16-0000042") is None


def test_a_letter_without_a_case_number_gets_a_dated_one_not_its_file_name() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("IMR Case Number: SYN-2015-0001", "")

    uploaded = case_from_upload("001_e47d4df8861c58b9.txt", text.encode())
    pasted = case_from_text(text)

    for case in (uploaded, pasted):
        assert case.case_number.startswith("CASE-")
        assert "states no case number" in case.note
        assert case.items


def test_a_pasted_note_gives_the_items_its_request_line_names() -> None:
    case = case_from_text(NOTE)

    assert [item.title for item in case.items] == ["Norco 10/325 #90", "MRI lumbar spine"]
    assert case.summary == NOTE.strip()


def test_a_request_heading_with_a_list_gives_each_listed_item() -> None:
    case = case_from_text(
        "Neck pain.\nRequested treatments:\n1. Cervical MRI\n2. Flexeril 10 mg #60\nPlan."
    )

    assert [item.title for item in case.items] == ["Cervical MRI", "Flexeril 10 mg #60"]


def test_a_records_bundle_gives_the_disputed_items(bundles: dict[str, Path]) -> None:
    path = bundles["SYN-INTAKE-05"]

    case = case_from_upload(path.name, path.read_bytes())

    assert case.case_number == "SYN-CLM-05"
    assert [(item.title, item.ur_decision) for item in case.items] == [
        ("Lumbar epidural steroid injection at L5-S1", "non-certified"),
        ("Tramadol ER 150 mg #30", "modified"),
    ]
    assert "44-year-old" in case.summary
    assert "Page 7" in case.note and "no text layer" in case.note
