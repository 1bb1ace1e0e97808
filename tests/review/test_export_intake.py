"""Intake from uploads and pasted text, export blockers, and the .docx letter."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from assistant.drafting.case import CaseItem
from assistant.errors import InputError
from assistant.letters.models import Decision
from assistant.review.export import export_blockers, letter_details, letter_docx, letter_text
from assistant.review.intake import case_from_text, case_from_upload, start_case
from assistant.review.store import ReviewStore
from tests.review.test_store import make_draft

REPO = Path(__file__).resolve().parents[2]


def test_uploads_and_pasted_text_give_the_case_and_its_items() -> None:
    letter = (REPO / "examples" / "letters" / "SYN-2015-0001.txt").read_bytes()
    from_letter = case_from_upload("SYN-2015-0001.txt", letter)
    assert from_letter.case_number == "SYN-2015-0001"
    assert from_letter.items[0].title == "MRI of the lumbar spine without contrast"
    assert from_letter.items[0].decision is Decision.UPHELD
    assert case_from_text(letter.decode()).items == from_letter.items
    pasted = case_from_text("Neck pain after a fall. No red flags.")
    assert pasted.items == [] and pasted.summary.startswith("Neck pain")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.json", b"  ", "empty.json: file is empty"),
        ("bad.json", b"{", "bad.json: invalid JSON at line 1"),
        ("letter.txt", b"\x00\x01", "letter.txt: not a text file"),
        ("image.png", b"\x89PNG", "image.png: unsupported file type '.png'"),
    ],
)
def test_bad_uploads_name_the_file_and_the_problem(name: str, data: bytes, message: str) -> None:
    with pytest.raises(InputError) as caught:
        case_from_upload(name, data)
    assert str(caught.value).startswith(message)


def test_export_is_blocked_until_every_item_is_accepted_and_the_docx_has_the_letter(
    tmp_path: Path,
) -> None:
    store = ReviewStore(tmp_path / "review.sqlite3")
    case_id = store.create_case("SYN-9", "Low back pain.", [CaseItem(title="MRI")], "Dr. A")
    (item,) = store.items(case_id)
    assert export_blockers(store.items(case_id)) == ["MRI: not drafted yet."]
    store.save_draft(item.id, item.version, "Dr. A", make_draft("MRI"), elapsed_ms=1.0)
    assert export_blockers(store.items(case_id)) == ["MRI: not accepted yet (drafted)."]
    store.accept(item.id, item.version + 1, "Dr. A")
    items = store.items(case_id)
    assert export_blockers(items) == []
    text = letter_text(store.get_case(case_id), items)
    document = Document(io.BytesIO(letter_docx(text)))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs[0] == "IMR Case Number: SYN-9"
    assert "MRI: Upheld" in paragraphs
    assert any(p.startswith("Decision rationale: Imaging needs red flags.") for p in paragraphs)


def test_a_letter_started_as_a_case_brings_its_reviewer_credentials_to_the_letter(
    tmp_path: Path,
) -> None:
    letter = (REPO / "examples" / "letters" / "SYN-2015-0001.txt").read_bytes()
    intake = case_from_upload("SYN-2015-0001.txt", letter)
    store = ReviewStore(tmp_path / "review.sqlite3")
    case_id = start_case(store, intake, "Dr. Rivera")
    details = letter_details(store.audit(case_id))
    assert intake.details is not None and details == intake.details
    assert details.specialty and details.licensure
    case = store.get_case(case_id)
    text = letter_text(case, store.items(case_id), details, date(2016, 1, 1))
    assert details.specialty in text and details.licensure[0] in text
