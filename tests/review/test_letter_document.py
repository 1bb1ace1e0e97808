"""The letter as a document: the preview page and the Word file carry the same blocks, with the
headings, the bold labels, the expert reviewer's credentials and the decision date."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from docx import Document

from assistant.drafting.case import CaseItem
from assistant.review.export import (
    LETTER_DETAILS,
    LetterDetails,
    letter_details,
    letter_docx,
    letter_html,
    letter_text,
    split_states,
)
from assistant.review.store import ReviewStore
from tests.review.test_store import make_draft

DETAILS = LetterDetails(
    specialty="Physical Medicine and Rehabilitation",
    licensure=["California"],
    decision_date=date(2026, 3, 4),
)


def accepted_case(tmp_path: Path) -> tuple[ReviewStore, int]:
    store = ReviewStore(tmp_path / "review.sqlite3")
    case_id = store.create_case(
        "SYN-9", "Low back pain <b>x</b>.", [CaseItem(title="MRI")], "Dr. A"
    )
    (item,) = store.items(case_id)
    store.save_draft(item.id, item.version, "Dr. A", make_draft("MRI"), elapsed_ms=1.0)
    store.accept(item.id, item.version + 1, "Dr. A")
    return store, case_id


def test_the_letter_states_the_credentials_and_the_decision_date(tmp_path: Path) -> None:
    store, case_id = accepted_case(tmp_path)
    text = letter_text(store.get_case(case_id), store.items(case_id), DETAILS)
    assert "Decision Date: 03/04/2026" in text
    assert (
        "The Expert Reviewer has the following credentials:\nState(s) of Licensure: California\n"
        "Certification(s)/Specialty: Physical Medicine and Rehabilitation"
    ) in text
    undated = letter_text(store.get_case(case_id), store.items(case_id), None, date(2026, 5, 6))
    assert "Decision Date: 05/06/2026" in undated


def test_the_preview_and_the_word_file_have_the_same_headings_and_bold_labels(
    tmp_path: Path,
) -> None:
    store, case_id = accepted_case(tmp_path)
    text = letter_text(store.get_case(case_id), store.items(case_id), DETAILS)
    page = letter_html(text)
    assert "<h2" in page and "IMR Case Number: SYN-9</h2>" in page.replace("</strong> ", " ")
    assert "<h3>CLINICAL CASE SUMMARY</h3>" in page
    assert "<h4>MRI: Upheld</h4>" in page
    assert "<strong>Decision rationale:</strong> Imaging needs red flags." in page
    assert "<strong>Certification(s)/Specialty:</strong> Physical Medicine" in page
    assert "Low back pain &lt;b&gt;x&lt;/b&gt;." in page and "<pre" not in page

    document = Document(io.BytesIO(letter_docx(text)))
    styles = {p.text: p.style.name if p.style is not None else None for p in document.paragraphs}
    assert styles["IMR Case Number: SYN-9"] == "Heading 1"
    assert styles["CLINICAL CASE SUMMARY"] == "Heading 2"
    assert styles["MRI: Upheld"] == "Heading 3"
    bold = {run.text.strip() for p in document.paragraphs for run in p.runs if run.bold}
    assert {"Decision rationale:", "Decision Date:", "Certification(s)/Specialty:"} <= bold
    shown = [p.text for p in document.paragraphs]
    assert "Decision Date: 03/04/2026" in "\n".join(shown)


def test_the_latest_saved_details_are_the_letters(tmp_path: Path) -> None:
    store, case_id = accepted_case(tmp_path)
    assert letter_details(store.audit(case_id)) == LetterDetails()
    store.record(case_id, LETTER_DETAILS, "Dr. A", LetterDetails(specialty="Old").model_dump_json())
    store.record(case_id, LETTER_DETAILS, "Dr. A", DETAILS.model_dump_json())
    assert letter_details(store.audit(case_id)) == DETAILS
    assert split_states(" California ;  Nevada,, ") == ["California", "Nevada"]
